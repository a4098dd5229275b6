// The rule packs by code, and the choice of a pack for a review: by the year of the list the
// review makes, not the year the work is done (DOMAIN.md §3).
import { ND07_2021 } from "./nd07-2021";
import { ND351_2025 } from "./nd351-2025";
import { QD59_2015 } from "./qd59-2015";
import type { Standard, StandardCode } from "./types";

export * from "./provenance";
export * from "./types";
export { ND07_2021, ND351_2025, QD59_2015 };

export const STANDARDS: Readonly<Record<StandardCode, Standard>> = { QD59_2015, ND07_2021, ND351_2025 };

/** Kinds of review (đợt rà soát): định kỳ, tổng điều tra, thường xuyên. */
export const REVIEW_KINDS = ["periodic", "rolling", "census"] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

export function isStandardCode(code: unknown): code is StandardCode {
  return typeof code === "string" && Object.hasOwn(STANDARDS, code);
}

/** The pack with this code, or null for an unknown code. */
export function getStandard(code: string): Standard | null {
  return isStandardCode(code) ? STANDARDS[code] : null;
}

/**
 * The year whose list a review of `year` makes: a periodic review or a census run in year Y
 * (September–December) makes the list of Y + 1; a rolling review changes the list of Y.
 */
export function listYearOf(year: number, kind: ReviewKind): number {
  return kind === "rolling" ? year : year + 1;
}

/** The pack that governs the list of `listYear`, or null when no pack covers it. */
export function standardForListYear(listYear: number): Standard | null {
  for (const s of Object.values(STANDARDS)) if (listYear >= s.years.from && listYear <= s.years.to) return s;
  return null;
}

/** The default pack of a review of `year` of this kind (a campaign may still name another). */
export function defaultStandard(year: number, kind: ReviewKind): Standard | null {
  return standardForListYear(listYearOf(year, kind));
}
