// Properties of classification over random inputs (fast-check).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Category, type ClassifyInput, classify, STANDARDS, type Standard } from "../../../src/domain";

/** Higher = poorer. The order the law implies: more income or fewer deprivations never moves a household up it. */
const POVERTY_RANK: Record<Category, number> = { non_poor: 0, average_living: 1, near_poor: 2, poor: 3 };

const packs = Object.values(STANDARDS);
const pack = fc.constantFrom(...packs);
const area = fc.constantFrom("rural" as const, "urban" as const);
const income = fc.integer({ min: 0, max: 6_000_000 });
/** A random subset of the pack's indicator codes, in random order. */
const deprivationsOf = (s: Standard) => fc.shuffledSubarray(s.indicators.map((i) => i.code as string));

function rank(input: ClassifyInput): number {
  const r = classify(input);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return POVERTY_RANK[r.value.category];
}

describe("classification is monotonic", () => {
  it("more income never makes a household poorer", () => {
    fc.assert(
      fc.property(
        pack.chain((s) =>
          fc.tuple(fc.constant(s), area, income, fc.integer({ min: 0, max: 3_000_000 }), deprivationsOf(s)),
        ),
        ([s, a, m, extra, d]) => {
          const base = { standard: s.code, area: a, deprivations: d };
          expect(rank({ ...base, monthlyIncomePerCapita: m + extra })).toBeLessThanOrEqual(
            rank({ ...base, monthlyIncomePerCapita: m }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("a higher score A never makes a household poorer", () => {
    const scored = packs.filter((s) => s.scoreCutoffs !== null);
    fc.assert(
      fc.property(
        fc
          .constantFrom(...scored)
          .chain((s) =>
            fc.tuple(
              fc.constant(s),
              area,
              fc.integer({ min: 0, max: 400 }),
              fc.integer({ min: 0, max: 100 }),
              deprivationsOf(s),
            ),
          ),
        ([s, a, score, extra, d]) => {
          const base = { standard: s.code, area: a, basis: "score" as const, deprivations: d };
          expect(rank({ ...base, scoreA: score + extra })).toBeLessThanOrEqual(rank({ ...base, scoreA: score }));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("one more deprivation never makes a household less poor", () => {
    fc.assert(
      fc.property(
        pack.chain((s) => fc.tuple(fc.constant(s), area, income, deprivationsOf(s))),
        ([s, a, m, d]) => {
          const missing = s.indicators.map((i) => i.code as string).filter((c) => !d.includes(c));
          fc.pre(missing.length > 0);
          const base = { standard: s.code, area: a, monthlyIncomePerCapita: m };
          expect(rank({ ...base, deprivations: [...d, missing[0]!] })).toBeGreaterThanOrEqual(
            rank({ ...base, deprivations: d }),
          );
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("the order of the codes does not matter and the answer lists them sorted", () => {
    fc.assert(
      fc.property(
        pack.chain((s) => fc.tuple(fc.constant(s), area, income, deprivationsOf(s))),
        ([s, a, m, d]) => {
          const r = classify({ standard: s.code, area: a, monthlyIncomePerCapita: m, deprivations: d });
          const back = classify({
            standard: s.code,
            area: a,
            monthlyIncomePerCapita: m,
            deprivations: [...d].reverse(),
          });
          expect(r).toEqual(back);
          expect(r.ok && r.value.deprivations).toEqual([...d].sort());
          expect(r.ok && r.value.deprivationScore).toBe(d.length * 10);
        },
      ),
    );
  });
});

const FIELDS = ["standard", "year", "area", "basis", "monthlyIncomePerCapita", "scoreA", "deprivations"];
const anyValue = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -10, max: 5_000_000 }),
  fc.double(),
  fc.string(),
  fc.constantFrom("rural", "urban", "income", "score", "ND07_2021", "QD59_2015", "ND351_2025", "XX_1999"),
  fc.integer({ min: 2010, max: 2035 }),
  fc.array(
    fc.oneof(
      fc.constantFrom("water", "sanitation", "telecom", "waste", "health_access", "employment"),
      fc.string(),
      fc.integer(),
    ),
  ),
);

describe("every input either classifies or gets issues naming a field", () => {
  it("never throws, and each issue names a field of the request", () => {
    fc.assert(
      fc.property(fc.record(Object.fromEntries(FIELDS.map((f) => [f, anyValue])), { requiredKeys: [] }), (input) => {
        const r = classify(input as unknown as ClassifyInput);
        if (r.ok) {
          expect(Object.keys(POVERTY_RANK)).toContain(r.value.category);
          return;
        }
        expect(r.issues.length).toBeGreaterThan(0);
        for (const issue of r.issues) {
          expect(FIELDS).toContain(issue.path.split(".")[0]);
          if (issue.path.startsWith("deprivations."))
            expect(Number(issue.path.split(".")[1])).toBeLessThan((input.deprivations as unknown[]).length);
          expect(issue.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 5000 },
    );
  });
});
