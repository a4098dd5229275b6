// Per-unit summary counters, changed by deltas inside the write batches that cause them.
//
// Keys by scope (unit = a village):
// - scope "register": `households`, `persons` (active households of the register and their members).
// - scope <campaign id>, written by the campaign's listing and by the procedure's commands:
//   - `listed`, `listed:<reason>` — households on the campaign's list, by why they are on it
//     (previous_poor, previous_near_poor, census, request_01, request_04, added_by_reviewer);
//   - `state:<state>` — assessments now in each state (draft … decided, excluded);
//   - `category:<category>` — latest result of each listed household, whatever its state;
//   - `decided:<category>` — results recognised by the commune decision;
//   - `surveyed` — assessments saved at least once; `screened` — with a Phiếu A answer;
//   - `requests:01`, `requests:04` — requests filed (Mẫu số 01, 04);
//   - `meetings`, `postings` — village meetings and public postings recorded;
//   - `complaints`, `complaints:open`, `complaints:upheld`, `complaints:rejected`.
//   Summing `state:*` gives `listed`; summing `category:*` gives the classified households.

export interface CounterDelta {
  scope: string;
  unitId: string;
  key: string;
  delta: number;
}

export function counterStatements(d1: D1Database, deltas: CounterDelta[]): D1PreparedStatement[] {
  const merged = new Map<string, CounterDelta>();
  for (const d of deltas) {
    const k = `${d.scope}\u0000${d.unitId}\u0000${d.key}`;
    const prev = merged.get(k);
    merged.set(k, prev ? { ...prev, delta: prev.delta + d.delta } : { ...d });
  }
  return [...merged.values()]
    .filter((d) => d.delta !== 0)
    .map((d) =>
      d1
        .prepare(
          "INSERT INTO summary_counters (scope, unit_id, key, value) VALUES (?, ?, ?, ?) ON CONFLICT (scope, unit_id, key) DO UPDATE SET value = value + excluded.value",
        )
        .bind(d.scope, d.unitId, d.key, d.delta),
    );
}

export async function readCounters(
  d1: D1Database,
  scope: string,
  unitIds?: string[],
): Promise<{ unitId: string; key: string; value: number }[]> {
  const { results } = unitIds
    ? await d1
        .prepare(
          `SELECT unit_id, key, value FROM summary_counters WHERE scope = ? AND unit_id IN (${unitIds.map(() => "?").join(",")})`,
        )
        .bind(scope, ...unitIds)
        .all<{ unit_id: string; key: string; value: number }>()
    : await d1
        .prepare("SELECT unit_id, key, value FROM summary_counters WHERE scope = ?")
        .bind(scope)
        .all<{ unit_id: string; key: string; value: number }>();
  return results.map((r) => ({ unitId: r.unit_id, key: r.key, value: r.value }));
}
