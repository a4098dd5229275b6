// The summary counters a district keeps beside its records (summary_counters: the register's
// households and persons per village, each campaign's listed/state/category/… per village),
// against a recount of the records themselves. Read from the SQLite file, not through the API.
import type { DatabaseSync } from "node:sqlite";

type Row = { scope: string; unit_id: string; key: string; value: number };

const RECOUNT = `
  SELECT 'register' AS scope, village_id AS unit_id, 'households' AS key, count(*) AS value FROM households WHERE status = 'active' GROUP BY village_id
  UNION ALL SELECT 'register', h.village_id, 'persons', count(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.status = 'active' GROUP BY h.village_id
  UNION ALL SELECT campaign_id, village_id, 'listed', count(*) FROM assessments GROUP BY campaign_id, village_id
  UNION ALL SELECT campaign_id, village_id, 'listed:' || list_reason, count(*) FROM assessments GROUP BY campaign_id, village_id, list_reason
  UNION ALL SELECT campaign_id, village_id, 'state:' || state, count(*) FROM assessments GROUP BY campaign_id, village_id, state
  UNION ALL SELECT campaign_id, village_id, 'category:' || category, count(*) FROM assessments WHERE category IS NOT NULL GROUP BY campaign_id, village_id, category
  UNION ALL SELECT campaign_id, village_id, 'surveyed', count(*) FROM assessments WHERE answers IS NOT NULL AND answers != 'null' GROUP BY campaign_id, village_id
  UNION ALL SELECT campaign_id, village_id, 'screened', count(*) FROM assessments WHERE json_extract(answers, '$.phieuA') IS NOT NULL GROUP BY campaign_id, village_id
  UNION ALL SELECT campaign_id, village_id, 'decided:' || category, count(*) FROM assessments WHERE state = 'decided' AND category IS NOT NULL GROUP BY campaign_id, village_id, category`;

/** Counters that differ from the recount (empty when they all agree), as "scope/unit/key: stored vs counted". */
export function counterMismatches(db: DatabaseSync): string[] {
  const key = (r: Row) => `${r.scope}/${r.unit_id}/${r.key}`;
  const stored = new Map(
    (db.prepare("SELECT scope, unit_id, key, value FROM summary_counters").all() as Row[]).map((r) => [
      key(r),
      r.value,
    ]),
  );
  const counted = new Map((db.prepare(RECOUNT).all() as Row[]).map((r) => [key(r), r.value]));
  const out: string[] = [];
  for (const k of new Set([...stored.keys(), ...counted.keys()])) {
    const s = stored.get(k) ?? 0;
    const c = counted.get(k) ?? 0;
    if (s !== c) out.push(`${k}: stored ${s}, counted ${c}`);
  }
  return out.sort();
}
