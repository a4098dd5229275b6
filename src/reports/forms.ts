// The official summary forms (DOMAIN.md §5, after Circular 07/2021 Phụ lục VII and 02/2022): for
// each, its title, its columns with Vietnamese labels, and how its per-village values come from
// the SQL groups of src/db/tenant/reports.ts. Rates are percentages rounded half up to two
// decimals, computed from the summed counts of each row, subtotal and total.

import type { StoredCampaign } from "../db/tenant/campaigns";
import type { AssessmentScope } from "../db/tenant/reports";
import * as sql from "../db/tenant/reports";
import {
  CAUSES_OF_POVERTY,
  type Category,
  ETHNICITIES,
  labels,
  MOVEMENT_COLUMNS,
  MOVEMENT_KINDS,
  type MovementKind,
  movement,
  ratePercent,
  type Standard,
} from "../domain";
import type { ReportColumn, SummaryFormCode, Values } from "./types";

export interface FormContext {
  d1: D1Database;
  campaign: StoredCampaign;
  standard: Standard;
  scope: AssessmentScope;
  /** Open falsification signals per village, for the progress report (absent: not shown). */
  openAnomalies?: () => Promise<Map<string, number>>;
}

export interface SummaryForm {
  title: string;
  /** Urban and rural blocks with their subtotals. */
  blocks: boolean;
  /** Loads the per-village values and returns the columns (some forms' columns follow the data). */
  load(ctx: FormContext): Promise<{ columns: ReportColumn[]; byVillage: Map<string, Values> }>;
  /** Fills a row's derived columns (rates) from its counts. */
  finish(v: Values): void;
}

const count = (key: string, label: string, group?: string): ReportColumn =>
  group ? { key, label, kind: "count", group } : { key, label, kind: "count" };
const rate = (key: string, label: string, group?: string): ReportColumn =>
  group ? { key, label, kind: "rate", group } : { key, label, kind: "rate" };
const UNIT: ReportColumn = { key: "unitName", label: "Đơn vị", kind: "text" };

/** A per-village accumulator: adds to a key, creating the village's values on first use. */
function accumulator() {
  const byVillage = new Map<string, Values>();
  const add = (villageId: string, key: string, n: number) => {
    let v = byVillage.get(villageId);
    if (!v) byVillage.set(villageId, (v = {}));
    v[key] = ((v[key] as number | undefined) ?? 0) + n;
  };
  return { byVillage, add };
}

const num = (v: Values, key: string) => (typeof v[key] === "number" ? (v[key] as number) : 0);

/** The two lists the forms split households into, with the keys and words each uses. */
const LISTS = [
  { category: "poor" as const, key: "poor", label: "Hộ nghèo", short: "hộ nghèo" },
  { category: "near_poor" as const, key: "nearPoor", label: "Hộ cận nghèo", short: "hộ cận nghèo" },
];
const listKey = (category: string) => (category === "poor" ? "poor" : "nearPoor");

// ---- 1. results ----------------------------------------------------------------------------

const RESULTS_COLUMNS: ReportColumn[] = [
  UNIT,
  count("households", "Tổng số hộ dân cư", "Toàn bộ dân cư"),
  count("persons", "Tổng số nhân khẩu", "Toàn bộ dân cư"),
  count("poor", "Số hộ nghèo", "Hộ nghèo"),
  count("poorPersons", "Số nhân khẩu hộ nghèo", "Hộ nghèo"),
  rate("poorRate", "Tỷ lệ hộ nghèo (%)", "Hộ nghèo"),
  count("nearPoor", "Số hộ cận nghèo", "Hộ cận nghèo"),
  count("nearPoorPersons", "Số nhân khẩu hộ cận nghèo", "Hộ cận nghèo"),
  rate("nearPoorRate", "Tỷ lệ hộ cận nghèo (%)", "Hộ cận nghèo"),
  count("averageLiving", "Số hộ có mức sống trung bình", "Hộ có mức sống trung bình"),
  count("averageLivingPersons", "Số nhân khẩu hộ có mức sống trung bình", "Hộ có mức sống trung bình"),
  rate("averageLivingRate", "Tỷ lệ hộ có mức sống trung bình (%)", "Hộ có mức sống trung bình"),
];

