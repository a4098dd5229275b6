// The household facts the review forms ask for. Codes are English; the Vietnamese label of every
// code is in labels.ts. Every fact is optional: a register record holding only the member base
// fields is valid, and a fact left out makes the indicators that need it undecided (null) rather
// than wrong. Each enum is a const array so that API schemas can be built from the same list.

export const SEXES = ["male", "female"] as const;
export type Sex = (typeof SEXES)[number];

/** Dân tộc: the groups met in the northern mountain districts first; `other` for the rest. */
export const ETHNICITIES = [
  "kinh",
  "tay",
  "nung",
  "san_chay",
  "san_diu",
  "hoa",
  "dao",
  "hmong",
  "thai",
  "muong",
  "khmer",
  "other",
] as const;
export type Ethnicity = (typeof ETHNICITIES)[number];

/** Quan hệ với chủ hộ. */
export const RELATIONS = [
  "head",
  "spouse",
  "child",
  "child_in_law",
  "grandchild",
  "parent",
  "sibling",
  "other_relative",
  "other",
] as const;
export type RelationToHead = (typeof RELATIONS)[number];

/** Cấp học đang theo học. */
export const SCHOOL_LEVELS = [
  "preschool",
  "primary",
  "lower_secondary",
  "upper_secondary",
  "vocational",
  "higher",
] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];

/** Bằng cấp cao nhất. */
export const DIPLOMAS = [
  "none",
  "primary",
  "lower_secondary",
  "upper_secondary",
  "vocational_elementary",
  "vocational_intermediate",
  "college",
  "university",
] as const;
export type Diploma = (typeof DIPLOMAS)[number];

/** Khả năng lao động. */
export const WORKING_CAPACITIES = ["full", "limited", "none"] as const;
export type WorkingCapacity = (typeof WORKING_CAPACITIES)[number];

/** Tình trạng việc làm. */
export const EMPLOYMENTS = [
  "wage_contract",
  "wage_no_contract",
  "self_employed",
  "unemployed",
  "not_in_labour_force",
] as const;
export type Employment = (typeof EMPLOYMENTS)[number];

/** Tình trạng dinh dưỡng của trẻ em. */
export const NUTRITIONS = ["normal", "stunted", "underweight"] as const;
export type Nutrition = (typeof NUTRITIONS)[number];

/** Mức độ khuyết tật (Law on Persons with Disabilities 2010). */
export const DISABILITIES = ["none", "mild", "severe", "very_severe"] as const;
export type Disability = (typeof DISABILITIES)[number];

/** The member base fields every register record has (API.md). */
export interface MemberBase {
  id: string;
  fullName: string;
  sex: Sex;
  birthYear: number;
  ethnicity: Ethnicity | (string & {});
  relationToHead: RelationToHead;
  /** Số CCCD/định danh cá nhân, 12 digits. */
  idNumber?: string;
}

/** What the forms ask about a member. */
export interface MemberFacts {
  /** Full birth date `YYYY-MM-DD`, when known: gives the exact age on the review date. */
  birthDate?: string;
  healthInsurance?: boolean;
  inSchool?: boolean;
  schoolLevel?: SchoolLevel;
  highestDiploma?: Diploma;
  /** Attending a training course (đang tham gia đào tạo) outside general school. */
  inTraining?: boolean;
  workingCapacity?: WorkingCapacity;
  employment?: Employment;
  nutrition?: Nutrition;
  // Report groups (form 8) and the assets-versus-result signal.
  meritorious?: boolean;
  socialAssistance?: boolean;
  disability?: Disability;
  /** Receives a monthly pension or social-insurance allowance. */
  pension?: boolean;
}

export type Member = MemberBase & MemberFacts;
/** A member as derivation accepts it: base fields may be missing while a form is in progress. */
export type MemberInput = Partial<MemberBase> & MemberFacts;

