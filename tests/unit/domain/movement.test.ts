import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CATEGORIES,
  type CampaignResult,
  labels,
  MOVEMENT_COLUMNS,
  MOVEMENT_KINDS,
  type MovementKind,
  movement,
} from "../../../src/domain";

describe("movement names every change of DOMAIN.md §3.5", () => {
  it.each<[CampaignResult, CampaignResult, { everPoorBefore?: boolean; everNearPoorBefore?: boolean }, MovementKind]>([
    ["poor", "poor", {}, "still_poor"],
    ["poor", "near_poor", {}, "poor_to_near_poor"],
    ["poor", "average_living", {}, "escaped_poverty"],
    ["poor", "non_poor", {}, "escaped_poverty"],
    ["poor", null, {}, "poor_left"],
    ["near_poor", "poor", {}, "near_poor_to_poor"],
    ["near_poor", "near_poor", {}, "still_near_poor"],
    ["near_poor", "average_living", {}, "escaped_near_poverty"],
    ["near_poor", "non_poor", {}, "escaped_near_poverty"],
    ["near_poor", null, {}, "near_poor_left"],
    ["non_poor", "poor", { everPoorBefore: true }, "poor_again"],
    ["average_living", "poor", { everPoorBefore: true }, "poor_again"],
    ["non_poor", "poor", { everNearPoorBefore: true }, "newly_poor"],
    ["average_living", "poor", {}, "newly_poor"],
    [null, "poor", { everPoorBefore: true }, "poor_arrived"],
    ["non_poor", "near_poor", { everNearPoorBefore: true }, "near_poor_again"],
    ["non_poor", "near_poor", { everPoorBefore: true }, "near_poor_again"],
    ["average_living", "near_poor", {}, "newly_near_poor"],
    [null, "near_poor", {}, "near_poor_arrived"],
    ["non_poor", "average_living", {}, "not_poor"],
    [null, "non_poor", {}, "not_poor"],
    ["average_living", null, {}, "not_poor"],
    [null, null, {}, "not_poor"],
  ])("%s → %s %j: %s", (prev, cur, history, kind) => {
    expect(movement(prev, cur, history)).toBe(kind);
  });

  it("every kind can happen and has a Vietnamese label", () => {
    const results: CampaignResult[] = [...CATEGORIES, null];
    const seen = new Set<MovementKind>();
    for (const p of results)
      for (const c of results)
        for (const e of [false, true]) seen.add(movement(p, c, { everPoorBefore: e, everNearPoorBefore: e }));
    expect([...seen].sort()).toEqual([...MOVEMENT_KINDS].sort());
    for (const k of MOVEMENT_KINDS) expect(labels.movement[k].length).toBeGreaterThan(5);
  });

  it("each kind is counted where the movement reports (forms 2 and 3) expect it", () => {
    expect(MOVEMENT_COLUMNS.poor_to_near_poor).toEqual({
      poor: { start: true, end: false, column: "decrease_became_near_poor" },
      nearPoor: { start: false, end: true, column: "increase_from_poor" },
    });
    expect(MOVEMENT_COLUMNS.poor_again.poor.column).toBe("increase_fell_back");
    expect(MOVEMENT_COLUMNS.newly_poor.poor.column).toBe("increase_new");
    expect(MOVEMENT_COLUMNS.escaped_near_poverty.nearPoor.column).toBe("decrease_escaped");
  });

  it("for any set of households, end = start − decreases + increases on both lists", () => {
    const result = fc.constantFrom<CampaignResult>(...CATEGORIES, null);
    fc.assert(
      fc.property(fc.array(fc.tuple(result, result, fc.boolean(), fc.boolean()), { maxLength: 60 }), (households) => {
        for (const list of ["poor", "nearPoor"] as const) {
          const target = list === "poor" ? "poor" : "near_poor";
          let start = 0,
            end = 0,
            decreases = 0,
            increases = 0;
          for (const [prev, cur, everPoor, everNear] of households) {
            const cols =
              MOVEMENT_COLUMNS[movement(prev, cur, { everPoorBefore: everPoor, everNearPoorBefore: everNear })][list];
            expect(cols.start).toBe(prev === target);
            expect(cols.end).toBe(cur === target);
            start += +cols.start;
            end += +cols.end;
            if (cols.column?.startsWith("decrease")) decreases++;
            if (cols.column?.startsWith("increase")) increases++;
          }
          expect(end).toBe(start - decreases + increases);
        }
      }),
    );
  });
});
