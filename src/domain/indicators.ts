// Derivation of the indicators from household facts (DOMAIN.md §3.1–3.3). Each rule says true
// (deprived), false (not deprived) or null: the facts do not decide, and the reviewer answers the
// indicator directly. A member whose facts are missing can only leave a rule undecided, never
// decide it wrongly: a rule is true as soon as one member is known to be deprived, false only
// when every member is known not to be. The values each rule uses are the pack's derivation
// parameters (standards/shared-values.ts), each with its source and status in the pack's provenance.
import type { Device, Diploma, DwellingFacts, HouseholdInput, MemberInput, SchoolLevel } from "./facts";
import { formatDecimalVi, isIsoDate } from "./format";
import { labels } from "./labels";
import type { DerivationParams, IndicatorCode, Standard } from "./standards";
import { retirementAgeMonths } from "./standards/shared-values";

export interface DerivedIndicator {
  code: IndicatorCode;
  /** true = deprived, false = not deprived, null = the facts don't decide: needs a direct answer. */
  value: boolean | null;
  /** Why, in Vietnamese, naming the member or fact. */
  because: string;
}

/** A member with what every rule needs computed once. */
interface Person {
  facts: MemberInput;
  /** Age in whole years on the review date, null when the birth year is unknown. */
  age: number | null;
  /** Past the retirement age of the review year (null: sex or age unknown and it matters). */
  pastWorkingAge: boolean | null;
  index: number;
}

interface Context {
  standard: Standard;
  params: DerivationParams;
  people: Person[];
  household: HouseholdInput;
}

type Finding = { value: boolean | null; because: string };

const name = (p: Person) => p.facts.fullName?.trim() || `Thành viên thứ ${p.index + 1}`;
const who = (p: Person) => (p.age === null ? name(p) : `${name(p)} (${p.age} tuổi)`);
const noBirthYear = (p: Person) => `chưa có năm sinh của ${name(p)}`;
const undecided = (what: string): Finding => ({ value: null, because: `Cần trả lời trực tiếp: ${what}.` });

function ageOn(m: MemberInput, year: number, month: number, day: number): number | null {
  if (m.birthDate !== undefined && isIsoDate(m.birthDate)) {
    const [y, mo, d] = m.birthDate.split("-").map(Number) as [number, number, number];
    const age = year - y - (month < mo || (month === mo && day < d) ? 1 : 0);
    return age >= 0 ? age : null;
  }
  if (typeof m.birthYear !== "number" || !Number.isInteger(m.birthYear)) return null;
  const age = year - m.birthYear;
  return age >= 0 ? age : null;
}

function pastWorkingAge(age: number | null, sex: MemberInput["sex"], year: number): boolean | null {
  if (age === null) return null;
  const man = age >= Math.ceil(retirementAgeMonths("male", year) / 12);
  if (sex === "male") return man;
  const woman = age >= Math.ceil(retirementAgeMonths("female", year) / 12);
  if (sex === "female") return woman;
  return man === woman ? man : null;
}

/**
 * A rule that looks at each member: `test` says whether this member makes the household deprived.
 * Rules are module-level objects (not closures made per call) because derivation runs for every
 * household of a district on each report and preview.
 */
interface MemberRule {
  test(p: Person, params: DerivationParams): boolean | null;
  deprived(p: Person, params: DerivationParams): string;
  unknown(p: Person, params: DerivationParams): string;
  none(ctx: Context): string;
}

/**
 * Kleene "any member": true with the first member known deprived, false when all are known not
 * to be, else null naming the first undecided member.
 */
function anyMember(ctx: Context, rule: MemberRule): Finding {
  const { people, params } = ctx;
  if (people.length === 0) return undecided("hộ chưa có thành viên nào");
  let firstUnknown: Person | null = null;
  for (let i = 0; i < people.length; i++) {
    const p = people[i]!;
    const v = rule.test(p, params);
    if (v === true) return { value: true, because: `${rule.deprived(p, params)}.` };
    if (v === null && firstUnknown === null) firstUnknown = p;
  }
  return firstUnknown ? undecided(rule.unknown(firstUnknown, params)) : { value: false, because: rule.none(ctx) };
}

function isWorkingAge(p: Person, params: DerivationParams): boolean | null {
  return p.age === null
    ? null
    : p.age < params.workingAgeFrom
      ? false
      : p.pastWorkingAge === null
        ? null
        : !p.pastWorkingAge;
}

