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
      [{ year: 2014, area: "rural", monthlyIncomePerCapita: 1, deprivations: [] }, "year"],
      [{ year: 2021, kind: "weekly", area: "rural", monthlyIncomePerCapita: 1, deprivations: [] }, "kind"],
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

  it('{"year": 2026, "kind": "periodic"} answers with ND351_2025, the pack of the list of 2027', async () => {
    const body = { area: "rural", monthlyIncomePerCapita: 2_100_000, deprivations: ["waste", "telecom", "water"] };
    const periodic = await post("/api/v1/classify", { ...body, year: 2026, kind: "periodic" });
    expect([periodic.status, periodic.body.standard, periodic.body.category]).toEqual([200, "ND351_2025", "poor"]);
    expect(periodic.body.provisional).toBe(true);
    expect(periodic.body.explanation.at(-1)).toMatch(/^Kết quả tạm tính: .*danh mục chỉ số/);
    const rolling = await post("/api/v1/classify", { ...body, year: 2026, kind: "rolling", deprivations: ["water"] });
    expect([rolling.status, rolling.body.standard]).toEqual([200, "ND07_2021"]);
    const census = await post("/api/v1/classify", { ...body, year: 2021, kind: "census", deprivations: ["water"] });
    expect([census.status, census.body.standard]).toEqual([200, "ND07_2021"]);
    const badKind = await post("/api/v1/classify", { ...body, year: 2026, kind: "yearly" });
    expect([badKind.status, badKind.body.error.details[0].path]).toEqual([400, "kind"]);
  });

  it("refuses the score basis under ND351_2025 in Vietnamese: its cut-offs are not published", async () => {
    const r = await post("/api/v1/classify", {
      standard: "ND351_2025",
      area: "rural",
      basis: "score",
      scoreA: 120,
      deprivations: [],
    });
    expect(r.status).toBe(400);
    expect(r.body.error.details).toContainEqual({
      path: "basis",
      message: expect.stringMatching(/chưa có ngưỡng điểm A/),
    });
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
    expect(items[2].legalBasis).toContain("Nghị định số 351/2025/NĐ-CP ngày 30/12/2025");
  });

  it("lists a source and a status for every line and indicator of every pack", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/v1/standards`));
    const { items } = (await res.json()) as any;
    for (const s of items) {
      const byKey = new Map(s.provenance.map((p: any) => [p.key, p]));
      for (const key of ["lines.rural", "lines.urban", "averageLiving.rural", "deprivationThreshold", "indicators"])
        expect(byKey.get(key), `${s.code} ${key}`).toMatchObject({
          source: expect.any(String),
          status: expect.any(String),
        });
      for (const i of s.indicators) {
        expect(["verified", "provisional"]).toContain(i.status);
        expect(i.source.length, `${s.code} ${i.code}`).toBeGreaterThan(10);
        expect(byKey.get(`indicator.${i.code}`)).toMatchObject({ source: i.source, status: i.status });
      }
      for (const p of s.provenance) {
        expect(p.label.length).toBeGreaterThan(3);
        expect(["verified", "provisional"]).toContain(p.status);
      }
    }
    const nd351 = items[2];
    const status = (k: string) => nd351.provenance.find((p: any) => p.key === k).status;
    expect([status("lines.rural"), status("lines.urban"), status("indicator.waste")]).toEqual([
      "verified",
      "verified",
      "provisional",
    ]);
  });

  it("is described in the OpenAPI document", async () => {
    const res = await exports.default.fetch(new Request(`${ORIGIN}/api/v1/openapi.json`));
    const doc = (await res.json()) as any;
    expect(doc.paths["/api/v1/classify"].post).toBeTruthy();
    expect(doc.paths["/api/v1/standards"].get).toBeTruthy();
  });
});
