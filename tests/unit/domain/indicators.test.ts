// Each derivation rule at its age and value edges. Review date 2025-09-01: with only a birth year,
// a member's age is 2025 − birthYear.
import { describe, expect, it } from "vitest";
import {
  type DwellingFacts,
  deriveIndicators,
  type HouseholdInput,
  type IndicatorCode,
  type MemberInput,
  ND07_2021,
  ND351_2025,
  QD59_2015,
  type Standard,
} from "../../../src/domain";

const DATE = "2025-09-01";
const born = (age: number) => 2025 - age;

/** A member with every fact that makes them not deprived, overridable. */
function member(age: number, over: MemberInput = {}): MemberInput {
  return {
    fullName: `Người ${age} tuổi`,
    sex: "male",
    birthYear: born(age),
    healthInsurance: true,
    inSchool: false,
    inTraining: false,
    highestDiploma: "upper_secondary",
    workingCapacity: "full",
    employment: "self_employed",
    nutrition: "normal",
    disability: "none",
    ...over,
  };
}
const goodDwelling: DwellingFacts = {
  wallMaterial: "brick_stone",
  frameMaterial: "reinforced_concrete",
  roofMaterial: "tile",
  livingAreaM2: 80,
  waterSource: "piped",
  latrine: "septic_tank",
  internetUse: true,
  devices: { tv: true, phone: true },
  loudspeakerReach: true,
  wasteTreatment: "collected",
  healthAccess: "no_serious_illness",
};

function derive(code: IndicatorCode, h: HouseholdInput, standard: Standard = ND07_2021, date = DATE) {
  const found = deriveIndicators(standard, h, date).find((i) => i.code === code);
  if (!found) throw new Error(`${code} not in ${standard.code}`);
  return found;
}
const value = (
  code: IndicatorCode,
  members: MemberInput[],
  dwelling: DwellingFacts = goodDwelling,
  standard?: Standard,
) => derive(code, { members, facts: { dwelling } }, standard).value;

describe("a household with every fact in order is deprived in nothing", () => {
  it.each([ND07_2021, QD59_2015, ND351_2025])("$code", (s) => {
    const all = deriveIndicators(
      s,
      {
        members: [member(40), member(38, { sex: "female" }), member(10, { inSchool: true, schoolLevel: "primary" })],
        facts: { dwelling: goodDwelling },
      },
      DATE,
    );
    expect(all.map((i) => i.code)).toEqual(s.indicators.map((i) => i.code));
    for (const i of all) expect([i.code, i.value]).toEqual([i.code, false]);
  });
  it("an empty register record decides nothing and says what is needed", () => {
    for (const i of deriveIndicators(ND07_2021, {}, DATE)) {
      expect(i.value).toBeNull();
      expect(i.because).toMatch(/^Cần trả lời trực tiếp/);
    }
  });
  it("rejects a malformed review date", () => {
    expect(() => deriveIndicators(ND07_2021, {}, "2025-13-01")).toThrow(RangeError);
  });
});

describe("age", () => {
  it("uses the exact birth date when known", () => {
    // Born 2009-09-02: 15 on 2025-09-01 (a child, counts for nutrition); born 2009-09-01: 16.
    expect(
      value("nutrition", [member(40), member(0, { birthYear: 2009, birthDate: "2009-09-02", nutrition: "stunted" })]),
    ).toBe(true);
    expect(
      value("nutrition", [member(40), member(0, { birthYear: 2009, birthDate: "2009-09-01", nutrition: "stunted" })]),
    ).toBe(false);
  });
});

