import { PREVIOUS_CHAIN } from "./campaigns";

// The SQL of the official report forms (DOMAIN.md §5). Every query aggregates in the database,
// grouped by village, on the assessments' denormalised result columns (category, state, persons,
// movement, …) and their indexes, or reads the per-village summary counters: households are never
// loaded into the Worker. The report builders (src/reports/) fold the per-village groups into rows
// per commune or village, urban/rural subtotals and totals.

/** Which assessments a report counts: one campaign, optionally one commune or village. */
export interface AssessmentScope {
  campaignId: string;
  communeId?: string | undefined;
  villageId?: string | undefined;
  /** Only decided results (`?decidedOnly=true`); otherwise each listed household's latest result. */
  decidedOnly: boolean;
}

interface Where {
  sql: string;
  args: unknown[];
}

/**
 * The assessments a report counts (API.md): each listed household's latest result in the
 * campaign whatever its state, or only decided ones. The same households as the campaign's
 * `category:<c>` and `decided:<c>` summary counters, which the province roll-up reads.
 */
function counted(s: AssessmentScope, a = "a"): Where {
  const parts = [`${a}.campaign_id = ?`];
  const args: unknown[] = [s.campaignId];
  if (s.villageId) {
    parts.push(`${a}.village_id = ?`);
    args.push(s.villageId);
  } else if (s.communeId) {
    parts.push(`${a}.commune_id = ?`);
    args.push(s.communeId);
  }
  if (s.decidedOnly) parts.push(`${a}.state = 'decided'`);
  return { sql: parts.join(" AND "), args };
}

async function all<T>(d1: D1Database, sql: string, args: unknown[]): Promise<T[]> {
  const { results } = await d1
    .prepare(sql)
    .bind(...args)
    .all<T>();
  return results;
}

/** The member who heads the household: the one marked head, else the first listed. */
const headColumn = (household: string, col: "ethnicity" | "sex") =>
  `(SELECT hm.${col} FROM members hm WHERE hm.household_id = ${household} ORDER BY hm.relation_to_head <> 'head', hm.position LIMIT 1)`;

// ---- the register --------------------------------------------------------------------------

/** Households and persons of each village in the register, from the summary counters. */
export async function registerCountsByVillage(
  d1: D1Database,
): Promise<{ villageId: string; households: number; persons: number }[]> {
  const rows = await all<{ unit_id: string; households: number; persons: number }>(
    d1,
    `SELECT unit_id, sum(CASE WHEN key = 'households' THEN value ELSE 0 END) AS households, sum(CASE WHEN key = 'persons' THEN value ELSE 0 END) AS persons
     FROM summary_counters WHERE scope = 'register' AND key IN ('households', 'persons') GROUP BY unit_id`,
    [],
  );
  return rows.map((r) => ({ villageId: r.unit_id, households: r.households, persons: r.persons }));
}

// ---- form 1: results -----------------------------------------------------------------------

export interface CategoryGroup {
  village_id: string;
  category: string;
  households: number;
  persons: number;
}

export function resultsByVillage(d1: D1Database, s: AssessmentScope): Promise<CategoryGroup[]> {
  const w = counted(s);
  return all(
    d1,
    `SELECT a.village_id, a.category, count(*) AS households, coalesce(sum(a.persons), 0) AS persons
     FROM assessments a WHERE ${w.sql} AND a.category IS NOT NULL GROUP BY a.village_id, a.category`,
    w.args,
  );
}

// ---- forms 2 and 3: movement of the poor and near-poor lists -------------------------------

export interface MovementGroup {
  village_id: string;
  previous_category: string | null;
  category: string | null;
  movement: string | null;
  n: number;
}

export function movementByVillage(d1: D1Database, s: AssessmentScope): Promise<MovementGroup[]> {
  const w = counted(s);
  return all(
    d1,
    `SELECT a.village_id, a.previous_category, a.category, a.movement, count(*) AS n
     FROM assessments a WHERE ${w.sql} GROUP BY a.village_id, a.previous_category, a.category, a.movement`,
    w.args,
  );
}

/**
 * Households on the lists this campaign started from (their latest decided result, in the
 * campaigns before this one, poor or near-poor: the lists carried forward) that this campaign has
 * not listed at all (moved away, merged, no member left): they leave the lists ("giảm do nguyên
 * nhân khác"). With decidedOnly, only in communes whose list this campaign has decided.
 */
