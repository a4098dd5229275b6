// Campaigns (đợt rà soát) and the listing of their households: the campaign, its list and its
// counters are written in one batch of the tenant's room.
import type { SqlStatement } from "../../coordination/commands/batch";
import type { Campaign, CampaignKind } from "../../schemas/procedure";

interface CampaignRow {
  id: string;
  year: number;
  kind: CampaignKind;
  standard: Campaign["standard"];
  name: string;
  status: "open" | "closed";
  period_start: string;
  period_end: string;
  review_date: string;
  previous_campaign_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export type StoredCampaign = Campaign & { updatedAt: string };

const fromRow = (r: CampaignRow): StoredCampaign => ({
  id: r.id,
  year: r.year,
  kind: r.kind,
  standard: r.standard,
  status: r.status,
  name: r.name,
  periodStart: r.period_start,
  periodEnd: r.period_end,
  reviewDate: r.review_date,
  previousCampaignId: r.previous_campaign_id,
  version: r.version,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const publicCampaign = ({ updatedAt: _u, ...c }: StoredCampaign): Campaign => c;

export async function readCampaign(d1: D1Database, id: string): Promise<StoredCampaign | undefined> {
  const row = await d1.prepare("SELECT * FROM campaigns WHERE id = ?").bind(id).first<CampaignRow>();
  return row ? fromRow(row) : undefined;
}

export async function listCampaigns(d1: D1Database, filter: { year?: number | undefined }): Promise<StoredCampaign[]> {
  const { results } = filter.year
    ? await d1
        .prepare("SELECT * FROM campaigns WHERE year = ? ORDER BY period_start DESC, created_at DESC")
        .bind(filter.year)
        .all<CampaignRow>()
    : await d1.prepare("SELECT * FROM campaigns ORDER BY period_start DESC, created_at DESC").all<CampaignRow>();
  return results.map(fromRow);
}

/** Where a household's assessment in a campaign is written, read with the campaign in one round trip. */
export interface HouseholdTarget {
  campaign: StoredCampaign | undefined;
  place: { villageId: string; communeId: string; area: "urban" | "rural" } | undefined;
  /** The commune's records of the campaign are locked by its decision. */
  locked: boolean;
}

export async function readHouseholdTarget(
  d1: D1Database,
  campaignId: string,
  householdId: string,
): Promise<HouseholdTarget> {
  const [campaign, place] = await d1.batch<Record<string, unknown>>([
    d1.prepare("SELECT * FROM campaigns WHERE id = ?").bind(campaignId),
    d1
      .prepare(
        `SELECT h.village_id, v.parent_id AS commune_id, c.area,
                EXISTS (SELECT 1 FROM decisions d WHERE d.campaign_id = ?1 AND d.commune_id = v.parent_id) AS locked
         FROM households h JOIN units v ON v.id = h.village_id JOIN units c ON c.id = v.parent_id WHERE h.id = ?2`,
      )
      .bind(campaignId, householdId),
  ]);
  const c = campaign?.results[0] as CampaignRow | undefined;
  const p = place?.results[0] as
    | { village_id: string; commune_id: string; area: "urban" | "rural"; locked: number }
    | undefined;
  return {
    campaign: c ? fromRow(c) : undefined,
    place: p ? { villageId: p.village_id, communeId: p.commune_id, area: p.area } : undefined,
    locked: Boolean(p?.locked),
  };
}

/** A campaign of the same kind starting the same day (one periodic review a year, one rolling a month). */
export async function sameCampaign(
  d1: D1Database,
  kind: CampaignKind,
  periodStart: string,
): Promise<StoredCampaign | undefined> {
  const row = await d1
    .prepare("SELECT * FROM campaigns WHERE kind = ? AND period_start = ?")
    .bind(kind, periodStart)
    .first<CampaignRow>();
  return row ? fromRow(row) : undefined;
}

/** The tenant's latest campaign starting before `periodStart`: the one results are compared with. */
export async function campaignBefore(d1: D1Database, periodStart: string): Promise<StoredCampaign | undefined> {
  const row = await d1
    .prepare("SELECT * FROM campaigns WHERE period_start < ? ORDER BY period_start DESC, created_at DESC LIMIT 1")
    .bind(periodStart)
    .first<CampaignRow>();
  return row ? fromRow(row) : undefined;
}

/** A random version-4 UUID made by SQLite, one per row of an INSERT … SELECT. */
export const SQL_UUID =
  "lower(hex(randomblob(4))) || '-' || lower(hex(randomblob(2))) || '-4' || substr(lower(hex(randomblob(2))), 2) || '-' || " +
  "substr('89ab', 1 + (abs(random()) % 4), 1) || substr(lower(hex(randomblob(2))), 2) || '-' || lower(hex(randomblob(6)))";

/**
 * The campaigns before the campaign bound as `?1`, following previous_campaign_id, as a CTE
 * `chain(id, depth)`: depth 1 is the previous campaign, 2 the one before it, …
 */
export const PREVIOUS_CHAIN = `chain(id, depth) AS (
    SELECT previous_campaign_id, 1 FROM campaigns WHERE id = ?1 AND previous_campaign_id IS NOT NULL
    UNION ALL
    SELECT c.previous_campaign_id, chain.depth + 1 FROM campaigns c JOIN chain ON c.id = chain.id
    WHERE c.previous_campaign_id IS NOT NULL AND chain.depth < 1000
  )`;

const LISTED_COLUMNS =
  "id, campaign_id, household_id, village_id, commune_id, state, list_reason, previous_category, persons, version, created_at, updated_at";

/** Aborts the batch when a campaign of the same kind already starts that day. */
export function guardNoSameCampaignSql(kind: CampaignKind, periodStart: string): SqlStatement {
  return {
    sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE EXISTS (SELECT 1 FROM campaigns WHERE kind = ? AND period_start = ?)",
    params: [kind, periodStart],
  };
}

/**
 * The new campaign, its list and its counters, for the tenant room's batch. Census: every active
 * household of the register. Periodic and rolling: every active household whose latest decided
 * result, in the campaigns up to the previous one, is poor or near-poor (the current lists carried
 * forward). Listed households start in `draft` at version 0 (not yet saved); requests and
 * reviewers add others later.
 */
export function createCampaignSql(c: StoredCampaign): SqlStatement[] {
  const insert: SqlStatement = {
    sql: "INSERT INTO campaigns (id, year, kind, standard, name, status, period_start, period_end, review_date, previous_campaign_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    params: [
      c.id,
      c.year,
      c.kind,
      c.standard,
      c.name,
      c.status,
      c.periodStart,
      c.periodEnd,
      c.reviewDate,
      c.previousCampaignId,
      c.version,
      c.createdAt,
      c.updatedAt,
    ],
  };
  const list: SqlStatement =
    c.kind === "census"
      ? {
          sql: `INSERT INTO assessments (${LISTED_COLUMNS})
                SELECT ${SQL_UUID}, ?1, h.id, h.village_id, v.parent_id, 'draft', 'census', NULL, h.member_count, 0, ?2, ?2
                FROM households h JOIN units v ON v.id = h.village_id WHERE h.status = 'active'`,
          params: [c.id, c.createdAt],
        }
      : {
          sql: `WITH RECURSIVE ${PREVIOUS_CHAIN},
                latest AS (
                  SELECT a.household_id, a.category, row_number() OVER (PARTITION BY a.household_id ORDER BY chain.depth) AS rn
                  FROM assessments a JOIN chain ON a.campaign_id = chain.id WHERE a.state = 'decided'
                )
                INSERT INTO assessments (${LISTED_COLUMNS})
                SELECT ${SQL_UUID}, ?1, h.id, h.village_id, v.parent_id, 'draft',
                       CASE l.category WHEN 'poor' THEN 'previous_poor' ELSE 'previous_near_poor' END, l.category, h.member_count, 0, ?2, ?2
                FROM latest l JOIN households h ON h.id = l.household_id JOIN units v ON v.id = h.village_id
                WHERE l.rn = 1 AND l.category IN ('poor', 'near_poor') AND h.status = 'active'`,
          params: [c.id, c.createdAt],
        };
  const counters: SqlStatement = {
    sql: `INSERT INTO summary_counters (scope, unit_id, key, value)
          SELECT ?1, village_id, k.key || CASE k.key WHEN 'listed:' THEN list_reason ELSE '' END, count(*)
          FROM assessments, (SELECT 'listed' AS key UNION ALL SELECT 'listed:' UNION ALL SELECT 'state:draft') k
          WHERE campaign_id = ?1
          GROUP BY village_id, k.key, CASE k.key WHEN 'listed:' THEN list_reason ELSE '' END
          ON CONFLICT (scope, unit_id, key) DO UPDATE SET value = value + excluded.value`,
    params: [c.id],
  };
  return [insert, list, counters];
}