const RESULT_KEYS: Partial<Record<Category, [string, string]>> = {
  poor: ["poor", "poorPersons"],
  near_poor: ["nearPoor", "nearPoorPersons"],
  average_living: ["averageLiving", "averageLivingPersons"],
};

/** Households and persons of the register, and the results by category, per village. */
async function loadResults(ctx: FormContext) {
  const { byVillage, add } = accumulator();
  const [register, groups] = await Promise.all([
    sql.registerCountsByVillage(ctx.d1),
    sql.resultsByVillage(ctx.d1, ctx.scope),
  ]);
  for (const r of register) {
    add(r.villageId, "households", r.households);
    add(r.villageId, "persons", r.persons);
  }
  for (const g of groups) {
    const keys = RESULT_KEYS[g.category as Category];
    if (!keys) continue;
    add(g.village_id, keys[0], g.households);
    add(g.village_id, keys[1], g.persons);
  }
  return byVillage;
}

const results: SummaryForm = {
  title: "Kết quả rà soát hộ nghèo, hộ cận nghèo",
  blocks: true,
  async load(ctx) {
    return { columns: RESULTS_COLUMNS, byVillage: await loadResults(ctx) };
  },
  finish(v) {
    const households = num(v, "households");
    v.poorRate = ratePercent(num(v, "poor"), households);
    v.nearPoorRate = ratePercent(num(v, "nearPoor"), households);
    v.averageLivingRate = ratePercent(num(v, "averageLiving"), households);
  },
};

// ---- 2–3. movement of the lists ------------------------------------------------------------

type MovementList = "poor" | "nearPoor";
const camel = (s: string) => s.replace(/_([a-z])/g, (_, ch: string) => ch.toUpperCase());

function movementColumns(list: MovementList): ReportColumn[] {
  const name = list === "poor" ? "hộ nghèo" : "hộ cận nghèo";
  const other = list === "poor" ? "hộ cận nghèo" : "hộ nghèo";
  const decreases = `Số ${name} giảm`;
  const increases = `Số ${name} tăng`;
  return [
    UNIT,
    count("start", `Số ${name} đầu kỳ`),
    count("decreases", "Tổng số giảm", decreases),
    count(list === "poor" ? "decreaseBecameNearPoor" : "decreaseBecamePoor", `Chuyển thành ${other}`, decreases),
    count("decreaseEscaped", list === "poor" ? "Thoát nghèo" : "Thoát cận nghèo", decreases),
    count("decreaseOther", "Giảm do nguyên nhân khác (chuyển đi, tách, nhập hộ, không còn nhân khẩu)", decreases),
    count("increases", "Tổng số tăng", increases),
    count(list === "poor" ? "increaseFromNearPoor" : "increaseFromPoor", `Từ ${other} chuyển sang`, increases),
    count("increaseFellBack", list === "poor" ? "Tái nghèo" : "Tái cận nghèo", increases),
    count("increaseNew", "Phát sinh mới", increases),
    count("increaseOther", "Tăng do nguyên nhân khác (tách hộ, chuyển đến)", increases),
    count("end", `Số ${name} cuối kỳ`),
    count("pending", "Trong đó: chưa có kết quả rà soát (giữ như đầu kỳ)"),
  ];
}

const DECREASE_KEYS = ["decreaseBecameNearPoor", "decreaseBecamePoor", "decreaseEscaped", "decreaseOther"];
const INCREASE_KEYS = ["increaseFromNearPoor", "increaseFromPoor", "increaseFellBack", "increaseNew", "increaseOther"];

const isMovementKind = (s: string | null): s is MovementKind =>
  s !== null && (MOVEMENT_KINDS as readonly string[]).includes(s);

/**
 * Every counted assessment lands in the columns its movement kind names (MOVEMENT_COLUMNS), so
 * end = start − decreases + increases holds by construction. A listed household without a result
 * yet stays on the list it was on (start and end, shown as pending); a household of the previous
 * lists that this campaign did not list leaves it ("giảm do nguyên nhân khác").
 */