export function unlistedPreviousByVillage(
  d1: D1Database,
  s: AssessmentScope,
): Promise<{ village_id: string; category: string; n: number }[]> {
  const unit = s.villageId ? "AND l.village_id = ?2" : s.communeId ? "AND l.commune_id = ?2" : "";
  const decided = s.decidedOnly
    ? "AND l.commune_id IN (SELECT d.commune_id FROM decisions d WHERE d.campaign_id = ?1)"
    : "";
  return all(
    d1,
    `WITH RECURSIVE ${PREVIOUS_CHAIN},
     latest AS (
       SELECT p.household_id, p.category, p.village_id, p.commune_id, row_number() OVER (PARTITION BY p.household_id ORDER BY chain.depth) AS rn
       FROM assessments p JOIN chain ON p.campaign_id = chain.id
       WHERE p.state = 'decided' AND NOT EXISTS (SELECT 1 FROM assessments a WHERE a.campaign_id = ?1 AND a.household_id = p.household_id))
     SELECT l.village_id, l.category, count(*) AS n FROM latest l
     WHERE l.rn = 1 AND l.category IN ('poor', 'near_poor') ${unit} ${decided}
     GROUP BY l.village_id, l.category`,
    s.villageId || s.communeId ? [s.campaignId, s.villageId ?? s.communeId] : [s.campaignId],
  );
}

// ---- forms 4–7: deprivations of poor and near-poor households ------------------------------

export function deprivationsByVillage(
  d1: D1Database,
  s: AssessmentScope,
): Promise<{ village_id: string; category: string; code: string; n: number }[]> {
  const w = counted(s);
  return all(
    d1,
    `SELECT a.village_id, a.category, i.code, count(*) AS n
     FROM assessments a JOIN assessment_indicators i ON i.assessment_id = a.id AND i.deprived = 1
     WHERE ${w.sql} AND a.category IN ('poor', 'near_poor') GROUP BY a.village_id, a.category, i.code`,
    w.args,
  );
}

// ---- form 8: groups ------------------------------------------------------------------------

export interface GroupCounts {
  village_id: string;
  category: string;
  households: number;
  minority: number;
  female_head: number;
  meritorious: number;
  social_assistance: number;
  no_labour: number;
}

export function groupsByVillage(d1: D1Database, s: AssessmentScope): Promise<GroupCounts[]> {
  const w = counted(s);
  const anyMember = (cond: string) =>
    `EXISTS (SELECT 1 FROM members m WHERE m.household_id = a.household_id AND ${cond})`;
  return all(
    d1,
    `SELECT a.village_id, a.category, count(*) AS households,
       coalesce(sum(${headColumn("a.household_id", "ethnicity")} <> 'kinh'), 0) AS minority,
       coalesce(sum(${headColumn("a.household_id", "sex")} = 'female'), 0) AS female_head,
       coalesce(sum(${anyMember("json_extract(m.facts, '$.meritorious') = 1")}), 0) AS meritorious,
       coalesce(sum(${anyMember("json_extract(m.facts, '$.socialAssistance') = 1")}), 0) AS social_assistance,
       coalesce(sum(NOT ${anyMember("coalesce(json_extract(m.facts, '$.workingCapacity'), 'full') IN ('full', 'limited')")}), 0) AS no_labour
     FROM assessments a WHERE ${w.sql} AND a.category IN ('poor', 'near_poor') GROUP BY a.village_id, a.category`,
    w.args,
  );
}

// ---- form 9: ethnicity of the head ---------------------------------------------------------

export function ethnicityByVillage(
  d1: D1Database,
  s: AssessmentScope,
): Promise<{ village_id: string; category: string; ethnicity: string | null; households: number; persons: number }[]> {
  const w = counted(s);
  return all(
    d1,
    `SELECT a.village_id, a.category, ${headColumn("a.household_id", "ethnicity")} AS ethnicity, count(*) AS households, coalesce(sum(a.persons), 0) AS persons
     FROM assessments a WHERE ${w.sql} AND a.category IN ('poor', 'near_poor') GROUP BY 1, 2, 3`,
    w.args,
  );
}

// ---- form 10: causes of poverty ------------------------------------------------------------

export function causesByVillage(
  d1: D1Database,
  s: AssessmentScope,
): Promise<{ village_id: string; category: string; cause: string | null; n: number }[]> {
  const w = counted(s);
  // A household without a recorded cause gives one row with cause NULL ("chưa ghi nguyên nhân").
  return all(
    d1,
    `SELECT a.village_id, a.category, c.value AS cause, count(*) AS n
     FROM assessments a JOIN households h ON h.id = a.household_id
       LEFT JOIN json_each(CASE WHEN json_valid(h.facts) THEN h.facts ELSE '{}' END, '$.causesOfPoverty') c
     WHERE ${w.sql} AND a.category IN ('poor', 'near_poor') GROUP BY 1, 2, 3`,
    w.args,
  );
}

// ---- form 11: children ---------------------------------------------------------------------

export interface ChildrenCounts {
  village_id: string;
  category: string;
  children: number;
  malnourished: number;
  not_in_school: number;
  no_insurance: number;
  no_clean_water: number;
  no_sanitation: number;
  poor_housing: number;
}

/**
 * Children (under 16 in the review year, by birth year) of poor and near-poor households and the
 * deprivations each lives with: their own (nutrition, school attendance from 3, health insurance
 * from 6) and their household's (clean water, latrine, housing quality).
 */