describe("employment (ND07)", () => {
  it("unemployed or wage work without contract at working age is deprived", () => {
    expect(value("employment", [member(30, { employment: "unemployed" })])).toBe(true);
    expect(value("employment", [member(30, { employment: "wage_no_contract" })])).toBe(true);
    expect(value("employment", [member(30, { employment: "wage_contract" })])).toBe(false);
  });
  it("working age starts at 15", () => {
    expect(value("employment", [member(40), member(14, { employment: "wage_no_contract" })])).toBe(false);
    expect(value("employment", [member(40), member(15, { employment: "wage_no_contract" })])).toBe(true);
  });
  it("ends at the retirement age of the review year (2025: men 61y3m → 62, women 56y8m → 57)", () => {
    expect(value("employment", [member(61, { employment: "unemployed" })])).toBe(true);
    expect(value("employment", [member(62, { employment: "unemployed" })])).toBe(false);
    expect(value("employment", [member(56, { sex: "female", employment: "unemployed" })])).toBe(true);
    expect(value("employment", [member(57, { sex: "female", employment: "unemployed" })])).toBe(false);
  });
  it("a member unable to work does not count; an unknown job leaves it undecided", () => {
    expect(value("employment", [member(40, { workingCapacity: "none", employment: "unemployed" })])).toBe(false);
    expect(value("employment", [member(40, { employment: undefined })])).toBeNull();
    expect(
      derive("employment", { members: [member(40, { employment: undefined, fullName: "Lục Văn Tâm" })] }).because,
    ).toContain("Lục Văn Tâm (40 tuổi)");
  });
});

describe("dependents (ND07)", () => {
  it("more than half dependents is deprived, exactly half is not", () => {
    expect(value("dependents", [member(40), member(10), member(5)])).toBe(true);
    expect(value("dependents", [member(40), member(38), member(10), member(5)])).toBe(false);
  });
  it("a child of 15 is a dependent, an adult of 16 is not", () => {
    expect(value("dependents", [member(40), member(15), member(14)])).toBe(true);
    expect(value("dependents", [member(40), member(16), member(14)])).toBe(false);
  });
  it("people past working age and people unable to work are dependents", () => {
    expect(value("dependents", [member(40), member(62), member(70, { sex: "female" })])).toBe(true);
    expect(value("dependents", [member(40), member(61), member(56, { sex: "female" })])).toBe(false);
    expect(value("dependents", [member(40), member(35, { workingCapacity: "none" }), member(10)])).toBe(true);
  });
  it("unknown ages decide only when they cannot change the answer", () => {
    const unknown = member(0, { birthYear: undefined });
    expect(value("dependents", [member(40), member(38), member(39), unknown])).toBe(false);
    expect(value("dependents", [member(10), member(8), unknown])).toBe(true);
    expect(value("dependents", [member(40), member(10), unknown])).toBeNull();
  });
});

describe("nutrition (ND07)", () => {
  it("a stunted or underweight child under 16 is deprived", () => {
    expect(value("nutrition", [member(40), member(3, { nutrition: "stunted" })])).toBe(true);
    expect(value("nutrition", [member(40), member(15, { nutrition: "underweight" })])).toBe(true);
    expect(value("nutrition", [member(40), member(16, { nutrition: "underweight" })])).toBe(false);
  });
  it("a child whose status is unknown leaves it undecided; no children decides it", () => {
    expect(value("nutrition", [member(40), member(2, { nutrition: undefined })])).toBeNull();
    expect(derive("nutrition", { members: [member(40)] })).toMatchObject({
      value: false,
      because: "Hộ không có trẻ em dưới 16 tuổi.",
    });
  });
});

describe("health insurance", () => {
  it("a member of 6 or more without insurance is deprived, a child of 5 does not count", () => {
    expect(value("health_insurance", [member(40), member(6, { healthInsurance: false })])).toBe(true);
    expect(value("health_insurance", [member(40), member(5, { healthInsurance: false })])).toBe(false);
    expect(value("health_insurance", [member(40), member(6, { healthInsurance: undefined })])).toBeNull();
  });
  it("names the member in the reason", () => {
    const d = derive("health_insurance", {
      members: [member(40, { fullName: "Nông Thị Hoa", healthInsurance: false })],
    });
    expect(d.because).toBe("Nông Thị Hoa (40 tuổi) không có thẻ bảo hiểm y tế.");
  });
  it("QD59 counts from 6 as well", () => {
    expect(value("health_insurance", [member(6, { healthInsurance: false })], goodDwelling, QD59_2015)).toBe(true);
  });
});

