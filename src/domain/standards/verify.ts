// ─────────────────────────────────────────────────────────────────────────────────────────────
// VALUES TO VERIFY. Everything the legal texts available to us leave uncertain is kept here, and
// only here, so that an official can check and correct it against the decisions' annexes without
// reading any logic. Each value says where it comes from and what is guessed. The packs in this
// folder and the derivation rules in ../indicators.ts read these constants.
// ─────────────────────────────────────────────────────────────────────────────────────────────
import type { Area, DerivationParams, IncomeBand } from "./types";

/**
 * QD59_2015 average-living band (hộ có mức sống trung bình, 2016–2020). DOMAIN.md §3.2 marks the
 * band "(verify)": rural 1,000,000 < income ≤ 1,500,000; urban 1,300,000 < income ≤ 1,950,000.
 */
export const QD59_AVERAGE_LIVING: Record<Area, IncomeBand> = {
  rural: { above: 1_000_000, upTo: 1_500_000 },
  urban: { above: 1_300_000, upTo: 1_950_000 },
};

/**
 * ND351_2025 (2027–2030) average-living band: not published (DOMAIN.md §3.3). Choice: with no band,
 * income above the poverty line is `non_poor` — we do not invent a band, and the pack is
 * provisional anyway, so every such result carries the provisional flag.
 */
export const ND351_AVERAGE_LIVING: Record<Area, IncomeBand | null> = { rural: null, urban: null };

/**
 * ND351_2025 indicator list and order, from the published draft (DOMAIN.md §3.3). Provisional:
 * the final decree's annex may rename, reorder or redefine them.
 */
export const ND351_INDICATOR_ORDER = [
  "employment",
  "dependents",
  "health_insurance",
  "nutrition",
  "adult_education",
  "child_schooling",
  "housing_area",
  "housing_quality",
  "water",
  "sanitation",
  "waste",
  "telecom",
] as const;

/**
 * QD59_2015 derivation parameters, read from DOMAIN.md §3.2 ("definitions: verify against the
 * decision's annex"): insurance from age 6; adults 15 to under 30 need a lower-secondary diploma
 * unless in school; children 5 to under 15 must attend school (attendance only, no level check);
 * telecom counts a phone subscription as well as internet; information assets exclude phones.
 */
export const QD59_DERIVATION: DerivationParams = {
  healthInsuranceFromAge: 6,
  childUnderAge: 16,
  adultEducation: [{ from: 15, to: 29, requires: "lower_secondary" }],
  childSchooling: { from: 5, to: 14, checkLevel: false },
  minAreaPerPersonM2: 8,
  telecomCountsPhone: true,
  informationDevicesIncludePhone: false,
};

/**
 * ND07_2021 derivation parameters, read from DOMAIN.md §3.1 ("verify wording against the decree's
 * annex"): children are under 16; insurance from age 6; 16–<18 need lower-secondary, 18–30 need
 * upper-secondary or a vocational qualification (any level, sơ cấp included: verify) unless in
 * training; children 3 to under 16 must attend the level that fits their age.
 * ND351_2025 reuses these for the indicators it keeps (verify when the decree's annex is final).
 */
export const ND07_DERIVATION: DerivationParams = {
  healthInsuranceFromAge: 6,
  childUnderAge: 16,
  adultEducation: [
    { from: 16, to: 17, requires: "lower_secondary" },
    { from: 18, to: 30, requires: "upper_secondary_or_vocational" },
  ],
  childSchooling: { from: 3, to: 15, checkLevel: true },
  minAreaPerPersonM2: 8,
  telecomCountsPhone: false,
  informationDevicesIncludePhone: true,
};

/**
 * School level that fits a child's age (Education Law 2019 entry ages: primary at 6, lower
 * secondary at 11, upper secondary at 15). A child at this level or above is "học đúng cấp"; one
 * level lower counts as deprived (verify: local guidance may tolerate one repeated year).
 */
export const SCHOOL_LEVEL_FOR_AGE: readonly {
  fromAge: number;
  level: "preschool" | "primary" | "lower_secondary" | "upper_secondary";
}[] = [
  { fromAge: 15, level: "upper_secondary" },
  { fromAge: 11, level: "lower_secondary" },
  { fromAge: 6, level: "primary" },
  { fromAge: 0, level: "preschool" },
];

/**
 * Age when only the birth year is known: the age reached in the review year (review year − birth
 * year), the way the paper forms count it. Periodic reviews run September–December, after most
 * birthdays; a rolling review early in the year may count a child one year older than they are
 * (verify). When a member's full birth date is known, the exact age on the review date is used.
 *
 * Working age (độ tuổi lao động) is from 15 to the retirement age of the Labour Code: until 2020
 * men 60, women 55; from 2021 men +3 months a year up to 62 (2028), women +4 months a year up to
 * 60 (2035) (Labour Code 2019 Art. 169, Decree 135/2020). With ages in whole years a member is past
 * working age from the first whole age at or above the retirement age of the review year.
 */
export const WORKING_AGE_FROM = 15;
export function retirementAgeMonths(sex: "male" | "female", year: number): number {
  const stepYears = Math.max(0, year - 2020);
  return sex === "male" ? Math.min(62 * 12, 60 * 12 + 3 * stepYears) : Math.min(60 * 12, 55 * 12 + 4 * stepYears);
}

/**
 * Clean water sources (nguồn nước sạch / hợp vệ sinh): piped, drilled well, protected dug well or
 * spring, rain water, bottled water (DOMAIN.md §3.1). Same set for QD59 and ND351 (verify).
 */
export const CLEAN_WATER_SOURCES = [
  "piped",
  "drilled_well",
  "protected_dug_well",
  "protected_spring",
  "rain_water",
  "bottled",
] as const;

/**
 * Hygienic latrines (nhà tiêu hợp vệ sinh), after QCVN 01:2011/BYT: septic tank, pour-flush, double
 * vault, ventilated pit, biogas (verify against the Ministry of Health's current list).
 */
export const HYGIENIC_LATRINES = ["septic_tank", "pour_flush", "double_vault", "ventilated_pit", "biogas"] as const;

/**
 * ND351 `waste` (xử lý rác thải): guessed as deprived when household waste is neither collected nor
 * buried/composted, i.e. burned in the open or dumped (verify: the draft gives no definition).
 */
export const ADEQUATE_WASTE_TREATMENT = ["collected", "buried_or_composted"] as const;

/**
 * Durable materials (vật liệu bền chắc) of the three main structures, after the General Statistics
 * Office's housing classification (verify against the Ministry of Construction's guidance): a home
 * is not durable when at least 2 of the 3 are of other materials.
 */
export const DURABLE_MATERIALS = {
  wall: ["concrete", "brick_stone", "metal", "durable_wood"],
  frame: ["reinforced_concrete", "brick_stone", "steel", "durable_wood"],
  roof: ["concrete", "tile", "metal_sheet", "fibre_cement"],
} as const;

/**
 * ND351_2025 score-A cut-offs (Phiếu B): not published. Null, so that classification on the score
 * basis under this pack is refused with an issue instead of using invented numbers.
 */
export const ND351_SCORE_CUTOFFS = null;

/** ND351 `waste` indicator as the draft names it (verify name, service group and rule). */
export const ND351_WASTE_NAME_VI = "Xử lý rác thải sinh hoạt";