export function childrenByVillage(d1: D1Database, s: AssessmentScope, reviewYear: number): Promise<ChildrenCounts[]> {
  const w = counted(s);
  const age = `(${reviewYear} - m.birth_year)`;
  const householdDeprived = (code: string) =>
    `EXISTS (SELECT 1 FROM assessment_indicators i WHERE i.assessment_id = a.id AND i.code = '${code}' AND i.deprived = 1)`;
  return all(
    d1,
    `SELECT a.village_id, a.category, count(*) AS children,
       coalesce(sum(json_extract(m.facts, '$.nutrition') IN ('stunted', 'underweight')), 0) AS malnourished,
       coalesce(sum(${age} >= 3 AND json_extract(m.facts, '$.inSchool') = 0), 0) AS not_in_school,
       coalesce(sum(${age} >= 6 AND json_extract(m.facts, '$.healthInsurance') = 0), 0) AS no_insurance,
       coalesce(sum(${householdDeprived("water")}), 0) AS no_clean_water,
       coalesce(sum(${householdDeprived("sanitation")}), 0) AS no_sanitation,
       coalesce(sum(${householdDeprived("housing_quality")}), 0) AS poor_housing
     FROM assessments a JOIN members m ON m.household_id = a.household_id
     WHERE ${w.sql} AND a.category IN ('poor', 'near_poor') AND ${age} < 16 GROUP BY a.village_id, a.category`,
    w.args,
  );
}

// ---- progress ------------------------------------------------------------------------------

export interface ProgressGroup {
  village_id: string;
  state: string;
  n: number;
  surveyed: number;
  screened: number;
  last_activity: string | null;
}

/** Assessments of the campaign by village and state (every state, excluded ones included). */
export function progressByVillage(d1: D1Database, s: Omit<AssessmentScope, "decidedOnly">): Promise<ProgressGroup[]> {
  const w = counted({ ...s, decidedOnly: false });
  // Screening (Phiếu A) only concerns households that asked to be reviewed; its answer is in the form.
  return all(
    d1,
    `SELECT a.village_id, a.state, count(*) AS n,
       coalesce(sum(a.first_saved_at IS NOT NULL AND a.state <> 'excluded'), 0) AS surveyed,
       coalesce(sum(CASE WHEN a.list_reason IN ('request_01', 'request_04') THEN a.state = 'excluded' OR json_extract(a.answers, '$.phieuA') IS NOT NULL ELSE 0 END), 0) AS screened,
       max(a.updated_at) AS last_activity
     FROM assessments a WHERE ${w.sql} GROUP BY a.village_id, a.state`,
    w.args,
  );
}

// ---- forms 12–13: lists by name ------------------------------------------------------------

export interface ListRow {
  household_id: string;
  village_id: string;
  village_code: string;
  head_name: string;
  address: string;
  persons: number;
  category: string;
  movement: string | null;
  deprivation_count: number | null;
  monthly_income: number | null;
  facts: string;
  state: string;
  member_id: string | null;
  full_name: string | null;
  sex: string | null;
  birth_year: number | null;
  ethnicity: string | null;
  relation_to_head: string | null;
}

/** The key a list is ordered and paged by: village code, head's name, household id. */
export type ListKey = [string, string, string];

/**
 * One page of a list by name: up to `limit` households of `category` after `after`, each with
 * its members (one row per member, in order), in one query.
 */
export function listPage(
  d1: D1Database,
  s: AssessmentScope,
  category: "poor" | "near_poor",
  after: ListKey | undefined,
  limit: number,
): Promise<ListRow[]> {
  const w = counted(s);
  const args: unknown[] = [...w.args, category];
  let keyCond = "";
  if (after) {
    keyCond = "AND (v.code, h.head_name, h.id) > (?, ?, ?)";
    args.push(...after);
  }
  args.push(limit);
  return all(
    d1,
    `WITH page AS (
       SELECT a.household_id, a.village_id, v.code AS village_code, h.head_name, h.address, a.persons, a.category, a.movement,
              a.deprivation_count, a.monthly_income, h.facts, a.state
       FROM assessments a JOIN households h ON h.id = a.household_id JOIN units v ON v.id = a.village_id
       WHERE ${w.sql} AND a.category = ? ${keyCond}
       ORDER BY v.code, h.head_name, h.id LIMIT ?)
     SELECT page.*, m.id AS member_id, m.full_name, m.sex, m.birth_year, m.ethnicity, m.relation_to_head
     FROM page LEFT JOIN members m ON m.household_id = page.household_id
     ORDER BY page.village_code, page.head_name, page.household_id, m.position`,
    args,
  );
}

export async function listTotals(
  d1: D1Database,
  s: AssessmentScope,
  category: "poor" | "near_poor",
): Promise<{ households: number; persons: number }> {
  const w = counted(s);
  const row = await d1
    .prepare(
      `SELECT count(*) AS households, coalesce(sum(a.persons), 0) AS persons FROM assessments a WHERE ${w.sql} AND a.category = ?`,
    )
    .bind(...w.args, category)
    .first<{ households: number; persons: number }>();
  return row ?? { households: 0, persons: 0 };
}