function movementForm(list: MovementList): SummaryForm {
  const side = list === "poor" ? "poor" : "nearPoor";
  const category = list === "poor" ? "poor" : "near_poor";
  const columns = movementColumns(list);
  return {
    title: list === "poor" ? "Diễn biến hộ nghèo" : "Diễn biến hộ cận nghèo",
    blocks: true,
    async load(ctx) {
      const { byVillage, add } = accumulator();
      const [groups, unlisted] = await Promise.all([
        sql.movementByVillage(ctx.d1, ctx.scope),
        ctx.campaign.previousCampaignId ? sql.unlistedPreviousByVillage(ctx.d1, ctx.scope) : Promise.resolve([]),
      ]);
      for (const g of groups) {
        const previous = (g.previous_category ?? null) as Category | null;
        const kind = isMovementKind(g.movement)
          ? g.movement
          : g.category
            ? movement(previous, g.category as Category)
            : null;
        if (kind === null) {
          if (previous === category) {
            add(g.village_id, "start", g.n);
            add(g.village_id, "end", g.n);
            add(g.village_id, "pending", g.n);
          }
          continue;
        }
        const cols = MOVEMENT_COLUMNS[kind][side];
        if (cols.start) add(g.village_id, "start", g.n);
        if (cols.end) add(g.village_id, "end", g.n);
        if (cols.column) add(g.village_id, camel(cols.column), g.n);
      }
      for (const u of unlisted) {
        if (u.category !== category) continue;
        add(u.village_id, "start", u.n);
        add(u.village_id, "decreaseOther", u.n);
      }
      return { columns, byVillage };
    },
    finish(v) {
      v.decreases = DECREASE_KEYS.reduce((s, k) => s + num(v, k), 0);
      v.increases = INCREASE_KEYS.reduce((s, k) => s + num(v, k), 0);
    },
  };
}

// ---- 4–7. deprivations ---------------------------------------------------------------------

const deprivations: SummaryForm = {
  title: "Hộ nghèo, hộ cận nghèo theo mức độ thiếu hụt các dịch vụ xã hội cơ bản",
  blocks: true,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    const [bases, groups] = await Promise.all([
      sql.resultsByVillage(ctx.d1, ctx.scope),
      sql.deprivationsByVillage(ctx.d1, ctx.scope),
    ]);
    for (const b of bases)
      if (b.category === "poor" || b.category === "near_poor") add(b.village_id, listKey(b.category), b.households);
    const known = new Set<string>(ctx.standard.indicators.map((i) => i.code));
    for (const g of groups) if (known.has(g.code)) add(g.village_id, `${listKey(g.category)}_${g.code}`, g.n);
    const columns: ReportColumn[] = [UNIT];
    for (const l of LISTS) {
      columns.push(count(l.key, `Tổng số ${l.short}`, l.label));
      for (const ind of ctx.standard.indicators) {
        const group = `${l.label} thiếu hụt: ${ind.nameVi}`;
        columns.push(
          count(`${l.key}_${ind.code}`, "Số hộ", group),
          rate(`${l.key}Rate_${ind.code}`, `Tỷ lệ so với tổng số ${l.short} (%)`, group),
        );
      }
    }
    return { columns, byVillage };
  },
  finish(v) {
    for (const key of Object.keys(v)) {
      const m = /^(poor|nearPoor)_(.+)$/.exec(key);
      if (m) v[`${m[1]}Rate_${m[2]}`] = ratePercent(num(v, key), num(v, m[1]!));
    }
  },
};

// ---- 8. groups -----------------------------------------------------------------------------

const GROUPS: [keyof Omit<sql.GroupCounts, "village_id" | "category" | "households">, string, string][] = [
  ["minority", "minority", "Hộ dân tộc thiểu số (chủ hộ là người dân tộc thiểu số)"],
  ["no_labour", "noLabour", "Hộ không có người có khả năng lao động"],
  ["meritorious", "meritorious", "Hộ có thành viên là người có công với cách mạng"],
  ["social_assistance", "socialAssistance", "Hộ có thành viên hưởng trợ cấp bảo trợ xã hội"],
  ["female_head", "femaleHead", "Hộ có chủ hộ là nữ"],
];

const groups: SummaryForm = {
  title: "Hộ nghèo, hộ cận nghèo theo nhóm đối tượng",
  blocks: true,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    for (const g of await sql.groupsByVillage(ctx.d1, ctx.scope)) {
      const k = listKey(g.category);
      add(g.village_id, k, g.households);
      for (const [col, key] of GROUPS) add(g.village_id, `${k}_${key}`, g[col]);
    }
    const columns: ReportColumn[] = [UNIT];
    for (const l of LISTS) {
      columns.push(count(l.key, `Tổng số ${l.short}`, l.label));
      for (const [, key, label] of GROUPS) columns.push(count(`${l.key}_${key}`, label, l.label));
    }
    return { columns, byVillage };
  },
  finish() {},
};

