// The household form's rules (web/src/form-rules.ts), checked in Node.
import { describe, expect, it } from "vitest";
import { deriveIndicators, getStandard } from "../../src/domain";
import { type Answers, effectiveAnswers, memberErrors, sameAnswers } from "../../web/src/form-rules";

const empty: Answers = { basis: "income", indicators: {}, overrides: {} };

describe("members the register will take", () => {
  it("names each missing field by member, and a second head of household", () => {
    const errors = memberErrors(
      [
        { fullName: "Nông Văn Tùng", sex: "male", birthYear: 1980, ethnicity: "tay", relationToHead: "head" },
        { fullName: "  ", sex: "female", birthYear: 2031, ethnicity: "tay", relationToHead: "head" },
        { fullName: "Nông Thị Hoa" },
      ],
      2026,
    );
    expect([...errors.keys()]).toEqual([
      "1.fullName",
      "1.birthYear",
      "2.sex",
      "2.birthYear",
      "2.ethnicity",
      "2.relationToHead",
      "members",
    ]);
    expect(errors.get("1.birthYear")).toBe("Năm sinh từ 1900 đến 2026.");
  });

  it("has nothing to say about a complete household", () => {
    expect(
      memberErrors(
        [{ fullName: "Hà Thị Cúc", sex: "female", birthYear: 1990, ethnicity: "nung", relationToHead: "head" }],
        2026,
      ).size,
    ).toBe(0);
  });
});

describe("direct answers once the facts decide", () => {
  it("drops the answer of an indicator the facts now decide and keeps the others", () => {
    const standard = getStandard("ND07_2021")!;
    const derived = deriveIndicators(
      standard,
      { members: [{ birthYear: 1980, sex: "male", healthInsurance: false }], facts: {} },
      "2025-09-01",
    );
    expect(derived.find((d) => d.code === "health_insurance")!.value).toBe(true);
    const answers: Answers = { ...empty, indicators: { health_insurance: false, telecom: true } };
    expect(effectiveAnswers(answers, derived).indicators).toEqual({ telecom: true });
    expect(answers.indicators).toEqual({ health_insurance: false, telecom: true });
  });
});

describe("answers unchanged", () => {
  it("an empty form equals one never saved; order of codes does not matter; a new income does", () => {
    expect(sameAnswers(empty, null)).toBe(true);
    const saved = {
      basis: "income" as const,
      monthlyIncomePerCapita: 1_200_000,
      indicators: { water: true, telecom: false },
    };
    expect(
      sameAnswers({ ...empty, monthlyIncomePerCapita: 1_200_000, indicators: { telecom: false, water: true } }, saved),
    ).toBe(true);
    expect(
      sameAnswers({ ...empty, monthlyIncomePerCapita: 1_300_000, indicators: { telecom: false, water: true } }, saved),
    ).toBe(false);
    expect(sameAnswers({ ...empty, overrides: { water: { value: false, reason: "Đã có giếng khoan" } } }, null)).toBe(
      false,
    );
    expect(sameAnswers({ ...empty, phieuA: { passed: false, reason: "Có ô tô" } }, null)).toBe(false);
  });
});