describe("adult education (ND07: 16–<18 lower-secondary, 18–30 upper-secondary or vocational)", () => {
  const noDiploma = (age: number, over: MemberInput = {}) => member(age, { highestDiploma: "primary", ...over });
  it("an adult of 15 does not count, 16 does", () => {
    expect(value("adult_education", [member(40), noDiploma(15)])).toBe(false);
    expect(value("adult_education", [member(40), noDiploma(16)])).toBe(true);
  });
  it("at 16 and 17 a lower-secondary diploma suffices, at 18 it does not", () => {
    expect(value("adult_education", [member(40), member(17, { highestDiploma: "lower_secondary" })])).toBe(false);
    expect(value("adult_education", [member(40), member(18, { highestDiploma: "lower_secondary" })])).toBe(true);
    expect(value("adult_education", [member(40), member(18, { highestDiploma: "vocational_elementary" })])).toBe(false);
  });
  it("30 counts, 31 does not", () => {
    expect(value("adult_education", [noDiploma(30)])).toBe(true);
    expect(value("adult_education", [noDiploma(31)])).toBe(false);
  });
  it("being in school or training clears it; not knowing leaves it undecided", () => {
    expect(value("adult_education", [noDiploma(20, { inTraining: true })])).toBe(false);
    expect(value("adult_education", [noDiploma(17, { inSchool: true })])).toBe(false);
    expect(value("adult_education", [noDiploma(20, { inTraining: undefined })])).toBeNull();
    expect(value("adult_education", [member(20, { highestDiploma: undefined })])).toBeNull();
  });
  it("QD59: 15 to under 30 without lower-secondary", () => {
    expect(value("adult_education", [noDiploma(15)], goodDwelling, QD59_2015)).toBe(true);
    expect(value("adult_education", [noDiploma(29)], goodDwelling, QD59_2015)).toBe(true);
    expect(value("adult_education", [noDiploma(30)], goodDwelling, QD59_2015)).toBe(false);
    expect(value("adult_education", [member(20, { highestDiploma: "lower_secondary" })], goodDwelling, QD59_2015)).toBe(
      false,
    );
  });
});

describe("child schooling (ND07: 3 to under 16 at the level for their age)", () => {
  const child = (age: number, over: MemberInput) => member(age, { highestDiploma: "none", ...over });
  it("a child of exactly 3 out of school is deprived, a child of 2 is not", () => {
    expect(value("child_schooling", [member(40), child(3, { inSchool: false })])).toBe(true);
    expect(value("child_schooling", [member(40), child(2, { inSchool: false })])).toBe(false);
  });
  it("a child of 15 counts, of 16 does not", () => {
    expect(value("child_schooling", [member(40), child(15, { inSchool: false })])).toBe(true);
    expect(
      value("child_schooling", [member(40), member(16, { inSchool: false, highestDiploma: "lower_secondary" })]),
    ).toBe(false);
  });
  it("the level must fit the age: 6 in primary, 11 in lower secondary", () => {
    expect(value("child_schooling", [member(40), child(6, { inSchool: true, schoolLevel: "primary" })])).toBe(false);
    expect(value("child_schooling", [member(40), child(6, { inSchool: true, schoolLevel: "preschool" })])).toBe(true);
    expect(value("child_schooling", [member(40), child(11, { inSchool: true, schoolLevel: "primary" })])).toBe(true);
    expect(value("child_schooling", [member(40), child(15, { inSchool: true, schoolLevel: "vocational" })])).toBe(
      false,
    );
    expect(value("child_schooling", [member(40), child(8, { inSchool: true, schoolLevel: undefined })])).toBeNull();
  });
  it("explains a wrong level", () => {
    const d = derive("child_schooling", {
      members: [member(40), child(12, { fullName: "Vi Văn Nam", inSchool: true, schoolLevel: "primary" })],
    });
    expect(d.because).toBe("Vi Văn Nam (12 tuổi) đang học tiểu học, chưa đúng cấp học theo tuổi (trung học cơ sở).");
  });
  it("QD59: 5 to under 15, attendance only", () => {
    expect(value("child_schooling", [child(4, { inSchool: false })], goodDwelling, QD59_2015)).toBe(false);
    expect(value("child_schooling", [child(5, { inSchool: false })], goodDwelling, QD59_2015)).toBe(true);
    expect(value("child_schooling", [child(14, { inSchool: false })], goodDwelling, QD59_2015)).toBe(true);
    expect(value("child_schooling", [child(15, { inSchool: false })], goodDwelling, QD59_2015)).toBe(false);
    expect(
      value("child_schooling", [child(11, { inSchool: true, schoolLevel: "primary" })], goodDwelling, QD59_2015),
    ).toBe(false);
  });
});

