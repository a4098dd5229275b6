// Deterministic synthetic households for demos, tests and benchmarks: the same seed gives the same
// data. The people look like a northern mountain district (Lục Ngạn: Kinh, Nùng, Tày, Sán Chay,
// Hoa, Dao, Sán Dìu), and their facts are drawn from one hidden "hardship" per household so that
// income and deprivations go together and classification gives a realistic spread (a few percent
// poor, a few near-poor, some average-living). Pure: no I/O, no clock, no Math.random.
import type {
  Diploma,
  DwellingFacts,
  Employment,
  Ethnicity,
  HouseholdFacts,
  Member,
  RelationToHead,
  SchoolLevel,
  Sex,
} from "../domain/facts";
import { type Area, ND07_2021, standardForListYear } from "../domain/standards";

export interface GenerateOptions {
  seed: number;
  count: number;
  villageIds: readonly string[];
  /** Review year: ages, birth years and the income level follow it. */
  year: number;
  /** Lines used to scale incomes (default rural). */
  area?: Area;
}

export interface SyntheticHousehold {
  id: string;
  villageId: string;
  address: string;
  headName: string;
  members: Member[];
  facts: HouseholdFacts;
  monthlyIncomePerCapita: number;
}

/** sfc32: small, fast, good enough for demo data, and the same on every JavaScript engine. */
export function prng(seed: number) {
  let a = 0x9e3779b9,
    b = 0x243f6a88,
    c = 0xb7e15162,
    d = seed >>> 0;
  const next = () => {
    a >>>= 0;
    b >>>= 0;
    c >>>= 0;
    d >>>= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

type Rng = ReturnType<typeof prng>;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function uuid(rnd: Rng): string {
  const bytes = new Array<number>(16);
  for (let i = 0; i < 16; i++) bytes[i] = Math.floor(rnd() * 256);
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.map((x) => HEX[x]!);
  return `${h.slice(0, 4).join("")}-${h.slice(4, 6).join("")}-${h.slice(6, 8).join("")}-${h.slice(8, 10).join("")}-${h.slice(10).join("")}`;
}

const pick = <T>(rnd: Rng, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
function weighted<T>(rnd: Rng, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let r = rnd() * total;
  for (const [v, w] of table) if ((r -= w) < 0) return v;
  return table[table.length - 1]![0];
}
/** A standard normal draw (Box–Muller). */
const normal = (rnd: Rng) => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
/** Standard normal cumulative distribution (Abramowitz–Stegun 26.2.17). */
function phi(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const p =
    0.3989423 *
    Math.exp((-z * z) / 2) *
    t *
    (0.3193815 + t * (-0.3565638 + t * (1.781478 + t * (-1.821256 + t * 1.330274))));
  return z > 0 ? 1 - p : p;
}

/** Ethnic mix of Lục Ngạn (approximate shares of households). */
const ETHNIC_MIX: readonly (readonly [Ethnicity, number])[] = [
  ["kinh", 50],
  ["nung", 31],
  ["tay", 10],
  ["san_chay", 4],
  ["hoa", 2.5],
  ["dao", 1.5],
  ["san_diu", 1],
];

const FAMILY_NAMES: Record<string, readonly string[]> = {
  kinh: [
    "Nguyễn",
    "Nguyễn",
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Vũ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Ngô",
    "Dương",
    "Đào",
    "Giáp",
    "Thân",
    "Hà",
    "Lương",
  ],
  tay: ["Hoàng", "Nông", "Lương", "Triệu", "Vi", "Hà", "Lục", "Hứa", "Bế", "Ma", "Lăng", "Đàm"],
  nung: ["Hoàng", "Nông", "Lương", "Vi", "Lục", "Triệu", "Lăng", "Hà", "Chu", "Mã", "Nịnh", "Lã"],
  san_chay: ["Hoàng", "Lâm", "Trần", "Lý", "La", "Đặng", "Ninh"],
  san_diu: ["Lý", "Trần", "Diệp", "La", "Lưu", "Tạ"],
  hoa: ["Lâm", "Trương", "Lưu", "Hoàng", "Dương", "Lý", "Tăng"],
  dao: ["Triệu", "Đặng", "Bàn", "Lý", "Chảo", "Phùng"],
};
const MIDDLE: Record<Sex, readonly string[]> = {
  male: ["Văn", "Văn", "Văn", "Đức", "Minh", "Quang", "Thành", "Hữu", "Công", "Xuân"],
  female: ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Phương", "Hồng", "Kim"],
};
const GIVEN: Record<Sex, readonly string[]> = {
  male: [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Mạnh",
    "Nam",
    "Phong",
    "Quân",
    "Sơn",
    "Thắng",
    "Tuấn",
    "Việt",
    "Đạt",
    "Hưng",
    "Tâm",
    "Trung",
    "Kiên",
    "Lâm",
    "Hiếu",
    "Toàn",
    "Thịnh",
    "Chiến",
  ],
  female: [
    "Anh",
    "Chi",
    "Dung",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phương",
    "Quỳnh",
    "Thảo",
    "Trang",
    "Vân",
    "Yến",
    "Huyền",
    "Loan",
    "Thủy",
    "Hằng",
    "Liên",
    "Diệp",
    "Duyên",
  ],
};
/** Household sizes and their shares (rural northern households average just under 4). */
const SIZES: readonly (readonly [number, number])[] = [
  [1, 6],
  [2, 14],
  [3, 20],
  [4, 28],
  [5, 18],
  [6, 9],
  [7, 4],
  [8, 1],
];

/** Bắc Giang's province code in citizen ID numbers. */
const ID_PROVINCE = "024";

interface Draft {
  sex: Sex;
  age: number;
  relation: RelationToHead;
  ethnicity: Ethnicity;
  familyName: string;
}

function composition(rnd: Rng, size: number, ethnicity: Ethnicity, familyName: string): Draft[] {
  const spouseName = () => pick(rnd, FAMILY_NAMES[ethnicity]!);
  if (size === 1) {
    const sex: Sex = rnd() < 0.6 ? "female" : "male";
    return [
      {
        sex,
        age: rnd() < 0.6 ? 60 + Math.floor(rnd() * 28) : 22 + Math.floor(rnd() * 38),
        relation: "head",
        ethnicity,
        familyName,
      },
    ];
  }
  const headAge = 24 + Math.floor(rnd() * (size >= 5 ? 50 : 58));
  const headSex: Sex = rnd() < 0.82 ? "male" : "female";
  const out: Draft[] = [{ sex: headSex, age: headAge, relation: "head", ethnicity, familyName }];
  const fatherName = headSex === "male" ? familyName : spouseName();
  if (rnd() < 0.9)
    out.push({
      sex: headSex === "male" ? "female" : "male",
      age: Math.max(18, headAge + Math.floor(rnd() * 9) - 5),
      relation: "spouse",
      ethnicity: rnd() < 0.85 ? ethnicity : weighted(rnd, ETHNIC_MIX),
      familyName: headSex === "male" ? spouseName() : fatherName,
    });
  if (headAge >= 50 && size - out.length >= 3 && rnd() < 0.6) {
    // Three generations: a married son, his wife and their children.
    const sonAge = headAge - 22 - Math.floor(rnd() * 8);
    out.push({ sex: "male", age: sonAge, relation: "child", ethnicity, familyName: fatherName });
    out.push({
      sex: "female",
      age: Math.max(18, sonAge - Math.floor(rnd() * 5)),
      relation: "child_in_law",
      ethnicity,
      familyName: spouseName(),
    });
    let age = sonAge - 22 - Math.floor(rnd() * 6);
    while (out.length < size) {
      out.push({
        sex: rnd() < 0.52 ? "male" : "female",
        age: Math.max(0, age),
        relation: "grandchild",
        ethnicity,
        familyName: fatherName,
      });
      age -= 2 + Math.floor(rnd() * 3);
    }
    return out;
  }
  let age = headAge - 21 - Math.floor(rnd() * 10);
  while (out.length < size) {
    if (age < 0) {
      out.push({
        sex: rnd() < 0.6 ? "female" : "male",
        age: Math.min(95, headAge + 22 + Math.floor(rnd() * 10)),
        relation: "parent",
        ethnicity,
        familyName: spouseName(),
      });
      continue;
    }
    out.push({ sex: rnd() < 0.52 ? "male" : "female", age, relation: "child", ethnicity, familyName: fatherName });
    age -= 2 + Math.floor(rnd() * 4);
  }
  return out;
}

function schoolLevelFor(age: number): SchoolLevel {
  return age >= 18
    ? "higher"
    : age >= 15
      ? "upper_secondary"
      : age >= 11
        ? "lower_secondary"
        : age >= 6
          ? "primary"
          : "preschool";
}
function diplomaFor(rnd: Rng, age: number, hardship: number): Diploma {
  if (age < 11) return "none";
  if (age < 15) return "primary";
  if (rnd() < 0.04 + 0.3 * hardship) return rnd() < 0.5 ? "primary" : "lower_secondary";
  if (age < 18) return "lower_secondary";
  return weighted(rnd, [
    ["upper_secondary", 55],
    ["lower_secondary", 12],
    ["vocational_elementary", 8],
    ["vocational_intermediate", 10],
    ["college", 6],
    ["university", 9],
  ] as const);
}

/**
 * Generates `count` households spread over `villageIds`. Income per person is log-normal around
 * twice the pack's deciding line; a household's hardship (how far under that it falls) raises the
 * odds of every deprivation, so poverty and deprivations go together as in the surveys.
 */
export function generateHouseholds(options: GenerateOptions): SyntheticHousehold[] {
  const { seed, count, villageIds, year } = options;
  if (villageIds.length === 0) throw new RangeError("villageIds must not be empty");
  const rnd = prng(seed);
  // Incomes sit around the line of the list in force in the year the facts describe.
  const standard = standardForListYear(year) ?? ND07_2021;
  const lines = standard.lines[options.area ?? "rural"];
  const median = 2 * (lines.minimumLiving ?? lines.poverty);
  const households: SyntheticHousehold[] = [];
  const houseNumbers = new Map<string, number>();

  for (let h = 0; h < count; h++) {
    const villageId = villageIds[h % villageIds.length]!;
    const ethnicity = weighted(rnd, ETHNIC_MIX);
    // Minority households are on average somewhat poorer in the district's statistics.
    const z = normal(rnd) - (ethnicity === "kinh" || ethnicity === "hoa" ? 0 : 0.15);
    const hardship = phi(-z) ** 3;
    const monthlyIncomePerCapita = Math.round((median * Math.exp(0.6 * z)) / 1000) * 1000;
    const chance = (base: number, slope: number) => rnd() < base + slope * hardship;

    const size = weighted(rnd, SIZES);
    const familyName = pick(rnd, FAMILY_NAMES[ethnicity]!);
    const drafts = composition(rnd, size, ethnicity, familyName);
    const members: Member[] = drafts.map((d) => {
      const birthYear = year - d.age;
      const fullName = `${d.familyName} ${pick(rnd, MIDDLE[d.sex])} ${pick(rnd, GIVEN[d.sex])}`;
      const m: Member = {
        id: uuid(rnd),
        fullName,
        sex: d.sex,
        birthYear,
        ethnicity: d.ethnicity,
        relationToHead: d.relation,
      };
      if (d.age >= 14 && rnd() < 0.85) {
        const century = birthYear >= 2000 ? 2 : 0;
        const tail = String(Math.floor(rnd() * 1e6)).padStart(6, "0");
        m.idNumber = `${ID_PROVINCE}${century + (d.sex === "female" ? 1 : 0)}${String(birthYear % 100).padStart(2, "0")}${tail}`;
      }
      m.healthInsurance = d.age < 6 || !chance(0.02, 0.1);
      const child = d.age < 16;
      if (child) {
        m.nutrition = chance(0.03, 0.25) ? (rnd() < 0.6 ? "stunted" : "underweight") : "normal";
        m.highestDiploma = diplomaFor(rnd, d.age, hardship);
        m.workingCapacity = d.age >= 15 ? "full" : "none";
        m.employment = "not_in_labour_force";
        if (d.age >= 3) {
          m.inSchool = !chance(0.01, 0.2);
          m.inTraining = false;
          if (m.inSchool) {
            const expected = schoolLevelFor(d.age);
            m.schoolLevel =
              expected !== "preschool" && chance(0.01, 0.1)
                ? expected === "lower_secondary"
                  ? "primary"
                  : expected === "upper_secondary"
                    ? "lower_secondary"
                    : "preschool"
                : expected;
          }
        } else m.inSchool = false;
        return m;
      }
      const student = d.age <= 22 && rnd() < (d.age < 18 ? 0.85 : 0.35) * (1 - hardship);
      m.inSchool = student;
      m.inTraining = !student && d.age <= 30 && rnd() < 0.05;
      if (student) m.schoolLevel = schoolLevelFor(d.age);
      m.highestDiploma = diplomaFor(rnd, d.age, hardship);
      const elderly = d.age >= 62 || (d.sex === "female" && d.age >= 57);
      m.workingCapacity = chance(elderly ? 0.3 : 0.02, 0.08)
        ? "none"
        : elderly || chance(0.03, 0.1)
          ? "limited"
          : "full";
      const employment: Employment = student
        ? "not_in_labour_force"
        : m.workingCapacity === "none" || elderly
          ? "not_in_labour_force"
          : chance(0.01, 0.05)
            ? "unemployed"
            : weighted(rnd, [
                ["self_employed", 60 - 20 * hardship],
                ["wage_contract", 22 - 18 * hardship],
                ["wage_no_contract", 8 + 12 * hardship],
                ["not_in_labour_force", 5],
              ] as const);
      m.employment = employment;
      if (elderly && rnd() < 0.18 * (1 - hardship)) m.pension = true;
      if (rnd() < 0.02) m.meritorious = true;
      if (m.workingCapacity === "none" && rnd() < 0.5) m.disability = rnd() < 0.5 ? "severe" : "very_severe";
      if (m.disability || (elderly && d.age >= 80)) m.socialAssistance = true;
      return m;
    });

    const weakHome = chance(0.02, 0.3);
    const dwelling: DwellingFacts = {
      noHome: false,
      wallMaterial: weakHome
        ? pick(rnd, ["earth", "bamboo_leaves", "other_flimsy"] as const)
        : pick(rnd, ["brick_stone", "brick_stone", "concrete", "durable_wood"] as const),
      frameMaterial:
        weakHome && rnd() < 0.7
          ? pick(rnd, ["poor_wood", "bamboo"] as const)
          : pick(rnd, ["reinforced_concrete", "brick_stone", "durable_wood"] as const),
      roofMaterial:
        weakHome && rnd() < 0.7
          ? pick(rnd, ["leaves_straw", "other_flimsy"] as const)
          : pick(rnd, ["tile", "metal_sheet", "fibre_cement", "concrete"] as const),
      livingAreaM2: Math.max(8, Math.round(size * (28 * (1 - 0.7 * hardship) + 6 * normal(rnd)))),
      waterSource: chance(0.04, 0.25)
        ? pick(rnd, ["unprotected_dug_well", "unprotected_spring", "surface_water"] as const)
        : pick(rnd, ["piped", "drilled_well", "protected_dug_well", "protected_spring", "rain_water"] as const),
      latrine: chance(0.06, 0.3)
        ? pick(rnd, ["simple_pit", "over_water", "none"] as const)
        : pick(rnd, ["septic_tank", "septic_tank", "pour_flush", "double_vault", "ventilated_pit", "biogas"] as const),
      internetUse: !chance(0.05, 0.3),
      loudspeakerReach: !chance(0.05, 0.3),
      wasteTreatment: chance(0.15, 0.5)
        ? pick(rnd, ["burned", "dumped"] as const)
        : pick(rnd, ["collected", "buried_or_composted"] as const),
      healthAccess: chance(0.01, 0.15) ? "not_treated" : rnd() < 0.3 ? "treated" : "no_serious_illness",
      electricity: !chance(0, 0.05),
    };
    const noDevices = chance(0.01, 0.2);
    dwelling.devices = {
      tv: !noDevices && rnd() < 0.9,
      radio: !noDevices && rnd() < 0.1,
      computer: !noDevices && rnd() < 0.35 * (1 - hardship),
      phone: !noDevices && rnd() < 0.6,
      smartphone: !noDevices && dwelling.internetUse === true,
    };
    const facts: HouseholdFacts = {
      dwelling,
      ownsCar: rnd() < 0.08 * (1 - hardship),
      productionLandM2: Math.round(rnd() * 6000 * (1 - 0.5 * hardship)),
      houseFloorAreaM2: Math.round(dwelling.livingAreaM2! * (1.1 + rnd() * 0.6)),
      ownsBusiness: rnd() < 0.05 * (1 - hardship),
    };
    if (hardship > 0.3) {
      facts.causesOfPoverty = pick(rnd, [
        ["capital"],
        ["land", "capital"],
        ["labour"],
        ["illness_or_accident"],
        ["skills", "know_how"],
        ["tools", "capital"],
        ["other"],
      ] as const).slice();
      facts.supportNeeds = pick(rnd, [
        ["credit"],
        ["credit", "vocational_training"],
        ["housing"],
        ["production_land", "livestock_seeds"],
        ["job"],
        ["health_insurance", "clean_water"],
      ] as const).slice();
    }

    const house = (houseNumbers.get(villageId) ?? 0) + 1;
    houseNumbers.set(villageId, house);
    households.push({
      id: uuid(rnd),
      villageId,
      address: `Nhà số ${house}, xóm ${1 + Math.floor((house - 1) / 40)}`,
      headName: members[0]!.fullName,
      members,
      facts,
      monthlyIncomePerCapita,
    });
  }
  return households;
}
