import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type ClassifyInput,
  categorize,
  classify,
  countDeprivations,
  defaultStandard,
  formatDateVi,
  formatDong,
  getStandard,
  listYearOf,
  ND07_2021,
  QD59_2015,
  STANDARDS,
  standardForListYear,
} from "../../../src/domain";

interface Vector {
  note: string;
  request: ClassifyInput;
  expect: { status: number; body?: Record<string, unknown> };
}
const STANDARDS_MUTABLE = STANDARDS as Record<string, typeof ND07_2021>;
const vectors: Vector[] = JSON.parse(
  readFileSync(new URL("../../fixtures/classification-vectors.json", import.meta.url), "utf8"),
);

describe("classification vectors (DOMAIN.md §3, API.md)", () => {
  it("has vectors to check", () => expect(vectors.length).toBeGreaterThan(15));
  for (const v of vectors) {
    it(v.note, () => {
      const r = classify(v.request);
      if (v.expect.status === 400) {
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.issues.length).toBeGreaterThan(0);
        return;
      }
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      const { explanation, ...body } = r.value;
      expect(body).toEqual(v.expect.body);
      expect(explanation.length).toBeGreaterThanOrEqual(3);
    });
  }
});

describe("classify validation names the field", () => {
  const base: ClassifyInput = {
    standard: "ND07_2021",
    area: "rural",
    monthlyIncomePerCapita: 1_000_000,
    deprivations: [],
  };
  const pathsOf = (input: unknown) => {
    const r = classify(input as ClassifyInput);
    return r.ok ? [] : r.issues.map((i) => i.path);
  };
  it.each([
    [{ ...base, standard: undefined }, "standard"],
    [{ ...base, standard: "XX" }, "standard"],
    [{ ...base, standard: undefined, year: 2031 }, "year"],
    [{ ...base, standard: undefined, year: 2024.5 }, "year"],
    [{ ...base, year: 2020 }, "year"],
    [{ ...base, area: "mountain" }, "area"],
    [{ ...base, basis: "guess" }, "basis"],
    [{ ...base, monthlyIncomePerCapita: undefined }, "monthlyIncomePerCapita"],
    [{ ...base, monthlyIncomePerCapita: 1.5 }, "monthlyIncomePerCapita"],
    [{ ...base, monthlyIncomePerCapita: "1000000" }, "monthlyIncomePerCapita"],
    [{ ...base, basis: "score" }, "scoreA"],
    [{ ...base, basis: "score", scoreA: -1 }, "scoreA"],
    [{ ...base, standard: "ND351_2025", basis: "score", scoreA: 100 }, "basis"],
    [{ ...base, deprivations: "water" }, "deprivations"],
    [{ ...base, deprivations: ["water", 3] }, "deprivations.1"],
    [{ ...base, deprivations: ["water", "sanitation", "water"] }, "deprivations.2"],
    [{ ...base, deprivations: ["waste"] }, "deprivations.0"],
  ])("%j → %s", (input, path) => {
    expect(pathsOf(input)).toContain(path);
  });
  it("reports every bad field at once, in Vietnamese", () => {
    const r = classify({ area: "x", monthlyIncomePerCapita: -5, deprivations: null } as unknown as ClassifyInput);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.path).sort()).toEqual(["area", "deprivations", "monthlyIncomePerCapita", "standard"]);
    for (const i of r.issues) expect(i.message).toMatch(/[àáảãạăâđêôơưếốớứ]/);
  });
  it("refuses a non-object without throwing", () => {
    expect(classify(null as unknown as ClassifyInput).ok).toBe(false);
  });
  it("accepts a year together with the pack that covers it", () => {
    const r = classify({ ...base, year: 2025 });
    expect(r.ok && r.value.standard).toBe("ND07_2021");
  });
});

