import { describe, expect, it } from "vitest";
import { generateHouseholds } from "../../../src/demo/synthetic";
import { type Category, classify, deriveIndicators, ETHNICITIES, ND07_2021 } from "../../../src/domain";

const villages = ["v-1", "v-2", "v-3"];

describe("generateHouseholds", () => {
  it("is deterministic: same seed, same data; another seed, other data", () => {
    const a = generateHouseholds({ seed: 7, count: 200, villageIds: villages, year: 2025 });
    expect(generateHouseholds({ seed: 7, count: 200, villageIds: villages, year: 2025 })).toEqual(a);
    const b = generateHouseholds({ seed: 8, count: 200, villageIds: villages, year: 2025 });
    expect(b[0]!.id).not.toBe(a[0]!.id);
  });

  const households = generateHouseholds({ seed: 2024, count: 6000, villageIds: villages, year: 2024 });

  it("gives unique version-4 UUIDs to households and members", () => {
    const ids = households.flatMap((h) => [h.id, ...h.members.map((m) => m.id)]);
    for (const id of ids.slice(0, 500))
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("writes Vietnamese names with diacritics, in NFC, the head first", () => {
    for (const h of households) {
      expect(h.headName).toBe(h.members[0]!.fullName);
      expect(h.members[0]!.relationToHead).toBe("head");
      for (const m of h.members) {
        expect(m.fullName).toBe(m.fullName.normalize("NFC"));
        expect(m.fullName.split(" ")).toHaveLength(3);
      }
    }
    const names = households.map((h) => h.headName).join(" ");
    for (const family of ["Nguyễn", "Hoàng", "Nông", "Lương", "Triệu", "Vi", "Lục"]) expect(names).toContain(family);
  });

  it("has realistic sizes, ages, ethnicities and ID numbers", () => {
    const members = households.flatMap((h) => h.members);
    const meanSize = members.length / households.length;
    expect(meanSize).toBeGreaterThan(3.3);
    expect(meanSize).toBeLessThan(4.5);
    for (const m of members) {
      expect(2024 - m.birthYear).toBeGreaterThanOrEqual(0);
      expect(2024 - m.birthYear).toBeLessThanOrEqual(100);
      expect(ETHNICITIES).toContain(m.ethnicity);
      if (m.idNumber) expect(m.idNumber).toMatch(/^024[0-3]\d{8}$/);
    }
    const share = (e: string) => households.filter((h) => h.members[0]!.ethnicity === e).length / households.length;
    expect(share("kinh")).toBeGreaterThan(0.4);
    expect(share("nung")).toBeGreaterThan(0.2);
    for (const e of ["tay", "san_chay", "san_diu", "hoa", "dao"]) expect(share(e)).toBeGreaterThan(0);
    expect(new Set(households.map((h) => h.villageId))).toEqual(new Set(villages));
  });

  it("fills every fact ND07 needs and yields a realistic spread of categories", () => {
    const counts: Record<Category, number> = { poor: 0, near_poor: 0, average_living: 0, non_poor: 0 };
    for (const h of households) {
      const indicators = deriveIndicators(ND07_2021, h, "2024-09-01");
      expect(indicators.filter((i) => i.value === null)).toEqual([]);
      const r = classify({
        standard: "ND07_2021",
        area: "rural",
        monthlyIncomePerCapita: h.monthlyIncomePerCapita,
        deprivations: indicators.filter((i) => i.value).map((i) => i.code),
      });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      counts[r.value.category]++;
    }
    const rate = (c: Category) => counts[c] / households.length;
    expect(rate("poor")).toBeGreaterThan(0.04);
    expect(rate("poor")).toBeLessThan(0.11);
    expect(rate("near_poor")).toBeGreaterThan(0.04);
    expect(rate("near_poor")).toBeLessThan(0.11);
    expect(rate("average_living")).toBeGreaterThan(0.05);
    expect(rate("non_poor")).toBeGreaterThan(0.5);
  });

  // Its speed is measured in bench/ (the import bench generates 50,000 households), not asserted here.
  it("generates a district of 50,000 households with distinct ids", () => {
    const big = generateHouseholds({ seed: 1, count: 50_000, villageIds: villages, year: 2025 });
    expect(big).toHaveLength(50_000);
    expect(new Set(big.map((h) => h.id)).size).toBe(50_000);
  });
});
