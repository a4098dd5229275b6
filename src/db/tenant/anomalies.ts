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
export function assetCandidates(
  d1: D1Database,
  campaignId: string,
  t: { floorAreaM2: number; floorAreaPerPersonM2: number; productionLandM2: number },
) {
  return all<{
    assessment_id: string;
    household_id: string;
    village_id: string;
    head_name: string;
    category: string;
    persons: number;
    facts: string;
    pensioners: number;
  }>(
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
  return all<{
    assessment_id: string;
    household_id: string;
    village_id: string;
    head_name: string;
    agreed_at: string;
    posted_at: string | null;
    at: string;
    actor_name: string;
    changes: string;
    upheld: number;
  }>(
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
 * First saves in the reviewer-nights (05:00 to 05:00, Vietnam time) where entry was dense (the
 * `forms`-th next form of the same reviewer within `windowSeconds`) or happened at night. The
 * nights are found on the reviewer index alone; then only their rows leave the database, for the
 * rules to read in detail.
 */
export async function entryCandidates(
  d1: D1Database,
  campaignId: string,
  t: { bulkForms: number; bulkWindowSeconds: number; nightFromHour: number; nightToHour: number; nightForms: number },
) {
  // night = the day number of (time + 7 h − nightToHour h); hour = the hour in Vietnam. Bound
  // numbers may arrive as REAL: cast, so that the divisions stay integer divisions.
  const nights = await all<{ reviewer: string; from: string; to: string }>(
    d1,
    `WITH marked AS MATERIALIZED (
       SELECT last_saved_by AS reviewer,
         (unixepoch(first_saved_at) + 25200 - CAST(?4 AS INTEGER) * 3600) / 86400 AS night,
         ((unixepoch(first_saved_at) + 25200) % 86400) / 3600 AS hour,
         unixepoch(lead(first_saved_at, CAST(?3 AS INTEGER) - 1) OVER (PARTITION BY last_saved_by ORDER BY first_saved_at)) - unixepoch(first_saved_at) AS span
       FROM assessments WHERE campaign_id = ?1 AND last_saved_by IS NOT NULL AND first_saved_at IS NOT NULL)
     SELECT reviewer,
       strftime('%Y-%m-%dT%H:%M:%fZ', night * 86400 - 25200 + ?4 * 3600, 'unixepoch') AS "from",
       strftime('%Y-%m-%dT%H:%M:%fZ', (night + 1) * 86400 - 25200 + ?4 * 3600, 'unixepoch') AS "to"
     FROM (SELECT reviewer, night FROM marked WHERE span <= ?2
           UNION SELECT reviewer, night FROM marked WHERE hour >= ?5 OR hour < ?4 GROUP BY reviewer, night HAVING count(*) >= ?6)`,
    campaignId,
    t.bulkWindowSeconds,
    t.bulkForms,
    t.nightToHour,
    t.nightFromHour,
    t.nightForms,
  );
  if (!nights.length) return [];
  return all<{ assessment_id: string; reviewer: string; village_id: string; household_id: string; at: string }>(
    d1,
    `SELECT a.id AS assessment_id, a.last_saved_by AS reviewer, a.village_id, a.household_id, a.first_saved_at AS at
     FROM json_each(?2) f JOIN assessments a ON a.campaign_id = ?1 AND a.last_saved_by = f.value ->> '$.reviewer'
       AND a.first_saved_at >= f.value ->> '$.from' AND a.first_saved_at < f.value ->> '$.to'
     ORDER BY reviewer, at`,
    campaignId,
    JSON.stringify(nights),
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

/**
 * Members whose ID hash is in more than one active household (hashes seen twice are found on
 * the hash index alone); and members of this campaign's poor and near-poor households whose name
 * and full birth date are also in another household (name and birth date are weaker evidence,
 * looked for where a double count matters: on the lists).
 */
export async function duplicatePeople(d1: D1Database, campaignId: string): Promise<PersonCandidate[]> {
  const [byId, byName] = await Promise.all([
    all<PersonCandidate>(
      d1,
      `SELECT m.id_hash AS key, 'id_number' AS by, m.id AS member_id, m.full_name, m.birth_year, m.household_id, h.head_name, h.village_id
       FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active'
       WHERE m.id_hash IN (SELECT id_hash FROM members WHERE id_hash IS NOT NULL GROUP BY id_hash HAVING count(*) > 1)
       ORDER BY m.id_hash, m.household_id`,
    ),
    all<PersonCandidate>(
      d1,
      `WITH listed AS MATERIALIZED (
         SELECT DISTINCT m.full_name, m.birth_year, json_extract(m.facts, '$.birthDate') AS birth_date
         FROM assessments a JOIN members m ON m.household_id = a.household_id
         WHERE a.campaign_id = ? AND a.category IN ('poor', 'near_poor') AND m.facts LIKE '%"birthDate"%')
       SELECT m.full_name || '|' || l.birth_date AS key, 'name_birth_date' AS by, m.id AS member_id, m.full_name, m.birth_year, m.household_id, h.head_name, h.village_id
       FROM listed l JOIN members m ON m.full_name = l.full_name AND m.birth_year = l.birth_year
         JOIN households h ON h.id = m.household_id AND h.status = 'active'
       WHERE json_extract(m.facts, '$.birthDate') = l.birth_date
       ORDER BY key, m.household_id`,
      campaignId,
    ),
  ]);
  return [...byId, ...byName];
}

/** Members with one of these ID hashes (the province found them in another tenant too). */
export async function membersWithHashes(d1: D1Database, hashes: readonly string[]) {
  const out: {
    id_hash: string;
    member_id: string;
    full_name: string;
    birth_year: number;
    household_id: string;
    head_name: string;
    village_id: string;
  }[] = [];
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

export function readAnomalyReview(
  d1: D1Database,
  campaignId: string,
  rule: string,
  subjectId: string,
): Promise<AnomalyReviewRow | null> {
  return d1
    .prepare("SELECT * FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ?")
    .bind(campaignId, rule, subjectId)
    .first<AnomalyReviewRow>();
}

/** Aborts the batch unless the signal's check is still as read (`before`, or none). */
export function guardAnomalyReviewSql(r: AnomalyReviewRow, before: AnomalyReviewRow | null): SqlStatement {
  return before
    ? {
        sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ? AND reviewed_at = ? AND note = ?)",
        params: [r.campaign_id, r.rule, r.subject_id, before.reviewed_at, before.note],
      }
    : {
        sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE EXISTS (SELECT 1 FROM anomaly_reviews WHERE campaign_id = ? AND rule = ? AND subject_id = ?)",
        params: [r.campaign_id, r.rule, r.subject_id],
      };
}

export function upsertAnomalyReviewSql(r: AnomalyReviewRow): SqlStatement {
  return {
    sql: `INSERT INTO anomaly_reviews (id, campaign_id, rule, subject_id, note, reviewed_by, reviewed_at) VALUES (?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (campaign_id, rule, subject_id) DO UPDATE SET note = excluded.note, reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at`,
    params: [r.id, r.campaign_id, r.rule, r.subject_id, r.note, r.reviewed_by, r.reviewed_at],
  };
}