describe("housing quality: 2 of 3 structures non-durable, or no home", () => {
  const home = (over: DwellingFacts) => ({ ...goodDwelling, ...over });
  it("2 of 3 non-durable is deprived, 1 of 3 is not", () => {
    expect(
      value("housing_quality", [member(40)], home({ wallMaterial: "bamboo_leaves", roofMaterial: "leaves_straw" })),
    ).toBe(true);
    expect(value("housing_quality", [member(40)], home({ wallMaterial: "bamboo_leaves" }))).toBe(false);
    expect(
      value(
        "housing_quality",
        [member(40)],
        home({ wallMaterial: "earth", frameMaterial: "bamboo", roofMaterial: "other_flimsy" }),
      ),
    ).toBe(true);
  });
  it("no home is deprived; one known material is not enough to decide", () => {
    expect(value("housing_quality", [member(40)], { noHome: true })).toBe(true);
    expect(value("housing_quality", [member(40)], { wallMaterial: "bamboo_leaves" })).toBeNull();
    expect(value("housing_quality", [member(40)], { wallMaterial: "bamboo_leaves", roofMaterial: "tile" })).toBeNull();
  });
});

describe("housing area: under 8 m² per person", () => {
  const four = [member(40), member(38), member(10), member(8)];
  it("exactly 8 m² per person is not deprived, just under is", () => {
    expect(value("housing_area", four, { ...goodDwelling, livingAreaM2: 32 })).toBe(false);
    expect(value("housing_area", four, { ...goodDwelling, livingAreaM2: 31.9 })).toBe(true);
    expect(derive("housing_area", { members: four, facts: { dwelling: { livingAreaM2: 30 } } }).because).toBe(
      "Diện tích nhà ở 30 m² cho 4 người, bình quân 7,5 m²/người (dưới 8 m²).",
    );
  });
  it("unknown area or no members leaves it undecided", () => {
    expect(value("housing_area", four, { waterSource: "piped" })).toBeNull();
    expect(derive("housing_area", { members: [], facts: { dwelling: goodDwelling } }).value).toBeNull();
  });
});

describe("water, sanitation, waste", () => {
  it.each([
    ["piped", false],
    ["drilled_well", false],
    ["protected_dug_well", false],
    ["protected_spring", false],
    ["rain_water", false],
    ["bottled", false],
    ["unprotected_dug_well", true],
    ["unprotected_spring", true],
    ["surface_water", true],
    ["vendor", true],
    ["other", true],
  ] as const)("water source %s → %s", (source, deprived) => {
    expect(value("water", [member(40)], { ...goodDwelling, waterSource: source })).toBe(deprived);
  });
  it.each([
    ["septic_tank", false],
    ["pour_flush", false],
    ["double_vault", false],
    ["ventilated_pit", false],
    ["biogas", false],
    ["simple_pit", true],
    ["over_water", true],
    ["none", true],
  ] as const)("latrine %s → %s", (latrine, deprived) => {
    expect(value("sanitation", [member(40)], { ...goodDwelling, latrine })).toBe(deprived);
  });
  it.each([
    ["collected", false],
    ["buried_or_composted", false],
    ["burned", true],
    ["dumped", true],
  ] as const)("waste %s → %s (ND351)", (w, deprived) => {
    expect(value("waste", [member(40)], { ...goodDwelling, wasteTreatment: w }, ND351_2025)).toBe(deprived);
  });
  it("undecided when not asked", () => {
    expect(value("water", [member(40)], {})).toBeNull();
    expect(value("sanitation", [member(40)], {})).toBeNull();
    expect(value("waste", [member(40)], {}, ND351_2025)).toBeNull();
  });
});

