import type { SqlStatement } from "../../coordination/commands/batch";
// The rows the falsification rules (src/domain/anomalies.ts) look at, gathered in SQL so that only
// candidates leave the database: poor and near-poor households with the assets a rule names,
// category changes logged after a meeting, per-reviewer counts, reviewer-days with dense or night
// entry, people whose ID hash (or name and birth date) is in two households, per-village rates.

async function all<T>(d1: D1Database, sql: string, ...args: unknown[]): Promise<T[]> {
  const { results } = await d1
    .prepare(sql)
    .bind(...args)
    .all<T>();
  return results;
}

/** Poor and near-poor households with a car, a business, a large house or land, or a pensioner. */
export function assetCandidates(d1: D1Database, campaignId: string, t: { floorAreaM2: number; floorAreaPerPersonM2: number; productionLandM2: number }) {
  return all<{ assessment_id: string; household_id: string; village_id: string; head_name: string; category: string; persons: number; facts: string; pensioners: number }>(
    d1,
    `SELECT a.id AS assessment_id, a.household_id, a.village_id, h.head_name, a.category, h.member_count AS persons, h.facts,
       (SELECT count(*) FROM members m WHERE m.household_id = a.household_id AND json_extract(m.facts, '$.pension') = 1) AS pensioners
     FROM assessments a JOIN households h ON h.id = a.household_id
     WHERE a.campaign_id = ? AND a.category IN ('poor', 'near_poor') AND (
       json_extract(h.facts, '$.ownsCar') = 1 OR json_extract(h.facts, '$.ownsBusiness') = 1
       OR json_extract(h.facts, '$.houseFloorAreaM2') >= ? OR json_extract(h.facts, '$.houseFloorAreaM2') >= ? * max(h.member_count, 1)
       OR json_extract(h.facts, '$.productionLandM2') >= ?
       OR (a.category = 'poor' AND EXISTS (SELECT 1 FROM members m WHERE m.household_id = a.household_id AND json_extract(m.facts, '$.pension') = 1)))`,
    campaignId,
    t.floorAreaM2,
    t.floorAreaPerPersonM2,
    t.productionLandM2,
  );
}

/**
 * Category changes of assessments saved after their meeting agreed them, from the audit log (a
 * change of `category` or `result.category` in an entry after `agreed_at`), with whether a
 * complaint about the household was upheld.
 */
export function changesAfterMeeting(d1: D1Database, campaignId: string) {
  return all<{ assessment_id: string; household_id: string; village_id: string; head_name: string; agreed_at: string; posted_at: string | null; at: string; actor_name: string; changes: string; upheld: number }>(
    d1,
    `SELECT a.id AS assessment_id, a.household_id, a.village_id, h.head_name, a.agreed_at, a.posted_at, l.at, l.actor_name, l.changes,
       EXISTS (SELECT 1 FROM complaints c WHERE c.campaign_id = a.campaign_id AND c.household_id = a.household_id AND c.status = 'upheld') AS upheld
     FROM assessments a JOIN households h ON h.id = a.household_id
       JOIN audit_log l ON l.entity_id = a.id AND l.at > a.agreed_at
     WHERE a.campaign_id = ? AND a.agreed_at IS NOT NULL AND a.last_saved_at > a.agreed_at AND l.changes LIKE '%category%'
     ORDER BY a.id, l.at`,
    campaignId,
  );
}

/** Per reviewer: forms saved, forms with an override, and the villages. */
export function overridesByReviewer(d1: D1Database, campaignId: string) {
  return all<{ reviewer: string; forms: number; overridden: number; villages: string }>(
    d1,
    `SELECT last_saved_by AS reviewer, count(*) AS forms, sum(override_count > 0) AS overridden, group_concat(DISTINCT village_id) AS villages
     FROM assessments WHERE campaign_id = ? AND last_saved_by IS NOT NULL AND first_saved_at IS NOT NULL GROUP BY last_saved_by`,
    campaignId,
  );
}

/**
 * First saves of the reviewer-days where entry was dense (at least `forms` new forms within
 * `windowSeconds`, found with a window function) or happened at night: only those rows leave the
 * database, for the rules to read in detail.
 */
export function entryCandidates(d1: D1Database, campaignId: string, t: { bulkForms: number; bulkWindowSeconds: number; nightFromHour: number; nightToHour: number; nightForms: number }) {
  return all<{ assessment_id: string; reviewer: string; village_id: string; household_id: string; at: string }>(
    d1,
    `WITH saves AS (
       SELECT id, last_saved_by AS reviewer, village_id, household_id, first_saved_at AS at, unixepoch(first_saved_at) AS s,
         CAST(strftime('%H', first_saved_at, '+7 hours') AS INTEGER) AS hour,
         date(first_saved_at, '+7 hours', '-' || ?4 || ' hours') AS night
       FROM assessments WHERE campaign_id = ?1 AND first_saved_at IS NOT NULL AND last_saved_by IS NOT NULL),
     dense AS (
       SELECT reviewer, night, count(*) OVER (PARTITION BY reviewer ORDER BY s RANGE BETWEEN CURRENT ROW AND ?2 FOLLOWING) AS n FROM saves),
     flagged AS (
       SELECT reviewer, night FROM dense WHERE n >= ?3
       UNION SELECT reviewer, night FROM saves WHERE hour >= ?5 OR hour < ?4 GROUP BY reviewer, night HAVING count(*) >= ?6)
     SELECT s.id AS assessment_id, s.reviewer, s.village_id, s.household_id, s.at FROM saves s
     WHERE (s.reviewer, s.night) IN (SELECT reviewer, night FROM flagged)
     ORDER BY s.reviewer, s.at`,
    campaignId,
    t.bulkWindowSeconds,
    t.bulkForms,
    t.nightToHour,
    t.nightFromHour,
    t.nightForms,
  );
}