const EMPLOYMENT: MemberRule = {
  test(p, params) {
    const e = p.facts.employment;
    const working = isWorkingAge(p, params);
    if (working === false || p.facts.workingCapacity === "none") return false;
    if (e === undefined) return null;
    if (e !== "unemployed" && e !== "wage_no_contract") return false;
    return working;
  },
  deprived: (p) =>
    `${who(p)} ${p.facts.employment === "unemployed" ? "thất nghiệp" : "làm công ăn lương không có hợp đồng lao động"}`,
  unknown: (p) => (p.age === null ? noBirthYear(p) : `chưa có tình trạng việc làm của ${who(p)}`),
  none: () => "Không có người trong độ tuổi lao động thất nghiệp hoặc làm công ăn lương không có hợp đồng lao động.",
};

/**
 * Whether a member is a dependent (người phụ thuộc) under the pack's rule, null when the facts do
 * not decide. ND07/QD59: a child, past working age, or with no working capacity. ND351 (draft):
 * a child, or an elderly (past working age) or disabled member receiving a monthly social allowance.
 */
function isDependent(p: Person, params: DerivationParams): boolean | null {
  if (params.dependents === "age_or_no_working_capacity") {
    if (p.facts.workingCapacity === "none") return true;
    if (p.age === null) return null;
    if (p.age < params.childUnderAge) return true;
    return p.pastWorkingAge;
  }
  if (p.age === null) return null;
  if (p.age < params.childUnderAge) return true;
  if (p.facts.socialAssistance === false) return false;
  const disability = p.facts.disability;
  const disabled = disability === undefined ? null : disability !== "none";
  if (disabled === false && p.pastWorkingAge === false) return false;
  return (disabled === true || p.pastWorkingAge === true) && p.facts.socialAssistance === true ? true : null;
}

function dependents(ctx: Context): Finding {
  const { people, params } = ctx;
  const n = people.length;
  if (n === 0) return undecided("hộ chưa có thành viên nào");
  let dependent = 0;
  let unknown = 0;
  for (let i = 0; i < n; i++) {
    const v = isDependent(people[i]!, params);
    if (v === null) unknown++;
    else if (v) dependent++;
  }
  if (dependent * 2 > n) return { value: true, because: `${dependent}/${n} nhân khẩu là người phụ thuộc (trên 50%).` };
  if ((dependent + unknown) * 2 <= n)
    return { value: false, because: `${dependent}/${n} nhân khẩu là người phụ thuộc (không quá 50%).` };
  const missing = people
    .filter((p) => isDependent(p, params) === null)
    .map((p) =>
      p.age === null
        ? noBirthYear(p)
        : params.dependents === "age_or_no_working_capacity"
          ? `chưa có giới tính của ${who(p)}`
          : `chưa biết ${who(p)} có khuyết tật, hưởng trợ cấp xã hội hằng tháng không`,
    );
  return undecided(`chưa đủ thông tin để tính tỷ lệ người phụ thuộc (${missing.join("; ")})`);
}

const NUTRITION: MemberRule = {
  test(p, params) {
    if (p.age === null) return null;
    if (p.age >= params.childUnderAge) return false;
    const s = p.facts.nutrition;
    return s === undefined ? null : s !== "normal";
  },
  deprived: (p) =>
    `${who(p)} ${p.facts.nutrition === "stunted" ? "suy dinh dưỡng thấp còi" : "suy dinh dưỡng nhẹ cân"}`,
  unknown: (p) => (p.age === null ? noBirthYear(p) : `chưa có tình trạng dinh dưỡng của ${who(p)}`),
  none: ({ people, params: { childUnderAge: under } }) =>
    people.some((p) => p.age !== null && p.age < under)
      ? `Không có trẻ em dưới ${under} tuổi suy dinh dưỡng.`
      : `Hộ không có trẻ em dưới ${under} tuổi.`,
};

const HEALTH_INSURANCE: MemberRule = {
  test(p, params) {
    const has = p.facts.healthInsurance;
    if (has === true) return false;
    if (p.age === null) return null;
    if (p.age < params.healthInsuranceFromAge) return false;
    return has === undefined ? null : true;
  },
  deprived: (p) => `${who(p)} không có thẻ bảo hiểm y tế`,
  unknown: (p) => (p.age === null ? noBirthYear(p) : `chưa biết ${who(p)} có thẻ bảo hiểm y tế hay không`),
  none: (ctx) => `Mọi thành viên từ ${ctx.params.healthInsuranceFromAge} tuổi trở lên đều có bảo hiểm y tế.`,
};