describe("telecom and information", () => {
  it("ND07 telecom is internet use only", () => {
    expect(value("telecom", [member(40)], { internetUse: false, devices: { phone: true } })).toBe(true);
    expect(value("telecom", [member(40)], { internetUse: true })).toBe(false);
    expect(value("telecom", [member(40)], {})).toBeNull();
  });
  it("QD59 telecom also counts a phone subscription", () => {
    expect(value("telecom", [member(40)], { internetUse: false, devices: { phone: true } }, QD59_2015)).toBe(false);
    expect(
      value("telecom", [member(40)], { internetUse: false, devices: { phone: false, smartphone: false } }, QD59_2015),
    ).toBe(true);
    expect(value("telecom", [member(40)], { internetUse: false }, QD59_2015)).toBeNull();
  });
  const none = { tv: false, radio: false, computer: false, phone: false, smartphone: false };
  it("ND07 information access: no device and no loudspeaker is deprived", () => {
    expect(value("information_access", [member(40)], { devices: none, loudspeakerReach: false })).toBe(true);
    expect(
      value("information_access", [member(40)], { devices: { ...none, smartphone: true }, loudspeakerReach: false }),
    ).toBe(false);
    expect(value("information_access", [member(40)], { devices: none, loudspeakerReach: true })).toBe(false);
    expect(value("information_access", [member(40)], { devices: { tv: false }, loudspeakerReach: false })).toBeNull();
  });
  it("QD59 information assets do not count phones", () => {
    expect(
      value(
        "information_assets",
        [member(40)],
        { devices: { tv: false, radio: false, computer: false, phone: true }, loudspeakerReach: false },
        QD59_2015,
      ),
    ).toBe(true);
  });
  it("QD59 health access: a sick member not treated", () => {
    expect(value("health_access", [member(40)], { healthAccess: "not_treated" }, QD59_2015)).toBe(true);
    expect(value("health_access", [member(40)], { healthAccess: "treated" }, QD59_2015)).toBe(false);
    expect(value("health_access", [member(40)], {}, QD59_2015)).toBeNull();
  });
});

describe("dependents as each pack counts them", () => {
  // Review of 2025: men past working age from 61 (60 years 9 months).
  const elderly = (over: MemberInput = {}) => member(70, { employment: "not_in_labour_force", ...over });
  it("ND07: people past working age are dependents, with or without an allowance", () => {
    expect(value("dependents", [member(40), elderly(), elderly()])).toBe(true);
  });
  it("ND351: an elderly member is a dependent only when receiving a monthly social allowance", () => {
    expect(value("dependents", [member(40), elderly(), elderly()], goodDwelling, ND351_2025)).toBe(null);
    expect(
      value("dependents", [member(40), elderly({ socialAssistance: false }), elderly()], goodDwelling, ND351_2025),
    ).toBe(false);
    expect(
      value(
        "dependents",
        [member(40), elderly({ socialAssistance: false }), elderly({ socialAssistance: false })],
        goodDwelling,
        ND351_2025,
      ),
    ).toBe(false);
    expect(
      value(
        "dependents",
        [member(40), elderly({ socialAssistance: true }), elderly({ socialAssistance: true })],
        goodDwelling,
        ND351_2025,
      ),
    ).toBe(true);
  });
  it("ND351: a disabled working-age member on a monthly allowance is a dependent; no working capacity alone is not", () => {
    const disabled = (over: MemberInput) => member(35, { disability: "severe", workingCapacity: "none", ...over });
    expect(
      value("dependents", [member(40), disabled({ socialAssistance: true }), member(5)], goodDwelling, ND351_2025),
    ).toBe(true);
    expect(
      value("dependents", [member(40), disabled({ socialAssistance: false }), member(5)], goodDwelling, ND351_2025),
    ).toBe(false);
    expect(value("dependents", [member(40), disabled({}), member(5)])).toBe(true);
  });
  it("ND351 names the missing fact", () => {
    const d = derive(
      "dependents",
      { members: [member(40), elderly(), elderly()], facts: { dwelling: goodDwelling } },
      ND351_2025,
    );
    expect(d.because).toContain("trợ cấp xã hội hằng tháng");
  });
});
