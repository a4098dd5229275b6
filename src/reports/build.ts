// Builds a report as data: the summary forms from their per-village SQL groups folded into rows,
// subtotals and total; the lists by name page by page. Used by the report routes and by the export
// job, so a downloaded file always holds the numbers the API shows.

import type { StoredCampaign } from "../db/tenant/campaigns";
import { type AssessmentScope, type ListKey, listPage, listTotals } from "../db/tenant/reports";
import { listUnits, type UnitRow } from "../db/tenant/units";
import { formatDateVi, getStandard, labels, type Standard } from "../domain";
import type { TenantDb } from "../env";
import { LIST_TITLES, SUMMARY_FORM_DEFINITIONS } from "./forms";
import { fold, reportScope } from "./rollup";
import type {
  ListFormCode,
  ListHousehold,
  ListReport,
  ReportColumn,
  ReportHeader,
  SummaryFormCode,
  SummaryReport,
} from "./types";

export interface ReportInput {
  d1: D1Database;
  db: TenantDb;
  tenantName: string;
  campaign: StoredCampaign;
  /** null: the whole tenant */
  unit: UnitRow | null;
  decidedOnly: boolean;
  /** Open falsification signals per village (progress report), when the user may see them. */
  openAnomalies?: () => Promise<Map<string, number>>;
}

const CAMPAIGN_KIND = {
  periodic: "Rà soát định kỳ",
  rolling: "Rà soát thường xuyên",
  census: "Tổng điều tra",
} as const;

export function periodOf(c: StoredCampaign): string {
  return `${CAMPAIGN_KIND[c.kind]} năm ${c.year}, từ ngày ${formatDateVi(c.periodStart)} đến ngày ${formatDateVi(c.periodEnd)}`;
}

function standardOf(c: StoredCampaign): Standard {
  const s = getStandard(c.standard);
  if (!s) throw new Error(`Campaign ${c.id} has an unknown standard ${c.standard}`);
  return s;
}

export function assessmentScope(input: Pick<ReportInput, "campaign" | "unit" | "decidedOnly">): AssessmentScope {
  const { unit } = input;
  return {
    campaignId: input.campaign.id,
    communeId: unit?.level === "commune" ? unit.id : undefined,
    villageId: unit?.level === "village" ? unit.id : undefined,
    decidedOnly: input.decidedOnly,
  };
}

/** The title of a form for a campaign, as printed on the report. */
export function reportTitle(form: SummaryFormCode | ListFormCode, campaign: StoredCampaign): string {
  const title =
    form === "poor-list" || form === "near-poor-list" ? LIST_TITLES[form] : SUMMARY_FORM_DEFINITIONS[form].title;
  return `${title} năm ${campaign.year}`;
}

function header(input: ReportInput, form: SummaryFormCode | ListFormCode, columns: ReportColumn[]): ReportHeader {
  return {
    form,
    title: reportTitle(form, input.campaign),
    period: periodOf(input.campaign),
    unitId: input.unit?.id ?? null,
    unitName: input.unit?.name ?? input.tenantName,
    campaignId: input.campaign.id,
    decidedOnly: input.decidedOnly,
    columns,
  };
}

export async function buildSummary(input: ReportInput, form: SummaryFormCode): Promise<SummaryReport> {
  const def = SUMMARY_FORM_DEFINITIONS[form];
  const [units, loaded] = await Promise.all([
    listUnits(input.db, {}),
    def.load({
      d1: input.d1,
      campaign: input.campaign,
      standard: standardOf(input.campaign),
      scope: assessmentScope(input),
      ...(input.openAnomalies ? { openAnomalies: input.openAnomalies } : {}),
    }),
  ]);
  const folded = fold(loaded.columns, reportScope(units, input.unit), loaded.byVillage, def.finish, def.blocks);
  return { ...header(input, form, loaded.columns), ...folded };
}

// ---- lists by name -------------------------------------------------------------------------

export const LIST_CATEGORY = { "poor-list": "poor", "near-poor-list": "near_poor" } as const;

