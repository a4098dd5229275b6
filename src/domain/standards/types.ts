// The shape of a rule pack (bộ chuẩn nghèo): everything a review year's law says, as data, so that
// an official can correct a value without touching the logic in classify/indicators.

export const STANDARD_CODES = ["QD59_2015", "ND07_2021", "ND351_2025"] as const;
export type StandardCode = (typeof STANDARD_CODES)[number];

export const AREAS = ["rural", "urban"] as const;
/** Nông thôn / thành thị: a property of the commune, selects the lines and cut-offs. */
export type Area = (typeof AREAS)[number];

export const CATEGORIES = ["poor", "near_poor", "average_living", "non_poor"] as const;
export type Category = (typeof CATEGORIES)[number];

/** Every indicator code of every pack; each pack uses a subset (see `Standard.indicators`). */
export const INDICATOR_CODES = [
  "employment",
  "dependents",
  "nutrition",
  "health_access",
  "health_insurance",
  "adult_education",
  "child_schooling",
  "housing_quality",
  "housing_area",
  "water",
  "sanitation",
  "waste",
  "telecom",
  "information_access",
  "information_assets",
] as const;
export type IndicatorCode = (typeof INDICATOR_CODES)[number];

export type ServiceCode =
  | "employment"
  | "health"
  | "education"
  | "housing"
  | "water_sanitation"
  | "water_sanitation_environment"
  | "information";

export const PROVENANCE_STATUSES = ["verified", "provisional"] as const;
/** verified: read in the legal text (or its official publication); provisional: not confirmed yet. */
export type ProvenanceStatus = (typeof PROVENANCE_STATUSES)[number];

/** Where a legal value comes from (DOMAIN.md §3: every value carries its source and status). */
export interface Provenance {
  /** The text and its article, clause or annex, as an official would cite it. */
  source: string;
  status: ProvenanceStatus;
  /** What confirmed the value, or why it stays provisional, in Vietnamese. */
  note: string;
}

export interface ServiceGroup {
  code: ServiceCode;
  /** Tên dịch vụ xã hội cơ bản as the legal text names it. */
  nameVi: string;
}

export interface IndicatorDefinition {
  code: IndicatorCode;
  nameVi: string;
  nameEn: string;
  service: ServiceGroup;
  /** When the household is deprived, in one short Vietnamese sentence. */
  ruleVi: string;
}

/** Income lines of one area, in đồng per person per month. */
export interface IncomeLines {
  /** Chuẩn nghèo: at or under it a household is poor or near-poor (QD59: income-poor). */
  poverty: number;
  /** QD59 only, chuẩn mức sống tối thiểu: between the two lines deprivations decide; else null. */
  minimumLiving: number | null;
}

/** Hộ có mức sống trung bình: `above` < income ≤ `upTo`. */
export interface IncomeBand {
  above: number;
  upTo: number;
}

/** Score-A cut-offs of one area (Phiếu B), same meaning as the income lines. */
export interface ScoreCutoffs {
  poverty: number;
  minimumLiving: number | null;
}

/**
 * Who counts as a dependent (người phụ thuộc): ND07 and QD59 count children, people past working
 * age and people with no working capacity; the ND351 draft counts children and elderly or disabled
 * people receiving a monthly social allowance.
 */
export type DependentsRule = "age_or_no_working_capacity" | "child_or_allowance_recipient";

/** Parameters of the derivation rules that differ between packs (read in indicators.ts). */
export interface DerivationParams {
  /** Age from which a member's health insurance counts. */
  healthInsuranceFromAge: number;
  /** Members below this age are children (dependents, nutrition). */
  childUnderAge: number;
  /** Working age (độ tuổi lao động) starts at this age; it ends at the Labour Code's retirement age. */
  workingAgeFrom: number;
  dependents: DependentsRule;
  /** Age groups (inclusive) and the diploma each must hold unless in training. */
  adultEducation: readonly {
    from: number;
    to: number;
    requires: "lower_secondary" | "upper_secondary_or_vocational";
  }[];
  /** Ages (inclusive) of the children whose schooling counts; `checkLevel`: the level must fit the age. */
  childSchooling: { from: number; to: number; checkLevel: boolean };
  /** Living area per person strictly under this (m²) is deprived. */
  minAreaPerPersonM2: number;
  /** QD59's telecom indicator also counts a phone subscription, ND07's only internet use. */
  telecomCountsPhone: boolean;
  /** ND07 counts phones among the information devices, QD59 does not. */
  informationDevicesIncludePhone: boolean;
  /** Water sources that count as clean (nguồn nước sạch / hợp vệ sinh). */
  cleanWaterSources: readonly string[];
  /** Latrines that count as hygienic (nhà tiêu hợp vệ sinh). */
  hygienicLatrines: readonly string[];
  /** Durable materials (vật liệu bền chắc) of each main structure of the home. */
  durableMaterials: Readonly<Record<"wall" | "frame" | "roof", readonly string[]>>;
  /** Household waste treatments that are adequate (ND351 `waste`); empty where the pack has no such indicator. */
  adequateWasteTreatment: readonly string[];
  /** School level that fits an age, highest age first: a child below it is not "học đúng cấp". */
  schoolLevelForAge: readonly {
    fromAge: number;
    level: "preschool" | "primary" | "lower_secondary" | "upper_secondary";
  }[];
}

export interface Standard {
  code: StandardCode;
  /** The legal text, in full, as cited in decisions. */
  legalBasis: string;
  /** Short citation used in explanations ("Nghị định 07/2021/NĐ-CP"). */
  legalShort: string;
  /** The years whose poor / near-poor lists the pack governs, inclusive (DOMAIN.md §3). */
  years: { from: number; to: number };
  /**
   * True while a value of the classification rule itself (lines, threshold, indicator list) is
   * provisional: results under the pack may then change when the value is confirmed.
   */
  provisional: boolean;
  lines: Record<Area, IncomeLines>;
  /** Null where the band is not published: income above the line is then `non_poor`. */
  averageLiving: Record<Area, IncomeBand | null>;
  /** In the order of the legal text. */
  indicators: readonly IndicatorDefinition[];
  /** Deprived in at least this many indicators (thiếu hụt từ … chỉ số trở lên) makes a household poor. */
  deprivationThreshold: number;
  /** Score B points per deprived indicator. */
  scorePerIndicator: number;
  /** Null where no cut-offs are published: the score basis is then refused. */
  scoreCutoffs: Record<Area, ScoreCutoffs> | null;
  derivation: DerivationParams;
  /**
   * The source and status of every legal value above, in one place, keyed by the value's path
   * (see provenance.ts for the keys; a test checks that none is missing).
   */
  provenance: Readonly<Record<string, Provenance>>;
}