const DIPLOMA_MEETS: Record<"lower_secondary" | "upper_secondary_or_vocational", ReadonlySet<Diploma>> = {
  lower_secondary: new Set([
    "lower_secondary",
    "upper_secondary",
    "vocational_elementary",
    "vocational_intermediate",
    "college",
    "university",
  ]),
  upper_secondary_or_vocational: new Set([
    "upper_secondary",
    "vocational_elementary",
    "vocational_intermediate",
    "college",
    "university",
  ]),
};
const REQUIREMENT_TEXT = {
  lower_secondary: "bằng tốt nghiệp THCS",
  upper_secondary_or_vocational: "bằng tốt nghiệp THPT hoặc bằng nghề",
};

function educationGroup(params: DerivationParams, age: number) {
  for (const g of params.adultEducation) if (age >= g.from && age <= g.to) return g;
  return undefined;
}

const ADULT_EDUCATION: MemberRule = {
  test(p, params) {
    const { inSchool, inTraining, highestDiploma } = p.facts;
    if (inSchool === true || inTraining === true) return false;
    if (p.age === null)
      return highestDiploma !== undefined && DIPLOMA_MEETS.upper_secondary_or_vocational.has(highestDiploma)
        ? false
        : null;
    const g = educationGroup(params, p.age);
    if (!g) return false;
    if (highestDiploma === undefined) return null;
    if (DIPLOMA_MEETS[g.requires].has(highestDiploma)) return false;
    return inSchool === false && inTraining === false ? true : null;
  },
  deprived: (p, params) =>
    `${who(p)} không đi học, không tham gia đào tạo và chưa có ${REQUIREMENT_TEXT[educationGroup(params, p.age!)!.requires]}`,
  unknown: (p) =>
    p.age === null
      ? noBirthYear(p)
      : p.facts.highestDiploma === undefined
        ? `chưa có bằng cấp cao nhất của ${who(p)}`
        : `chưa biết ${who(p)} có đang đi học hoặc tham gia đào tạo không`,
  none: ({ params: { adultEducation: groups } }) =>
    `Không có thành viên từ ${groups[0]!.from} đến ${groups.at(-1)!.to} tuổi thiếu bằng cấp phù hợp với độ tuổi mà không đi học.`,
};

const LEVEL_RANK: Record<SchoolLevel, number> = {
  preschool: 0,
  primary: 1,
  lower_secondary: 2,
  upper_secondary: 3,
  vocational: 3,
  higher: 4,
};
function expectedLevel(params: DerivationParams, age: number) {
  for (const l of params.schoolLevelForAge) if (age >= l.fromAge) return l.level;
  return "preschool";
}

const CHILD_SCHOOLING: MemberRule = {
  test(p, params) {
    const { from, to, checkLevel } = params.childSchooling;
    if (p.age === null) return null;
    if (p.age < from || p.age > to) return false;
    const { inSchool, schoolLevel } = p.facts;
    if (inSchool === undefined) return null;
    if (!inSchool) return true;
    if (!checkLevel) return false;
    return schoolLevel === undefined ? null : LEVEL_RANK[schoolLevel] < LEVEL_RANK[expectedLevel(params, p.age)];
  },
  deprived: (p, params) =>
    p.facts.inSchool === false
      ? `${who(p)} không đi học`
      : `${who(p)} đang học ${labels.schoolLevel[p.facts.schoolLevel!].toLowerCase()}, chưa đúng cấp học theo tuổi (${labels.schoolLevel[expectedLevel(params, p.age!)].toLowerCase()})`,
  unknown: (p) =>
    p.age === null
      ? noBirthYear(p)
      : p.facts.inSchool === undefined
        ? `chưa biết ${who(p)} có đi học không`
        : `chưa có cấp học của ${who(p)}`,
  none: ({
    params: {
      childSchooling: { from, to, checkLevel },
    },
  }) =>
    `Không có trẻ em từ ${from} đến dưới ${to + 1} tuổi ${checkLevel ? "không học đúng cấp học theo tuổi" : "không đi học"}.`,
};

