// Values more than one pack uses (derivation parameters, the average-living band of QD59). They
// are data, not logic: each pack's `provenance` says for its own use of them where they come
// from and whether they are verified; indicators.ts reads them only through the pack.
import type { Area, DerivationParams, IncomeBand } from "./types";

/** QD59_2015 hộ có mức sống trung bình (Decision 59/2015 Art. 2(3)): rural 1,0–1,5 triệu; urban 1,3–1,95 triệu. */
export const QD59_AVERAGE_LIVING: Record<Area, IncomeBand> = {
  rural: { above: 1_000_000, upTo: 1_500_000 },
  urban: { above: 1_300_000, upTo: 1_950_000 },
};

/**
 * Clean water sources (nguồn nước sạch / hợp vệ sinh): piped, drilled well, protected dug well or
 * spring, rain water, bottled water (DOMAIN.md §3.1).
 */
const CLEAN_WATER_SOURCES = [
  "piped",
  "drilled_well",
  "protected_dug_well",
  "protected_spring",
  "rain_water",
  "bottled",
] as const;

/** Hygienic latrines (nhà tiêu hợp vệ sinh), after QCVN 01:2011/BYT. */
const HYGIENIC_LATRINES = ["septic_tank", "pour_flush", "double_vault", "ventilated_pit", "biogas"] as const;

/** Durable materials (vật liệu bền chắc) of the three main structures, after the GSO's housing classification. */
const DURABLE_MATERIALS = {
  wall: ["concrete", "brick_stone", "metal", "durable_wood"],
  frame: ["reinforced_concrete", "brick_stone", "steel", "durable_wood"],
  roof: ["concrete", "tile", "metal_sheet", "fibre_cement"],
} as const;

/**
 * School level that fits a child's age (Education Law 2019 entry ages: primary at 6, lower
 * secondary at 11, upper secondary at 15). A child one level lower is not "học đúng cấp".
 */
const SCHOOL_LEVEL_FOR_AGE: DerivationParams["schoolLevelForAge"] = [
  { fromAge: 15, level: "upper_secondary" },
  { fromAge: 11, level: "lower_secondary" },
  { fromAge: 6, level: "primary" },
  { fromAge: 0, level: "preschool" },
];

/**
 * Age when only the birth year is known: the age reached in the review year (review year − birth
 * year), the way the paper forms count it; with a full birth date, the exact age on the review date.
 *
 * Working age (độ tuổi lao động) is from 15 to the retirement age of the Labour Code: until 2020
 * men 60, women 55; from 2021 men +3 months a year up to 62 (2028), women +4 months a year up to
 * 60 (2035) (Labour Code 2019 Art. 169, Decree 135/2020). With ages in whole years a member is past
 * working age from the first whole age at or above the retirement age of the review year.
 */
export function retirementAgeMonths(sex: "male" | "female", year: number): number {
  const stepYears = Math.max(0, year - 2020);
  return sex === "male" ? Math.min(62 * 12, 60 * 12 + 3 * stepYears) : Math.min(60 * 12, 55 * 12 + 4 * stepYears);
}

const COMMON = {
  workingAgeFrom: 15,
  minAreaPerPersonM2: 8,
  cleanWaterSources: CLEAN_WATER_SOURCES,
  hygienicLatrines: HYGIENIC_LATRINES,
  durableMaterials: DURABLE_MATERIALS,
  schoolLevelForAge: SCHOOL_LEVEL_FOR_AGE,
} as const;

/**
 * QD59_2015 (DOMAIN.md §3.2): insurance from age 6; adults 15 to under 30 need a lower-secondary
 * diploma unless in school; children 5 to under 15 must attend school (attendance only); telecom
 * counts a phone subscription as well as internet; information assets exclude phones.
 */
export const QD59_DERIVATION: DerivationParams = {
  ...COMMON,
  healthInsuranceFromAge: 6,
  childUnderAge: 16,
  dependents: "age_or_no_working_capacity",
  adultEducation: [{ from: 15, to: 29, requires: "lower_secondary" }],
  childSchooling: { from: 5, to: 14, checkLevel: false },
  telecomCountsPhone: true,
  informationDevicesIncludePhone: false,
  adequateWasteTreatment: [],
};

/**
 * ND07_2021 (DOMAIN.md §3.1): children under 16; insurance from age 6; 16–<18 need lower-secondary,
 * 18–30 upper-secondary or a vocational qualification (sơ cấp, trung cấp, cao đẳng) unless in
 * training; children 3 to under 16 must attend the level that fits their age.
 */
export const ND07_DERIVATION: DerivationParams = {
  ...COMMON,
  healthInsuranceFromAge: 6,
  childUnderAge: 16,
  dependents: "age_or_no_working_capacity",
  adultEducation: [
    { from: 16, to: 17, requires: "lower_secondary" },
    { from: 18, to: 30, requires: "upper_secondary_or_vocational" },
  ],
  childSchooling: { from: 3, to: 15, checkLevel: true },
  telecomCountsPhone: false,
  informationDevicesIncludePhone: true,
  adequateWasteTreatment: [],
};

/**
 * ND351_2025: the ND07 rules for the indicators it keeps; dependents as the draft counts them
 * (children under 16, elderly or disabled people receiving a monthly social allowance); household
 * waste adequately treated when collected, or buried / composted (the draft gives no list).
 */
export const ND351_DERIVATION: DerivationParams = {
  ...ND07_DERIVATION,
  dependents: "child_or_allowance_recipient",
  adequateWasteTreatment: ["collected", "buried_or_composted"],
};
