import { describe, expect, it } from "vitest";
import { type EvaluateInput, evaluate, type HouseholdInput } from "../../../src/domain";

// A household whose facts decide every ND07 indicator except the two the form leaves blank.
const household: HouseholdInput = {
  members: [
    {
      fullName: "Hoàng Văn Sơn",
      sex: "male",
      birthYear: 1980,
      healthInsurance: false,
      inSchool: false,
      inTraining: false,
      highestDiploma: "primary",
      workingCapacity: "full",
      employment: "self_employed",
    },
    {
      fullName: "Nông Thị Mai",
      sex: "female",
      birthYear: 1983,
      healthInsurance: true,
      inSchool: false,
      inTraining: false,
      highestDiploma: "lower_secondary",
      workingCapacity: "full",
      employment: "self_employed",
    },
    {
      fullName: "Hoàng Văn Minh",
      sex: "male",
      birthYear: 2014,
      healthInsurance: true,
      inSchool: true,
      schoolLevel: "primary",
      nutrition: "normal",
    },
  ],
  facts: {
    dwelling: {
      wallMaterial: "brick_stone",
      frameMaterial: "durable_wood",
      roofMaterial: "metal_sheet",
      livingAreaM2: 40,
      waterSource: "surface_water",
      latrine: "simple_pit",
      internetUse: true,
      devices: { tv: true },
    },
  },
};
const base: EvaluateInput = {
  standard: "ND07_2021",
  area: "rural",
  monthlyIncomePerCapita: 1_200_000,
  household,
  reviewDate: "2025-09-01",
};

describe("evaluate", () => {
  it("derives what the facts decide and lists what is missing", () => {
    const e = evaluate(base);
    expect(e.issues).toEqual([]);
    expect(e.missing).toEqual([]);
    const byCode = Object.fromEntries(e.result!.indicators.map((i) => [i.code, i]));
    expect(byCode.health_insurance).toMatchObject({ derived: true, answered: null, value: true });
    // An 11-year-old in primary school: not the level for the age.
    expect(byCode.child_schooling).toMatchObject({ derived: true, value: true });
    expect(e.result!.deprivations).toEqual(["child_schooling", "health_insurance", "sanitation", "water"]);
    expect(e.result!.category).toBe("poor");
    expect(e.result!.explanation[1]).toContain("Bảo hiểm y tế (Hoàng Văn Sơn (45 tuổi) không có thẻ bảo hiểm y tế)");
  });

  it("takes direct answers for undecided indicators and reports missing ones", () => {
    const noLoudspeaker: HouseholdInput = {
      ...household,
      facts: { dwelling: { ...household.facts!.dwelling, devices: undefined, internetUse: undefined } },
    };
    const e = evaluate({ ...base, household: noLoudspeaker, indicators: { telecom: false } });
    expect(e.issues).toEqual([]);
    expect(e.missing).toEqual(["information_access"]);
    const telecom = e.result!.indicators.find((i) => i.code === "telecom")!;
    expect(telecom).toMatchObject({
      derived: null,
      answered: false,
      value: false,
      because: "Người rà soát trả lời trực tiếp.",
    });
    expect(e.result!.explanation.at(-1)).toMatch(
      /^Còn 1 chỉ số chưa xác định \(Phương tiện phục vụ tiếp cận thông tin\)/,
    );
  });

  it("accepts an answer agreeing with the derived value, refuses one that contradicts it", () => {
    expect(evaluate({ ...base, indicators: { water: true } }).issues).toEqual([]);
    const e = evaluate({ ...base, indicators: { water: false } });
    expect(e.issues).toHaveLength(1);
    expect(e.issues[0]!.path).toBe("indicators.water");
    expect(e.issues[0]!.message).toContain("ghi đè kèm lý do");
    expect(e.result).toBeNull();
  });

  it("an override with a reason changes the value and keeps the derived one", () => {
    const e = evaluate({
      ...base,
      indicators: { water: false },
      overrides: { water: { value: false, reason: "Hộ đã lắp bể lọc nước tháng 8/2025" } },
    });
    expect(e.issues).toEqual([]);
    const water = e.result!.indicators.find((i) => i.code === "water")!;
    expect(water).toMatchObject({
      derived: true,
      answered: false,
      override: { value: false, reason: "Hộ đã lắp bể lọc nước tháng 8/2025" },
      value: false,
    });
    expect(water.because).toContain("lý do: Hộ đã lắp bể lọc nước tháng 8/2025");
    expect(e.result!.category).toBe("poor");
    expect(e.result!.deprivationCount).toBe(3);
  });

  it("an override needs a non-empty reason and a boolean value", () => {
    const e = evaluate({
      ...base,
      overrides: { water: { value: false, reason: "  " }, sanitation: { value: "no" as never, reason: "x" } },
    });
    expect(e.issues.map((i) => i.path)).toEqual(["overrides.water.reason", "overrides.sanitation.value"]);
  });

  it("refuses codes of another pack in answers and overrides", () => {
    const e = evaluate({
      ...base,
      indicators: { health_access: true },
      overrides: { waste: { value: true, reason: "r" } },
    });
    expect(e.issues.map((i) => i.path)).toEqual(["indicators.health_access", "overrides.waste"]);
  });

  it("has no result until the income is given, without calling that an issue", () => {
    const e = evaluate({ ...base, monthlyIncomePerCapita: undefined });
    expect(e).toMatchObject({ result: null, issues: [] });
  });

  it("reports a bad income, standard or review date by field", () => {
    expect(evaluate({ ...base, monthlyIncomePerCapita: -1 }).issues.map((i) => i.path)).toEqual([
      "monthlyIncomePerCapita",
    ]);
    expect(evaluate({ ...base, standard: "X" }).issues.map((i) => i.path)).toEqual(["standard"]);
    expect(evaluate({ ...base, reviewDate: "01/09/2025" }).issues.map((i) => i.path)).toEqual(["reviewDate"]);
  });

  it("classifies on score A too", () => {
    const e = evaluate({ ...base, basis: "score", monthlyIncomePerCapita: undefined, scoreA: 150 });
    expect(e.result!.category).toBe("non_poor");
  });
});