const STRUCTURES = [
  {
    part: "tường",
    key: "wallMaterial",
    structure: "wall",
    labels: labels.wallMaterial as Record<string, string>,
  },
  {
    part: "cột/khung",
    key: "frameMaterial",
    structure: "frame",
    labels: labels.frameMaterial as Record<string, string>,
  },
  {
    part: "mái",
    key: "roofMaterial",
    structure: "roof",
    labels: labels.roofMaterial as Record<string, string>,
  },
] as const;

const isDurable = (params: DerivationParams, s: (typeof STRUCTURES)[number], material: string) =>
  params.durableMaterials[s.structure].includes(material);

/** The structures of one kind (durable or not), named with their material, for the reason. */
function structureList(params: DerivationParams, d: DwellingFacts, durable: boolean): string {
  return STRUCTURES.filter((s) => d[s.key] !== undefined && isDurable(params, s, d[s.key]!) === durable)
    .map((s) => `${s.part}: ${s.labels[d[s.key]!]!.toLowerCase()}`)
    .join(", ");
}

function housingQuality(ctx: Context): Finding {
  const d = ctx.household.facts?.dwelling;
  if (d?.noHome) return { value: true, because: "Hộ không có nhà ở." };
  let weak = 0;
  let strong = 0;
  for (const s of STRUCTURES) {
    const m = d?.[s.key];
    if (m !== undefined) isDurable(ctx.params, s, m) ? strong++ : weak++;
  }
  if (weak >= 2)
    return {
      value: true,
      because: `Nhà không bền chắc, ${weak}/3 kết cấu bằng vật liệu không bền chắc (${structureList(ctx.params, d!, false)}).`,
    };
  if (strong >= 2) return { value: false, because: `Nhà bền chắc: ${structureList(ctx.params, d!, true)}.` };
  return undecided(`chưa đủ thông tin vật liệu tường, cột/khung, mái (đã có ${weak + strong}/3)`);
}

function housingArea(ctx: Context): Finding {
  const d = ctx.household.facts?.dwelling;
  if (d?.noHome) return { value: true, because: "Hộ không có nhà ở." };
  const n = ctx.people.length;
  const area = d?.livingAreaM2;
  if (n === 0) return undecided("hộ chưa có thành viên nào");
  if (typeof area !== "number" || !Number.isFinite(area) || area < 0) return undecided("chưa có diện tích nhà ở");
  const perPerson = area / n;
  const min = ctx.params.minAreaPerPersonM2;
  const text = `Diện tích nhà ở ${formatDecimalVi(area)} m² cho ${n} người, bình quân ${formatDecimalVi(perPerson)} m²/người`;
  return perPerson < min
    ? { value: true, because: `${text} (dưới ${min} m²).` }
    : { value: false, because: `${text}.` };
}

function water(ctx: Context): Finding {
  const s = ctx.household.facts?.dwelling?.waterSource;
  if (s === undefined) return undecided("chưa có nguồn nước sinh hoạt chính");
  const clean = ctx.params.cleanWaterSources.includes(s);
  return {
    value: !clean,
    because: `Nguồn nước sinh hoạt chính: ${labels.waterSource[s].toLowerCase()}${clean ? "" : " (không phải nguồn nước sạch)"}.`,
  };
}

function sanitation(ctx: Context): Finding {
  const l = ctx.household.facts?.dwelling?.latrine;
  if (l === undefined) return undecided("chưa có loại nhà tiêu");
  const hygienic = ctx.params.hygienicLatrines.includes(l);
  return {
    value: !hygienic,
    because: `Nhà tiêu: ${labels.latrine[l].toLowerCase()}${hygienic ? " (hợp vệ sinh)" : " (không hợp vệ sinh)"}.`,
  };
}

function telecom(ctx: Context): Finding {
  const d = ctx.household.facts?.dwelling;
  const internet = d?.internetUse;
  if (internet === true) return { value: false, because: "Có thành viên sử dụng internet." };
  if (!ctx.params.telecomCountsPhone) {
    return internet === false
      ? { value: true, because: "Không có thành viên nào sử dụng dịch vụ internet." }
      : undecided("chưa biết hộ có sử dụng internet không");
  }
  const phones = [d?.devices?.phone, d?.devices?.smartphone];
  if (phones.includes(true)) return { value: false, because: "Có thành viên sử dụng thuê bao điện thoại." };
  return internet === false && phones.every((x) => x === false)
    ? { value: true, because: "Không có thành viên nào sử dụng thuê bao điện thoại hoặc internet." }
    : undecided("chưa biết hộ có sử dụng điện thoại hoặc internet không");
}

