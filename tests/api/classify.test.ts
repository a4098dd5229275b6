// Every case of classification-vectors.json through POST /api/v1/classify, and the rule packs
// through GET /api/v1/standards, in the real Workers runtime.
import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import vectors from "../fixtures/classification-vectors.json";
import { ORIGIN } from "./world";

async function post(path: string, body: unknown) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe("POST /api/v1/classify", () => {
  it("has the vectors", () => expect(vectors.length).toBeGreaterThan(15));

  for (const v of vectors) {
    it(v.note, async () => {
      const r = await post("/api/v1/classify", v.request);
      expect(r.status).toBe(v.expect.status);
      if (v.expect.status !== 200) {
        expect(r.body.error.code).toBe("validation_failed");
        expect(r.body.error.details.length).toBeGreaterThan(0);
        for (const d of r.body.error.details) expect(typeof d.path).toBe("string");
        return;
      }
      const { explanation, ...rest } = r.body;
      expect(rest).toEqual(v.expect.body);
      expect(explanation.length).toBeGreaterThan(0);
      for (const line of explanation) expect(typeof line).toBe("string");
    });
  }

  it("names the bad field in a 400", async () => {
    const cases: [unknown, string][] = [
      [
        { standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1000000, deprivations: ["water", "water"] },
        "deprivations.1",
      ],
      [
        { standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1000000, deprivations: ["health_access"] },
        "deprivations.0",
      ],
      [{ standard: "ND07_2021", area: "rural", deprivations: [] }, "monthlyIncomePerCapita"],
      [{ standard: "ND07_2021", area: "rural", basis: "score", deprivations: [] }, "scoreA"],
      [{ year: 2015, area: "rural", monthlyIncomePerCapita: 1, deprivations: [] }, "year"],
      [{ standard: "XX_1999", area: "rural", monthlyIncomePerCapita: 1, deprivations: [] }, "standard"],
      [{ standard: "ND07_2021", area: "mountain", monthlyIncomePerCapita: 1, deprivations: [] }, "area"],
      [
        { standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1.5, deprivations: [] },
        "monthlyIncomePerCapita",
      ],
      [{ standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1 }, "deprivations"],
    ];
    for (const [body, path] of cases) {
      const r = await post("/api/v1/classify", body);
      expect([r.status, r.body.error.details.map((d: any) => d.path)]).toEqual([400, expect.arrayContaining([path])]);
    }
  });

  it("needs no sign-in and carries the explanation in Vietnamese", async () => {
    const r = await post("/api/v1/classify", {
      year: 2025,
      area: "rural",
      monthlyIncomePerCapita: 1400000,
      deprivations: ["water", "health_insurance", "sanitation"],
    });
    expect(r.status).toBe(200);
    expect(r.body.explanation[0]).toBe(
      "Thu nhập bình quân 1.400.000 đ/người/tháng, không vượt chuẩn nghèo khu vực nông thôn 1.500.000 đ.",
    );
  });
});

describe("GET /api/v1/standards", () => {
  it("lists the packs with lines, years, provisional flag and indicators with Vietnamese names", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/v1/standards`));
    expect(res.status).toBe(200);
    const { items } = (await res.json()) as any;
    expect(items.map((s: any) => [s.code, s.years, s.provisional])).toEqual([
      ["QD59_2015", { from: 2016, to: 2021 }, false],
      ["ND07_2021", { from: 2022, to: 2026 }, false],
      ["ND351_2025", { from: 2027, to: 2030 }, true],
    ]);
    const nd07 = items[1];
    expect(nd07.lines).toEqual({
      rural: { poverty: 1500000, minimumLiving: null },
      urban: { poverty: 2000000, minimumLiving: null },
    });
    expect(nd07.indicators).toHaveLength(12);
    expect(nd07.indicators[0]).toMatchObject({ code: "employment", nameVi: "Việc làm" });
    expect(items[2].averageLiving).toEqual({ rural: null, urban: null });
  });

  it("is described in the OpenAPI document", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/v1/openapi.json`));
    const doc = (await res.json()) as any;
    expect(doc.paths["/api/v1/classify"].post).toBeTruthy();
    expect(doc.paths["/api/v1/standards"].get).toBeTruthy();
  });
});