export const WALL_MATERIALS = [
  "concrete",
  "brick_stone",
  "metal",
  "durable_wood",
  "earth",
  "bamboo_leaves",
  "other_flimsy",
] as const;
export type WallMaterial = (typeof WALL_MATERIALS)[number];
export const FRAME_MATERIALS = [
  "reinforced_concrete",
  "brick_stone",
  "steel",
  "durable_wood",
  "poor_wood",
  "bamboo",
  "other_flimsy",
] as const;
export type FrameMaterial = (typeof FRAME_MATERIALS)[number];
export const ROOF_MATERIALS = [
  "concrete",
  "tile",
  "metal_sheet",
  "fibre_cement",
  "leaves_straw",
  "other_flimsy",
] as const;
export type RoofMaterial = (typeof ROOF_MATERIALS)[number];

/** Nguồn nước sinh hoạt chính. */
export const WATER_SOURCES = [
  "piped",
  "drilled_well",
  "protected_dug_well",
  "protected_spring",
  "rain_water",
  "bottled",
  "unprotected_dug_well",
  "unprotected_spring",
  "surface_water",
  "vendor",
  "other",
] as const;
export type WaterSource = (typeof WATER_SOURCES)[number];

/** Loại nhà tiêu. */
export const LATRINES = [
  "septic_tank",
  "pour_flush",
  "double_vault",
  "ventilated_pit",
  "biogas",
  "simple_pit",
  "over_water",
  "none",
] as const;
export type Latrine = (typeof LATRINES)[number];

/** Xử lý rác thải sinh hoạt (ND351). */
export const WASTE_TREATMENTS = ["collected", "buried_or_composted", "burned", "dumped"] as const;
export type WasteTreatment = (typeof WASTE_TREATMENTS)[number];

/** QD59 access to health care over the last 12 months. */
export const HEALTH_ACCESS = ["no_serious_illness", "treated", "not_treated"] as const;
export type HealthAccess = (typeof HEALTH_ACCESS)[number];

export const DEVICES = ["tv", "radio", "computer", "phone", "smartphone"] as const;
export type Device = (typeof DEVICES)[number];

/** The home and what the household uses in it. */
export interface DwellingFacts {
  /** The household has no home of its own or rented (không có nhà ở). */
  noHome?: boolean;
  wallMaterial?: WallMaterial;
  frameMaterial?: FrameMaterial;
  roofMaterial?: RoofMaterial;
  livingAreaM2?: number;
  waterSource?: WaterSource;
  latrine?: Latrine;
  /** Some member uses internet service (fixed or mobile). */
  internetUse?: boolean;
  /** Devices the household has: true/false per device, missing = not asked. */
  devices?: Partial<Record<Device, boolean>>;
  /** The commune/village loudspeaker can be heard at home. */
  loudspeakerReach?: boolean;
  wasteTreatment?: WasteTreatment;
  /** QD59 only. */
  healthAccess?: HealthAccess;
  /** Uses grid electricity (asked by Phiếu B). */
  electricity?: boolean;
}

/** Nguyên nhân nghèo (report form 10). */
export const CAUSES_OF_POVERTY = [
  "land",
  "capital",
  "labour",
  "tools",
  "know_how",
  "skills",
  "illness_or_accident",
  "other",
] as const;
export type CauseOfPoverty = (typeof CAUSES_OF_POVERTY)[number];

/** Nhu cầu hỗ trợ (report forms 12–13). */
export const SUPPORT_NEEDS = [
  "credit",
  "vocational_training",
  "job",
  "production_land",
  "production_tools",
  "livestock_seeds",
  "technical_know_how",
  "housing",
  "clean_water",
  "sanitation",
  "health_insurance",
  "education",
  "information",
  "other",
] as const;
export type SupportNeed = (typeof SUPPORT_NEEDS)[number];

/** Household-level facts kept in the register beside the members. */
export interface HouseholdFacts {
  dwelling?: DwellingFacts;
  causesOfPoverty?: CauseOfPoverty[];
  supportNeeds?: SupportNeed[];
  // Assets that contradict a poor result (DOMAIN.md §6).
  ownsCar?: boolean;
  /** Land used for production, m². */
  productionLandM2?: number;
  /** Total floor area of all buildings, m² (a large house beside a poor result is a signal). */
  houseFloorAreaM2?: number;
  /** Running a business with hired workers. */
  ownsBusiness?: boolean;
}

/** A household as derivation reads it: the register's members plus its facts. */
export interface HouseholdInput {
  members?: readonly MemberInput[];
  facts?: HouseholdFacts;
}