describe("explanation", () => {
  it("reads like the household's own situation", () => {
    const r = classify({
      standard: "ND07_2021",
      area: "rural",
      monthlyIncomePerCapita: 1_400_000,
      deprivations: ["water", "health_insurance", "sanitation"],
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.explanation[0]).toBe(
      "Thu nhập bình quân 1.400.000 đ/người/tháng, không vượt chuẩn nghèo khu vực nông thôn 1.500.000 đ.",
    );
    // Legal order, not code order.
    expect(r.value.explanation[1]).toBe(
      "Thiếu hụt 3 chỉ số dịch vụ xã hội cơ bản (điểm B: 30): Bảo hiểm y tế; Nguồn nước sinh hoạt; Nhà tiêu hợp vệ sinh.",
    );
    expect(r.value.explanation[2]).toMatch(/^Kết luận: hộ nghèo/);
  });
  it("carries the fact behind each deprivation when given", () => {
    const r = classify(
      { standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1_000_000, deprivations: ["water"] },
      { water: "Nguồn nước sinh hoạt chính: nước sông, suối, ao, hồ" },
    );
    expect(r.ok && r.value.explanation[1]).toContain(
      "Nguồn nước sinh hoạt (Nguồn nước sinh hoạt chính: nước sông, suối, ao, hồ)",
    );
  });
  it("says a provisional result is provisional, naming the provisional values it used", () => {
    const r = classify({ standard: "ND351_2025", area: "urban", monthlyIncomePerCapita: 3_000_000, deprivations: [] });
    expect(r.ok && r.value).toMatchObject({ category: "non_poor", provisional: true });
    const last = r.ok ? r.value.explanation.at(-1)! : "";
    expect(last).toMatch(/^Kết quả tạm tính/);
    expect(last).toContain("mức sống trung bình thành thị");
    expect(last).toContain("danh mục chỉ số");
    expect(last).not.toContain("chuẩn nghèo thành thị");
  });
  it("a result computed only from verified values is not provisional", () => {
    const r = classify({ standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 2_000_000, deprivations: [] });
    expect(r.ok && r.value).toMatchObject({ category: "average_living", provisional: false });
    expect(r.ok && r.value.explanation.join(" ")).not.toContain("tạm tính");
  });
  it("a provisional line makes the result provisional (the rule reads each value's status)", () => {
    const pack = {
      ...ND07_2021,
      provenance: {
        ...ND07_2021.provenance,
        "lines.rural": { ...ND07_2021.provenance["lines.rural"]!, status: "provisional" },
      },
    };
    STANDARDS_MUTABLE.ND07_2021 = pack as typeof ND07_2021;
    try {
      const r = classify({ standard: "ND07_2021", area: "rural", monthlyIncomePerCapita: 1_000_000, deprivations: [] });
      expect(r.ok && r.value.provisional).toBe(true);
      expect(r.ok && r.value.explanation.at(-1)).toContain("chuẩn nghèo nông thôn");
    } finally {
      STANDARDS_MUTABLE.ND07_2021 = ND07_2021;
    }
  });
  it("the ND351 score basis is refused in Vietnamese: its cut-offs are not published", () => {
    const r = classify({ standard: "ND351_2025", area: "rural", basis: "score", scoreA: 100, deprivations: [] });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.issues.find((i) => i.path === "basis")?.message).toMatch(/chưa có ngưỡng điểm A/);
  });
  it("with the score basis, a household above the cut-off is non-poor", () => {
    const r = classify({
      standard: "ND07_2021",
      area: "rural",
      basis: "score",
      scoreA: 141,
      deprivations: ["water", "sanitation", "telecom"],
    });
    expect(r.ok && r.value.category).toBe("non_poor");
  });
  it("QD59 score under the poverty cut-off is income-poor", () => {
    const r = classify({ standard: "QD59_2015", area: "rural", basis: "score", scoreA: 120, deprivations: [] });
    expect(r.ok && [r.value.category, r.value.poorBasis]).toEqual(["poor", "income"]);
  });
});