// ---- 9. ethnicity --------------------------------------------------------------------------

const ethnicityLabel = (code: string) => (labels.ethnicity as Record<string, string>)[code] ?? code;

const ethnicity: SummaryForm = {
  title: "Hộ nghèo, hộ cận nghèo theo dân tộc của chủ hộ",
  blocks: true,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    const present = new Set<string>();
    for (const g of await sql.ethnicityByVillage(ctx.d1, ctx.scope)) {
      const k = listKey(g.category);
      const eth = g.ethnicity ?? "other";
      present.add(eth);
      add(g.village_id, k, g.households);
      add(g.village_id, `${k}Persons`, g.persons);
      if (eth !== "kinh") add(g.village_id, `${k}_minority`, g.households);
      add(g.village_id, `${k}_${eth}`, g.households);
    }
    // Kinh first, then each group present, in the order of the code list.
    const order = [
      ...ETHNICITIES,
      ...[...present].filter((e) => !(ETHNICITIES as readonly string[]).includes(e)).sort(),
    ];
    const shown = order.filter((e) => e === "kinh" || present.has(e));
    const columns: ReportColumn[] = [UNIT];
    for (const l of LISTS) {
      columns.push(
        count(l.key, `Tổng số ${l.short}`, l.label),
        count(`${l.key}Persons`, `Số nhân khẩu ${l.short}`, l.label),
      );
      columns.push(count(`${l.key}_minority`, "Trong đó: hộ dân tộc thiểu số", l.label));
      for (const e of shown) columns.push(count(`${l.key}_${e}`, `Dân tộc ${ethnicityLabel(e)}`, l.label));
    }
    return { columns, byVillage };
  },
  finish() {},
};

// ---- 10. causes ----------------------------------------------------------------------------

const causes: SummaryForm = {
  title: "Hộ nghèo, hộ cận nghèo theo nguyên nhân nghèo",
  blocks: true,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    const [bases, groups] = await Promise.all([
      sql.resultsByVillage(ctx.d1, ctx.scope),
      sql.causesByVillage(ctx.d1, ctx.scope),
    ]);
    for (const b of bases)
      if (b.category === "poor" || b.category === "near_poor") add(b.village_id, listKey(b.category), b.households);
    const known = new Set<string>(CAUSES_OF_POVERTY);
    for (const g of groups)
      add(
        g.village_id,
        `${listKey(g.category)}_${g.cause === null ? "unrecorded" : known.has(g.cause) ? g.cause : "other"}`,
        g.n,
      );
    const columns: ReportColumn[] = [UNIT];
    for (const l of LISTS) {
      columns.push(count(l.key, `Tổng số ${l.short}`, l.label));
      for (const c of CAUSES_OF_POVERTY)
        columns.push(
          count(
            `${l.key}_${c}`,
            labels.causeOfPoverty[c],
            `${l.label} theo nguyên nhân (một hộ có thể có nhiều nguyên nhân)`,
          ),
        );
      columns.push(
        count(
          `${l.key}_unrecorded`,
          "Chưa ghi nguyên nhân",
          `${l.label} theo nguyên nhân (một hộ có thể có nhiều nguyên nhân)`,
        ),
      );
    }
    return { columns, byVillage };
  },
  finish() {},
};

// ---- 11. children --------------------------------------------------------------------------

const CHILD_COLUMNS: [keyof Omit<sql.ChildrenCounts, "village_id" | "category">, string, string][] = [
  ["children", "children", "Số trẻ em dưới 16 tuổi"],
  ["malnourished", "malnourished", "Trẻ em suy dinh dưỡng (thấp còi hoặc nhẹ cân)"],
  ["not_in_school", "notInSchool", "Trẻ em từ 3 tuổi không đi học"],
  ["no_insurance", "noInsurance", "Trẻ em từ 6 tuổi không có bảo hiểm y tế"],
  ["no_clean_water", "noCleanWater", "Trẻ em sống trong hộ thiếu nước sinh hoạt hợp vệ sinh"],
  ["no_sanitation", "noSanitation", "Trẻ em sống trong hộ không có nhà tiêu hợp vệ sinh"],
  ["poor_housing", "poorHousing", "Trẻ em sống trong nhà không bền chắc"],
];

