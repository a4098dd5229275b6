// Diễn biến: a household's result against its result in the tenant's previous campaign
// (DOMAIN.md §3.5), and where each change is counted in the movement reports (§5 forms 2 and 3),
// so that for each list end = start − decreases + increases holds by construction.
import type { Category } from "./standards";

export const MOVEMENT_KINDS = [
  "still_poor",
  "poor_to_near_poor",
  "escaped_poverty",
  "poor_left",
  "near_poor_to_poor",
  "still_near_poor",
  "escaped_near_poverty",
  "near_poor_left",
  "poor_again",
  "newly_poor",
  "poor_arrived",
  "near_poor_again",
  "newly_near_poor",
  "near_poor_arrived",
  "not_poor",
] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * A result in one campaign: a category, or null when the household was not in the tenant's
 * register at that review (previous: a new, split-off or moved-in household; current: moved away,
 * merged, or no member left). A household in the register but not listed is `non_poor`.
 */
export type CampaignResult = Category | null;

export interface MovementHistory {
  /** The household was poor in some campaign before the previous one (makes a return "tái nghèo"). */
  everPoorBefore?: boolean;
  /** The household was near-poor in some campaign before the previous one. */
  everNearPoorBefore?: boolean;
}

const isOnLists = (c: CampaignResult) => c === "poor" || c === "near_poor";

export function movement(
  previous: CampaignResult,
  current: CampaignResult,
  history: MovementHistory = {},
): MovementKind {
  if (previous === "poor") {
    if (current === "poor") return "still_poor";
    if (current === "near_poor") return "poor_to_near_poor";
    return current === null ? "poor_left" : "escaped_poverty";
  }
  if (previous === "near_poor") {
    if (current === "poor") return "near_poor_to_poor";
    if (current === "near_poor") return "still_near_poor";
    return current === null ? "near_poor_left" : "escaped_near_poverty";
  }
  if (!isOnLists(current)) return "not_poor";
  if (previous === null) return current === "poor" ? "poor_arrived" : "near_poor_arrived";
  // Back on a list after having left it: "tái nghèo" needs an earlier poor result; "tái cận nghèo"
  // an earlier poor or near-poor one (a household that escaped poverty straight to non-poor and
  // falls to near-poor has fallen back, verify against MOLISA's reporting guidance).
  if (current === "poor") return history.everPoorBefore ? "poor_again" : "newly_poor";
  return history.everNearPoorBefore || history.everPoorBefore ? "near_poor_again" : "newly_near_poor";
}

/** Columns of form 2 (poor households) and form 3 (near-poor households). */
export type PoorMovementColumn =
  | "decrease_became_near_poor"
  | "decrease_escaped"
  | "decrease_other"
  | "increase_from_near_poor"
  | "increase_fell_back"
  | "increase_new"
  | "increase_other";
export type NearPoorMovementColumn =
  | "decrease_became_poor"
  | "decrease_escaped"
  | "decrease_other"
  | "increase_from_poor"
  | "increase_fell_back"
  | "increase_new"
  | "increase_other";

export interface MovementColumns {
  /** Counted at the start (previous poor) and end (current poor) of form 2, and its change column. */
  poor: { start: boolean; end: boolean; column: PoorMovementColumn | null };
  nearPoor: { start: boolean; end: boolean; column: NearPoorMovementColumn | null };
}

const col = <P extends PoorMovementColumn | null, N extends NearPoorMovementColumn | null>(
  poor: [boolean, boolean, P],
  nearPoor: [boolean, boolean, N],
): MovementColumns => ({
  poor: { start: poor[0], end: poor[1], column: poor[2] },
  nearPoor: { start: nearPoor[0], end: nearPoor[1], column: nearPoor[2] },
});

export const MOVEMENT_COLUMNS: Readonly<Record<MovementKind, MovementColumns>> = {
  still_poor: col([true, true, null], [false, false, null]),
  poor_to_near_poor: col([true, false, "decrease_became_near_poor"], [false, true, "increase_from_poor"]),
  escaped_poverty: col([true, false, "decrease_escaped"], [false, false, null]),
  poor_left: col([true, false, "decrease_other"], [false, false, null]),
  near_poor_to_poor: col([false, true, "increase_from_near_poor"], [true, false, "decrease_became_poor"]),
  still_near_poor: col([false, false, null], [true, true, null]),
  escaped_near_poverty: col([false, false, null], [true, false, "decrease_escaped"]),
  near_poor_left: col([false, false, null], [true, false, "decrease_other"]),
  poor_again: col([false, true, "increase_fell_back"], [false, false, null]),
  newly_poor: col([false, true, "increase_new"], [false, false, null]),
  poor_arrived: col([false, true, "increase_other"], [false, false, null]),
  near_poor_again: col([false, false, null], [false, true, "increase_fell_back"]),
  newly_near_poor: col([false, false, null], [false, true, "increase_new"]),
  near_poor_arrived: col([false, false, null], [false, true, "increase_other"]),
  not_poor: col([false, false, null], [false, false, null]),
};
