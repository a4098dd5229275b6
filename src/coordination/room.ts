// The machinery every coordinated write shares: a command handler reads what it needs through
// the Room and returns a Plan (statements, guards, audit drafts, counter deltas, the answer); the
// VillageRoom runs the plan in one D1 batch.
import type { HouseholdReview } from "../db/tenant/assessments";
import type { CounterDelta } from "../db/tenant/counters";
import type { StoredHousehold } from "../db/tenant/households";
import type { AuditDraft } from "./audit-chain";
import type { LiveMessage, Outcome, WriteRequest } from "./protocol";

export interface Room {
  d1: D1Database;
  tenant: string;
  villageId: string;
  /** The time of this write (ISO 8601, UTC). */
  now: string;
  /** A household as stored, from the room's cache or the database. */
  household(id: string): Promise<StoredHousehold | undefined>;
  /** A household's review in a campaign (its assessment, the lock, earlier results), from the room's cache or the database. */
  review(
    campaign: { id: string; previousCampaignId: string | null },
    householdId: string,
    communeId: string,
  ): Promise<HouseholdReview>;
}

export interface Plan {
  /** Checks that abort the batch when the records are not as this plan read them. */
  guards: D1PreparedStatement[];
  statements: D1PreparedStatement[];
  audit: AuditDraft[];
  counters: CounterDelta[];
  response: Outcome;
  /** Records this village's room keeps in its cache after the commit (others are forgotten). */
  remember?: StoredHousehold[];
  forget?: string[];
  /**
   * The review a form save or review action leaves (the room keeps it for the household's next
   * write). Any plan without it may change reviews the room cannot follow: the room forgets them all.
   */
  reviewed?: { campaignId: string; householdId: string; communeId: string; review: HouseholdReview };
  live?: LiveMessage[];
}

export type Planned = Plan | { refuse: Outcome };

export type CommandHandler<C> = (room: Room, req: WriteRequest & { command: C }) => Promise<Planned>;