const DEVICES_WITH_PHONES: readonly Device[] = ["tv", "radio", "computer", "phone", "smartphone"];
const DEVICES_WITHOUT_PHONES: readonly Device[] = ["tv", "radio", "computer"];

function informationDevices(ctx: Context): Finding {
  const d = ctx.household.facts?.dwelling;
  const devices = ctx.params.informationDevicesIncludePhone ? DEVICES_WITH_PHONES : DEVICES_WITHOUT_PHONES;
  const owned = devices.find((x) => d?.devices?.[x] === true);
  if (owned) return { value: false, because: `Hộ có ${labels.device[owned].toLowerCase()}.` };
  if (d?.loudspeakerReach === true) return { value: false, because: "Hộ nghe được loa truyền thanh xã/thôn." };
  const names = devices.map((x) => labels.device[x].toLowerCase()).join(", ");
  return d?.loudspeakerReach === false && devices.every((x) => d.devices?.[x] === false)
    ? { value: true, because: `Hộ không có ${names} và không nghe được loa truyền thanh xã/thôn.` }
    : undecided(`chưa biết hộ có ${names} hoặc nghe được loa truyền thanh không`);
}

function healthAccess(ctx: Context): Finding {
  const h = ctx.household.facts?.dwelling?.healthAccess;
  if (h === undefined) return undecided("chưa biết trong hộ có người ốm đau không được khám chữa bệnh không");
  return { value: h === "not_treated", because: `${labels.healthAccess[h]}.` };
}

function waste(ctx: Context): Finding {
  const w = ctx.household.facts?.dwelling?.wasteTreatment;
  if (w === undefined) return undecided("chưa biết cách xử lý rác thải sinh hoạt của hộ");
  const adequate = ctx.params.adequateWasteTreatment.includes(w);
  return { value: !adequate, because: `Rác thải sinh hoạt: ${labels.wasteTreatment[w].toLowerCase()}.` };
}

const RULES: Record<IndicatorCode, (ctx: Context) => Finding> = {
  employment: (ctx) => anyMember(ctx, EMPLOYMENT),
  dependents,
  nutrition: (ctx) => anyMember(ctx, NUTRITION),
  health_access: healthAccess,
  health_insurance: (ctx) => anyMember(ctx, HEALTH_INSURANCE),
  adult_education: (ctx) => anyMember(ctx, ADULT_EDUCATION),
  child_schooling: (ctx) => anyMember(ctx, CHILD_SCHOOLING),
  housing_quality: housingQuality,
  housing_area: housingArea,
  water,
  sanitation,
  waste,
  telecom,
  information_access: informationDevices,
  information_assets: informationDevices,
};

/**
 * Derives every indicator of `standard` from the household's members and facts, on `reviewDate`
 * (`YYYY-MM-DD`, the date the facts describe). Throws a RangeError for a malformed date: callers
 * validate it (see assessment.ts), it is not household data.
 */
export function deriveIndicators(
  standard: Standard,
  household: HouseholdInput,
  reviewDate: string,
): DerivedIndicator[] {
  if (!isIsoDate(reviewDate)) throw new RangeError(`reviewDate must be YYYY-MM-DD, got ${reviewDate}`);
  const year = Number(reviewDate.slice(0, 4));
  const month = Number(reviewDate.slice(5, 7));
  const day = Number(reviewDate.slice(8, 10));
  const members = household.members ?? [];
  const people: Person[] = new Array(members.length);
  for (let index = 0; index < members.length; index++) {
    const facts = members[index]!;
    const age = ageOn(facts, year, month, day);
    people[index] = { facts, age, pastWorkingAge: pastWorkingAge(age, facts.sex, year), index };
  }
  const ctx: Context = { standard, params: standard.derivation, people, household };
  const indicators = standard.indicators;
  const out: DerivedIndicator[] = new Array(indicators.length);
  for (let i = 0; i < indicators.length; i++) {
    const code = indicators[i]!.code;
    const { value, because } = RULES[code](ctx);
    out[i] = { code, value, because };
  }
  return out;
}
