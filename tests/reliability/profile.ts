// How hard the reliability suite pushes. `ci` (the default, part of `npm test`) keeps the whole
// suite to a few minutes on 2 cores; `full` (`npm run test:reliability:full`) is the long run.
import type { DistrictShape } from "../../scripts/lib/district";

export const PROFILE = process.env.RELIABILITY_PROFILE === "full" ? "full" : "ci";

const PROFILES = {
  ci: {
    /** Generated requests of the fuzzing run, over all write endpoints (at least 5,000). */
    fuzzRequests: 5_200,
    /** Simulated devices with an outbox, their households, and saves per household. */
    crashDevices: 20,
    crashHouseholdsPerDevice: 3,
    crashSavesPerHousehold: 4,
    /** Times the server is killed in the middle of the burst (and of the replays). */
    crashKills: 1,
  },
  full: {
    fuzzRequests: 25_000,
    crashDevices: 40,
    crashHouseholdsPerDevice: 6,
    crashSavesPerHousehold: 8,
    crashKills: 3,
  },
} as const;

export const settings = PROFILES[PROFILE];

/** The district every reliability test starts from (a copy of it): 4 communes of 5 villages. */
export const SHAPE: DistrictShape = { communes: 4, villagesPerCommune: 5, reviewers: 40 };