export interface PersonCandidate {
  key: string;
  by: "id_number" | "name_birth_date";
  member_id: string;
  full_name: string;
  birth_year: number;
  household_id: string;
  head_name: string;
  village_id: string;
}

/** Members whose ID hash, or whose name and full birth date, appear in more than one active household. */
export async function duplicatePeople(d1: D1Database): Promise<PersonCandidate[]> {
  const [byId, byName] = await Promise.all([
    all<PersonCandidate>(
      d1,
      `SELECT m.id_hash AS key, 'id_number' AS by, m.id AS member_id, m.full_name, m.birth_year, m.household_id, h.head_name, h.village_id
       FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active'
       WHERE m.id_hash IN (SELECT id_hash FROM members WHERE id_hash IS NOT NULL GROUP BY id_hash HAVING count(DISTINCT household_id) > 1)
       ORDER BY m.id_hash, m.household_id`,
    ),
    all<PersonCandidate>(
      d1,
      `SELECT m.full_name || '|' || json_extract(m.facts, '$.birthDate') AS key, 'name_birth_date' AS by, m.id AS member_id, m.full_name, m.birth_year, m.household_id, h.head_name, h.village_id
       FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active'
       WHERE (m.full_name, m.birth_year) IN (SELECT full_name, birth_year FROM members GROUP BY full_name, birth_year HAVING count(DISTINCT household_id) > 1)
         AND json_extract(m.facts, '$.birthDate') IS NOT NULL
       ORDER BY key, m.household_id`,
    ),
  ]);
  return [...byId, ...byName];
}

/** Members with one of these ID hashes (the province found them in another tenant too). */
export async function membersWithHashes(d1: D1Database, hashes: readonly string[]) {
  const out: { id_hash: string; member_id: string; full_name: string; birth_year: number; household_id: string; head_name: string; village_id: string }[] = [];
  for (let i = 0; i < hashes.length; i += 90) {
    const slice = hashes.slice(i, i + 90);
    out.push(
      ...(await all<(typeof out)[number]>(
        d1,
        `SELECT m.id_hash, m.id AS member_id, m.full_name, m.birth_year, m.household_id, h.head_name, h.village_id
         FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active' WHERE m.id_hash IN (${slice.map(() => "?").join(",")})`,
        ...slice,
      )),
    );
  }
  return out;
}

/** Poor households per village now (any state) and in the previous campaign (decided). */
export function poorByVillage(d1: D1Database, campaignId: string, previousCampaignId: string | null) {
  return all<{ village_id: string; poor: number; previous_poor: number }>(
    d1,
    `SELECT village_id, sum(campaign_id = ?1) AS poor, sum(campaign_id = ?2) AS previous_poor FROM assessments
     WHERE category = 'poor' AND (campaign_id = ?1 OR (campaign_id = ?2 AND state = 'decided')) GROUP BY village_id`,
    campaignId,
    previousCampaignId,
  );
}

/** Checks recorded for the campaign's signals. */
export function anomalyChecks(d1: D1Database, campaignId: string) {
  return all<{ rule: string; subject_id: string; note: string; reviewed_by: string; reviewed_at: string }>(
    d1,
    "SELECT rule, subject_id, note, reviewed_by, reviewed_at FROM anomaly_reviews WHERE campaign_id = ?",
    campaignId,
  );
}

// ---- checks (written through the tenant's room as a prepared batch) --------------------------

export interface AnomalyReviewRow {
  id: string;
  campaign_id: string;
  rule: string;
  subject_id: string;
  note: string;
  reviewed_by: string;
  reviewed_at: string;
}

export function readAnomalyReview(d1: D1Database, campaignId: string, rule: string, subjectId: string): Promise<AnomalyReviewRow | null> {
  return d1.prepare("SELECT * FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ?").bind(campaignId, rule, subjectId).first<AnomalyReviewRow>();
}

/** Aborts the batch unless the signal's check is still as read (`before`, or none). */
export function guardAnomalyReviewSql(r: AnomalyReviewRow, before: AnomalyReviewRow | null): SqlStatement {
  return before
    ? {
        sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ? AND reviewed_at = ? AND note = ?)",
        params: [r.campaign_id, r.rule, r.subject_id, before.reviewed_at, before.note],
      }
    : { sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE EXISTS (SELECT 1 FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ?)", params: [r.campaign_id, r.rule, r.subject_id] };
}

export function upsertAnomalyReviewSql(r: AnomalyReviewRow): SqlStatement {
  return {
    sql: `INSERT INTO anomaly_reviews (id, campaign_id, rule, subject_id, note, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (campaign_id, rule, subject_id) DO UPDATE SET note = excluded.note, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
    params: [r.id, r.campaign_id, r.rule, r.subject_id, r.note, r.reviewed_by, r.reviewed_at],
  };
}
