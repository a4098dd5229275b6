// Assessments (one household's review in one campaign): rows ↔ records, reads, and the statements
// the VillageRoom puts in its batches. The denormalised columns (category, movement, counts,
// timestamps) and the assessment_indicators rows are what the reports aggregate in SQL, so every
// write rewrites them from the record.
import type { AssessmentState, Category, MovementKind } from "../../domain";
import type { Answers, ListReason, StoredResult } from "../../schemas/procedure";
import { PREVIOUS_CHAIN } from "./campaigns";
import type { CounterDelta } from "./counters";

export interface StoredAssessment {
  id: string;
  campaignId: string;
  householdId: string;
  villageId: string;
  communeId: string;
  state: AssessmentState;
  listReason: ListReason;
  answers: Answers | null;
  result: StoredResult | null;
  category: Category | null;
  previousCategory: Category | null;
  movement: MovementKind | null;
  poorBasis: "income" | "deprivation" | null;
  deprivationCount: number | null;
  monthlyIncome: number | null;
  scoreA: number | null;
  provisional: boolean;
  persons: number;
  excludedReason: string | null;
  returnComment: string | null;
  overrideCount: number;
  saveCount: number;
  lastSavedBy: string | null;
  firstSavedAt: string | null;
  lastSavedAt: string | null;
  submittedAt: string | null;
  acceptedAt: string | null;
  agreedAt: string | null;
  postedAt: string | null;
  decidedAt: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Record field → column, in the table's order. */
const COLUMNS: readonly (readonly [keyof StoredAssessment, string])[] = [
  ["id", "id"],
  ["campaignId", "campaign_id"],
  ["householdId", "household_id"],
  ["villageId", "village_id"],
  ["communeId", "commune_id"],
  ["state", "state"],
  ["listReason", "list_reason"],
  ["answers", "answers"],
  ["result", "result"],
  ["category", "category"],
  ["previousCategory", "previous_category"],
  ["movement", "movement"],
  ["poorBasis", "poor_basis"],
  ["deprivationCount", "deprivation_count"],
  ["monthlyIncome", "monthly_income"],
  ["scoreA", "score_a"],
  ["provisional", "provisional"],
  ["persons", "persons"],
  ["excludedReason", "excluded_reason"],
  ["returnComment", "return_comment"],
  ["overrideCount", "override_count"],
  ["saveCount", "save_count"],
  ["lastSavedBy", "last_saved_by"],
  ["firstSavedAt", "first_saved_at"],
  ["lastSavedAt", "last_saved_at"],
  ["submittedAt", "submitted_at"],
  ["acceptedAt", "accepted_at"],
  ["agreedAt", "agreed_at"],
  ["postedAt", "posted_at"],
  ["decidedAt", "decided_at"],
  ["version", "version"],
  ["createdAt", "created_at"],
  ["updatedAt", "updated_at"],
];
const JSON_FIELDS = new Set<keyof StoredAssessment>(["answers", "result"]);

export type AssessmentRow = Record<string, unknown>;

export function assessmentFromRow(row: AssessmentRow): StoredAssessment {
  const a: Record<string, unknown> = {};
  for (const [field, column] of COLUMNS) {
    const v = row[column];
    a[field] = JSON_FIELDS.has(field)
      ? v === null || v === undefined
        ? null
        : JSON.parse(v as string)
      : field === "provisional"
        ? Boolean(v)
        : (v ?? null);
  }
  return a as unknown as StoredAssessment;
}

function columnValues(a: StoredAssessment): unknown[] {
  return COLUMNS.map(([field]) => {
    const v = a[field];
    if (JSON_FIELDS.has(field)) return v === null ? null : JSON.stringify(v);
    if (field === "provisional") return v ? 1 : 0;
    return v ?? null;
  });
}

const SELECT = "SELECT * FROM assessments";

export async function readAssessment(
  d1: D1Database,
  campaignId: string,
  householdId: string,
): Promise<StoredAssessment | undefined> {
  const row = await d1
    .prepare(`${SELECT} WHERE campaign_id = ? AND household_id = ?`)
    .bind(campaignId, householdId)
    .first<AssessmentRow>();
  return row ? assessmentFromRow(row) : undefined;
}

export async function readAssessmentById(d1: D1Database, id: string): Promise<StoredAssessment | undefined> {
  const row = await d1.prepare(`${SELECT} WHERE id = ?`).bind(id).first<AssessmentRow>();
  return row ? assessmentFromRow(row) : undefined;
}

/** The assessments of these households in the campaign (absent ones are not listed). */
export async function readAssessmentsOf(
  d1: D1Database,
  campaignId: string,
  householdIds: readonly string[],
): Promise<StoredAssessment[]> {
  const { results } = await d1
    .prepare(`${SELECT} WHERE campaign_id = ? AND household_id IN (SELECT value FROM json_each(?))`)
    .bind(campaignId, JSON.stringify(householdIds))
    .all<AssessmentRow>();
  return results.map(assessmentFromRow);
}

/** The household's assessments that may still change: not decided, in a commune not yet decided. */
export async function openAssessmentsOf(d1: D1Database, householdId: string): Promise<StoredAssessment[]> {
  const { results } = await d1
    .prepare(
      `${SELECT} a WHERE a.household_id = ? AND a.state <> 'decided'
       AND NOT EXISTS (SELECT 1 FROM decisions d WHERE d.campaign_id = a.campaign_id AND d.commune_id = a.commune_id)`,
    )
    .bind(householdId)
    .all<AssessmentRow>();
  return results.map(assessmentFromRow);
}

export async function readVillageAssessments(
  d1: D1Database,
  campaignId: string,
  villageId: string,
  state: AssessmentState,
): Promise<StoredAssessment[]> {
  const { results } = await d1
    .prepare(`${SELECT} WHERE campaign_id = ? AND village_id = ? AND state = ? ORDER BY household_id`)
    .bind(campaignId, villageId, state)
    .all<AssessmentRow>();
  return results.map(assessmentFromRow);
}

export interface AssessmentQuery {
  campaignId: string;
  villageIds?: string[] | undefined;
  communeId?: string | undefined;
  state?: string | undefined;
  category?: string | undefined;
  listReason?: string | undefined;
  after?: (string | number)[] | undefined;
  limit: number;
}

export type ListedAssessment = StoredAssessment & { headName: string; address: string };

/** The campaign's list, paged by (village, head name, id). */
export async function listAssessments(d1: D1Database, q: AssessmentQuery): Promise<ListedAssessment[]> {
  const where = ["a.campaign_id = ?"];
  const args: unknown[] = [q.campaignId];
  if (q.villageIds) {
    where.push(`a.village_id IN (${q.villageIds.map(() => "?").join(",")})`);
    args.push(...q.villageIds);
  }
  if (q.communeId) {
    where.push("a.commune_id = ?");
    args.push(q.communeId);
  }
  for (const [column, value] of [
    ["a.state", q.state],
    ["a.category", q.category],
    ["a.list_reason", q.listReason],
  ] as const) {
    if (value === undefined) continue;
    where.push(`${column} = ?`);
    args.push(value);
  }
  if (q.after) {
    where.push("(a.village_id, h.head_name, a.id) > (?, ?, ?)");
    args.push(...q.after);
  }
  const { results } = await d1
    .prepare(
      `SELECT a.*, h.head_name AS h_head_name, h.address AS h_address FROM assessments a JOIN households h ON h.id = a.household_id WHERE ${where.join(" AND ")} ORDER BY a.village_id, h.head_name, a.id LIMIT ?`,
    )
    .bind(...args, q.limit)
    .all<AssessmentRow>();
  return results.map((r) => ({
    ...assessmentFromRow(r),
    headName: r.h_head_name as string,
    address: r.h_address as string,
  }));
}

/** The household's decided categories before a campaign, nearest first, and when the previous campaign was created (null: none). */
export interface PriorResults {
  previousCreatedAt: string | null;
  decided: { depth: number; category: Category }[];
}

/** What a write to one household's assessment reads first, in one round trip. */
export interface HouseholdReview {
  assessment: StoredAssessment | undefined;
  /** A commune decision has locked the campaign's records of `communeId` or of the assessment's commune. */
  locked: boolean;
  prior: PriorResults;
}

export async function readReview(
  d1: D1Database,
  campaign: { id: string; previousCampaignId: string | null },
  householdId: string,
  communeId: string,
): Promise<HouseholdReview> {
  const statements = [
    d1.prepare(`${SELECT} WHERE campaign_id = ? AND household_id = ?`).bind(campaign.id, householdId),
    d1
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM decisions WHERE campaign_id = ?1 AND (commune_id = ?2
           OR commune_id IN (SELECT commune_id FROM assessments WHERE campaign_id = ?1 AND household_id = ?3))) AS locked`,
      )
      .bind(campaign.id, communeId, householdId),
  ];
  if (campaign.previousCampaignId)
    statements.push(
      d1.prepare("SELECT created_at FROM campaigns WHERE id = ?").bind(campaign.previousCampaignId),
      d1
        .prepare(
          `WITH RECURSIVE ${PREVIOUS_CHAIN}
           SELECT chain.depth AS depth, a.category AS category FROM chain
           JOIN assessments a ON a.campaign_id = chain.id AND a.household_id = ?2 AND a.state = 'decided' AND a.category IS NOT NULL
           ORDER BY chain.depth`,
        )
        .bind(campaign.id, householdId),
    );
  const [a, locked, prev, decided] = await d1.batch<Record<string, unknown>>(statements);
  const row = a?.results[0];
  return {
    assessment: row ? assessmentFromRow(row) : undefined,
    locked: Boolean(locked?.results[0]?.locked),
    prior: {
      previousCreatedAt: (prev?.results[0]?.created_at as string | undefined) ?? null,
      decided: (decided?.results ?? []) as unknown as PriorResults["decided"],
    },
  };
}

// ---- statements for the write batch ---------------------------------------------------------

const PLACEHOLDERS = COLUMNS.map(() => "?").join(", ");

export function insertAssessmentStatement(d1: D1Database, a: StoredAssessment): D1PreparedStatement {
  return d1
    .prepare(`INSERT INTO assessments (${COLUMNS.map((c) => c[1]).join(", ")}) VALUES (${PLACEHOLDERS})`)
    .bind(...columnValues(a));
}

export function updateAssessmentStatement(d1: D1Database, a: StoredAssessment): D1PreparedStatement {
  const sets = COLUMNS.slice(1).map((c) => `${c[1]} = ?`);
  return d1.prepare(`UPDATE assessments SET ${sets.join(", ")} WHERE id = ?`).bind(...columnValues(a).slice(1), a.id);
}

/**
 * Many assessments rewritten in one statement (rows travel as one JSON parameter, unpacked by
 * json_each): a village meeting, posting or decision touches every household of the village, and
 * D1 bounds the statements of one invocation.
 */
export function updateAssessmentsBulk(d1: D1Database, list: StoredAssessment[]): D1PreparedStatement[] {
  if (list.length <= 1) return list.map((a) => updateAssessmentStatement(d1, a));
  const rows = list.map((a) => {
    const values = columnValues(a);
    return Object.fromEntries(COLUMNS.map(([, column], i) => [column, values[i]]));
  });
  const columns = COLUMNS.slice(1).map((c) => c[1]);
  return [
    d1
      .prepare(
        `UPDATE assessments SET ${columns.map((c) => `${c} = j.${c}`).join(", ")}
         FROM (SELECT ${COLUMNS.map(([, c]) => `json_extract(value, '$.${c}') AS ${c}`).join(", ")} FROM json_each(?)) AS j
         WHERE assessments.id = j.id`,
      )
      .bind(JSON.stringify(rows)),
  ];
}

/** Aborts the batch unless every one of these assessments is still at its version. */
export function guardAssessmentsBulk(d1: D1Database, list: { id: string; version: number }[]): D1PreparedStatement[] {
  if (list.length <= 1) return list.map((a) => guardAssessment(d1, a.id, a.version));
  return [
    d1
      .prepare(
        `INSERT INTO write_guard (ok) SELECT NULL WHERE (SELECT count(*) FROM assessments a JOIN json_each(?1) j
           ON a.id = json_extract(j.value, '$.id') AND a.version = json_extract(j.value, '$.version')) <> ?2`,
      )
      .bind(JSON.stringify(list.map(({ id, version }) => ({ id, version }))), list.length),
  ];
}

/** The indicator rows the deprivation reports read: every decided indicator of the result. */
export function replaceIndicatorStatements(d1: D1Database, a: StoredAssessment): D1PreparedStatement[] {
  const del = d1.prepare("DELETE FROM assessment_indicators WHERE assessment_id = ?").bind(a.id);
  const rows = (a.result?.indicators ?? []).filter((i) => i.value !== null);
  if (!rows.length) return [del];
  const insert = d1
    .prepare(
      `INSERT INTO assessment_indicators (assessment_id, campaign_id, village_id, code, deprived, source) VALUES ${rows.map(() => "(?, ?, ?, ?, ?, ?)").join(", ")}`,
    )
    .bind(
      ...rows.flatMap((i) => [
        a.id,
        a.campaignId,
        a.villageId,
        i.code,
        i.value ? 1 : 0,
        i.override ? "override" : i.derived !== null ? "derived" : "answered",
      ]),
    );
  return [del, insert];
}

/** Moves the indicator rows with their assessment when the household changes village. */
export function moveIndicatorsStatement(d1: D1Database, a: StoredAssessment): D1PreparedStatement {
  return d1.prepare("UPDATE assessment_indicators SET village_id = ? WHERE assessment_id = ?").bind(a.villageId, a.id);
}

/** Aborts the batch unless the assessment is still at `version`. */
export function guardAssessment(d1: D1Database, id: string, version: number): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM assessments WHERE id = ? AND version = ?)",
    )
    .bind(id, version);
}

/** Aborts the batch when a commune decision has locked these communes' records of the campaign. */
export function guardNotDecided(
  d1: D1Database,
  campaignId: string,
  communeIds: readonly string[],
): D1PreparedStatement {
  const ids = [...new Set(communeIds)];
  return d1
    .prepare(
      `INSERT INTO write_guard (ok) SELECT NULL WHERE EXISTS (SELECT 1 FROM decisions WHERE campaign_id = ? AND commune_id IN (${ids.map(() => "?").join(",")}))`,
    )
    .bind(campaignId, ...ids);
}

/** The register keeps the latest result's category, for searching by category. */
export function setHouseholdCategoryStatement(
  d1: D1Database,
  householdId: string,
  category: Category,
): D1PreparedStatement {
  return d1.prepare("UPDATE households SET category = ? WHERE id = ?").bind(category, householdId);
}

// ---- summary counters (keys documented in counters.ts) --------------------------------------

export function assessmentCounterKeys(a: StoredAssessment): string[] {
  const keys = ["listed", `listed:${a.listReason}`, `state:${a.state}`];
  if (a.category) keys.push(`category:${a.category}`);
  if (a.answers) keys.push("surveyed");
  if (a.answers?.phieuA) keys.push("screened");
  if (a.state === "decided" && a.category) keys.push(`decided:${a.category}`);
  return keys;
}

/** What a change of an assessment does to its campaign's counters (either side may be absent). */
export function assessmentCounterDeltas(
  before: StoredAssessment | undefined | null,
  after: StoredAssessment | undefined | null,
): CounterDelta[] {
  const out: CounterDelta[] = [];
  if (before)
    for (const key of assessmentCounterKeys(before))
      out.push({ scope: before.campaignId, unitId: before.villageId, key, delta: -1 });
  if (after)
    for (const key of assessmentCounterKeys(after))
      out.push({ scope: after.campaignId, unitId: after.villageId, key, delta: 1 });
  return out;
}

/** The API form (API.md: id, householdId, campaignId, state, version, listReason, answers, result …). */
export function publicAssessment(a: StoredAssessment, household?: { headName: string; address: string }) {
  return {
    id: a.id,
    householdId: a.householdId,
    campaignId: a.campaignId,
    villageId: a.villageId,
    communeId: a.communeId,
    state: a.state,
    version: a.version,
    listReason: a.listReason,
    answers: a.answers,
    result: a.result,
    category: a.category,
    excludedReason: a.excludedReason,
    returnComment: a.returnComment,
    ...(household ? { headName: household.headName, address: household.address } : {}),
    lastSavedAt: a.lastSavedAt,
    updatedAt: a.updatedAt,
  };
}