/** The columns of the paper list: one line per member, the household's facts on the head's line. */
export const LIST_COLUMNS: ReportColumn[] = [
  { key: "unitName", label: "Thôn, bản, tổ dân phố", kind: "text" },
  { key: "headName", label: "Họ và tên chủ hộ", kind: "text" },
  { key: "address", label: "Địa chỉ", kind: "text" },
  { key: "persons", label: "Số nhân khẩu", kind: "count" },
  { key: "fullName", label: "Họ và tên thành viên", kind: "text", group: "Thành viên hộ" },
  { key: "relationToHead", label: "Quan hệ với chủ hộ", kind: "text", group: "Thành viên hộ" },
  { key: "sex", label: "Giới tính", kind: "text", group: "Thành viên hộ" },
  { key: "birthYear", label: "Năm sinh", kind: "text", group: "Thành viên hộ" },
  { key: "ethnicity", label: "Dân tộc", kind: "text", group: "Thành viên hộ" },
  { key: "deprivationCount", label: "Số chỉ số thiếu hụt", kind: "count" },
  { key: "causesOfPoverty", label: "Nguyên nhân nghèo", kind: "text" },
  { key: "supportNeeds", label: "Nhu cầu hỗ trợ", kind: "text" },
];

const label = (table: Record<string, string>, code: string) => table[code] ?? code;

export interface ListPageResult {
  households: ListHousehold[];
  /** The key of the last household, to ask for the next page; null when this was the last page. */
  next: ListKey | null;
}

/** One page of a list by name, in the order of village code, head's name and household id. */
export async function listHouseholds(
  input: ReportInput,
  form: ListFormCode,
  after: ListKey | undefined,
  limit: number,
  villageNames: ReadonlyMap<string, string>,
): Promise<ListPageResult> {
  const rows = await listPage(input.d1, assessmentScope(input), LIST_CATEGORY[form], after, limit + 1);
  const households: ListHousehold[] = [];
  const keys: ListKey[] = [];
  for (const r of rows) {
    let h = households[households.length - 1];
    if (!h || h.householdId !== r.household_id) {
      const facts = JSON.parse(r.facts || "{}") as { causesOfPoverty?: string[]; supportNeeds?: string[] };
      h = {
        householdId: r.household_id,
        unitId: r.village_id,
        unitName: villageNames.get(r.village_id) ?? "",
        headName: r.head_name,
        address: r.address,
        persons: r.persons,
        category: r.category,
        deprivationCount: r.deprivation_count,
        movement: r.movement,
        causesOfPoverty: (facts.causesOfPoverty ?? []).map((c) => label(labels.causeOfPoverty, c)),
        supportNeeds: (facts.supportNeeds ?? []).map((c) => label(labels.supportNeed, c)),
        members: [],
      };
      households.push(h);
      keys.push([r.village_code, r.head_name, r.household_id]);
    }
    if (r.member_id)
      h.members.push({
        id: r.member_id,
        fullName: r.full_name!,
        sex: r.sex!,
        birthYear: r.birth_year!,
        ethnicity: r.ethnicity!,
        relationToHead: r.relation_to_head!,
      });
  }
  const more = households.length > limit;
  if (more) households.length = limit;
  return { households, next: more ? keys[limit - 1]! : null };
}

export async function villageNames(db: TenantDb): Promise<Map<string, string>> {
  return new Map((await listUnits(db, { level: "village" })).map((u) => [u.id, u.name]));
}

export async function buildListPage(
  input: ReportInput,
  form: ListFormCode,
  after: ListKey | undefined,
  limit: number,
): Promise<Omit<ListReport, "nextCursor"> & { next: ListKey | null }> {
  const [names, totals] = await Promise.all([
    villageNames(input.db),
    listTotals(input.d1, assessmentScope(input), LIST_CATEGORY[form]),
  ]);
  const page = await listHouseholds(input, form, after, limit, names);
  return { ...header(input, form, LIST_COLUMNS), rows: page.households, total: totals, next: page.next };
}