describe("fast path", () => {
  it("categorize agrees with classify and allocates no verdict", () => {
    expect(categorize(ND07_2021, "rural", "income", 1_500_000, 3)).toBe(categorize(ND07_2021, "urban", "income", 0, 5));
    expect(categorize(QD59_2015, "urban", "income", 1_300_000, 3)).toEqual({
      category: "poor",
      poorBasis: "deprivation",
    });
  });
  it("countDeprivations refuses unknown and repeated codes", () => {
    expect(countDeprivations(ND07_2021, ["water", "sanitation"])).toBe(2);
    expect(countDeprivations(ND07_2021, ["water", "water"])).toBe(-1);
    expect(countDeprivations(ND07_2021, ["health_access"])).toBe(-1);
    expect(countDeprivations(QD59_2015, ["health_access"])).toBe(1);
  });
});

describe("rule packs", () => {
  it("pick the pack by the year of the list, null outside every pack", () => {
    expect(standardForListYear(2015)).toBeNull();
    expect(standardForListYear(2016)?.code).toBe("QD59_2015");
    expect(standardForListYear(2021)?.code).toBe("QD59_2015");
    expect(standardForListYear(2022)?.code).toBe("ND07_2021");
    expect(standardForListYear(2026)?.code).toBe("ND07_2021");
    expect(standardForListYear(2027)?.code).toBe("ND351_2025");
    expect(standardForListYear(2030)?.code).toBe("ND351_2025");
    expect(standardForListYear(2031)).toBeNull();
    expect(getStandard("nope")).toBeNull();
    expect(getStandard("toString")).toBeNull();
  });
  it("a periodic review or census of Y makes the list of Y + 1, a rolling review the list of Y", () => {
    expect(listYearOf(2026, "periodic")).toBe(2027);
    expect(listYearOf(2021, "census")).toBe(2022);
    expect(listYearOf(2026, "rolling")).toBe(2026);
  });
  it.each([
    [2015, "periodic", "QD59_2015"],
    [2020, "periodic", "QD59_2015"],
    [2021, "census", "ND07_2021"],
    [2021, "periodic", "ND07_2021"],
    [2021, "rolling", "QD59_2015"],
    [2025, "periodic", "ND07_2021"],
    [2025, "rolling", "ND07_2021"],
    [2026, "periodic", "ND351_2025"],
    [2026, "census", "ND351_2025"],
    [2026, "rolling", "ND07_2021"],
    [2027, "rolling", "ND351_2025"],
    [2029, "periodic", "ND351_2025"],
  ] as const)("the default pack of a %s %s review is %s", (year, kind, code) => {
    expect(defaultStandard(year, kind)?.code).toBe(code);
  });
  it("no pack for the list of 2031 or 2015", () => {
    expect(defaultStandard(2030, "periodic")).toBeNull();
    expect(defaultStandard(2014, "census")).toBeNull();
    expect(defaultStandard(2015, "rolling")).toBeNull();
  });
  it("cover consecutive years without gaps or overlap", () => {
    const packs = Object.values(STANDARDS).sort((a, b) => a.years.from - b.years.from);
    for (let i = 1; i < packs.length; i++) expect(packs[i]!.years.from).toBe(packs[i - 1]!.years.to + 1);
  });
  it.each(Object.values(STANDARDS))("$code is consistent", (s) => {
    const codes = s.indicators.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.length).toBe(s.code === "QD59_2015" ? 10 : 12);
    for (const area of ["rural", "urban"] as const) {
      const band = s.averageLiving[area];
      const top = s.lines[area].minimumLiving ?? s.lines[area].poverty;
      if (band) expect(band.above).toBe(top);
      if (band) expect(band.upTo).toBeGreaterThan(band.above);
    }
    for (const i of s.indicators) expect(i.nameVi && i.nameEn && i.ruleVi && i.service.nameVi).toBeTruthy();
  });
});

describe("format", () => {
  it.each([
    [0, "0 đ"],
    [700, "700 đ"],
    [1000, "1.000 đ"],
    [1_400_000, "1.400.000 đ"],
    [12_345_678, "12.345.678 đ"],
    [-2500, "-2.500 đ"],
  ])("formatDong(%d) = %s", (n, s) => expect(formatDong(n)).toBe(s));
  it("formats dates the Vietnamese way", () => {
    expect(formatDateVi("2025-09-01")).toBe("01/09/2025");
    expect(formatDateVi("not a date")).toBe("not a date");
  });
});