const children: SummaryForm = {
  title: "Thiếu hụt của trẻ em trong hộ nghèo, hộ cận nghèo",
  blocks: true,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    for (const g of await sql.childrenByVillage(ctx.d1, ctx.scope, ctx.campaign.year)) {
      const k = listKey(g.category);
      for (const [col, key] of CHILD_COLUMNS) add(g.village_id, `${k}_${key}`, g[col]);
    }
    const columns: ReportColumn[] = [UNIT];
    for (const l of LISTS)
      for (const [, key, label] of CHILD_COLUMNS)
        columns.push(count(`${l.key}_${key}`, label, `Trẻ em trong ${l.short}`));
    return { columns, byVillage };
  },
  finish() {},
};

// ---- progress ------------------------------------------------------------------------------

/** The procedure's stages in order, and the states at or past each (returned: back to survey). */
const STAGES: [string, string, readonly string[]][] = [
  ["submitted", "Đã nộp (gửi xã)", ["submitted", "accepted", "agreed", "posted", "rechecking", "decided"]],
  ["accepted", "Xã đã kiểm tra, chấp nhận", ["accepted", "agreed", "posted", "rechecking", "decided"]],
  ["agreed", "Đã thống nhất tại họp dân", ["agreed", "posted", "rechecking", "decided"]],
  ["posted", "Đã niêm yết", ["posted", "rechecking", "decided"]],
  ["decided", "Đã có quyết định công nhận", ["decided"]],
];

function progressColumns(withAnomalies: boolean): ReportColumn[] {
  return [
    UNIT,
    count("listed", "Số hộ trong danh sách rà soát"),
    count("screened", "Đã sàng lọc (Phiếu A)"),
    count("excluded", "Không đạt sàng lọc"),
    count("surveyed", "Đã rà soát (Phiếu B)"),
    ...STAGES.map(([key, label]) => count(key, label)),
    count("returned", "Đang trả lại để sửa"),
    count("rechecking", "Đang phúc tra sau khiếu nại"),
    { key: "lastActivity", label: "Cập nhật gần nhất", kind: "timestamp" },
    ...(withAnomalies ? [count("openAnomalies", "Dấu hiệu bất thường chưa kiểm tra")] : []),
  ];
}

const progress: SummaryForm = {
  title: "Tiến độ rà soát hộ nghèo, hộ cận nghèo",
  blocks: false,
  async load(ctx) {
    const { byVillage, add } = accumulator();
    const [groups, anomalies] = await Promise.all([sql.progressByVillage(ctx.d1, ctx.scope), ctx.openAnomalies?.()]);
    for (const g of groups) {
      add(g.village_id, "listed", g.n);
      add(g.village_id, "screened", g.screened);
      add(g.village_id, "surveyed", g.surveyed);
      if (g.state === "excluded") add(g.village_id, "excluded", g.n);
      if (g.state === "returned") add(g.village_id, "returned", g.n);
      if (g.state === "rechecking") add(g.village_id, "rechecking", g.n);
      for (const [key, , states] of STAGES) if (states.includes(g.state)) add(g.village_id, key, g.n);
      const v = byVillage.get(g.village_id)!;
      if (g.last_activity && (typeof v.lastActivity !== "string" || g.last_activity > v.lastActivity))
        v.lastActivity = g.last_activity;
    }
    if (anomalies) for (const [villageId, n] of anomalies) add(villageId, "openAnomalies", n);
    return { columns: progressColumns(anomalies !== undefined), byVillage };
  },
  finish() {},
};

export const SUMMARY_FORM_DEFINITIONS: Record<SummaryFormCode, SummaryForm> = {
  results,
  "poor-movement": movementForm("poor"),
  "near-poor-movement": movementForm("nearPoor"),
  deprivations,
  groups,
  ethnicity,
  causes,
  children,
  progress,
};

export const LIST_TITLES = { "poor-list": "Danh sách hộ nghèo", "near-poor-list": "Danh sách hộ cận nghèo" } as const;
