// The Phiếu B score tables the software ships, validated when loaded: a table with an item not
// scored in one of its regions, or scored in a region it does not declare, stops the load.
//
// Official tables: none is shipped. The annexes of Circular 07/2021/TT-BLĐTBXH (Phiếu B, points
// per region) and of its amendments were searched for in the stored texts and not found; no
// number is invented. The example table is marked as an example wherever it is shown.
import type { Issue } from "../result";
import { type ScoreRegionDef, type ScoreTable, validateScoreTable } from "../score";
import type { StandardCode } from "../standards";
import { EXAMPLE_SCORE_TABLE } from "./example-nd07";

/** Validates every table, throwing with every issue: a broken table must not ship. */
export function loadScoreTables(tables: readonly unknown[]): readonly ScoreTable[] {
  const issues: Issue[] = [];
  const loaded: ScoreTable[] = [];
  tables.forEach((t, i) => {
    const r = validateScoreTable(t);
    if (r.ok) loaded.push(r.value);
    else issues.push(...r.issues.map((x) => ({ path: `tables.${i}.${x.path}`, message: x.message })));
  });
  const ids = loaded.map((t) => t.id);
  ids.forEach((id, i) => {
    if (ids.indexOf(id) !== i) issues.push({ path: `tables.${i}.id`, message: `Mã bảng điểm "${id}" bị lặp.` });
  });
  if (issues.length > 0)
    throw new Error(`Bảng điểm Phiếu B không hợp lệ: ${issues.map((x) => `${x.path}: ${x.message}`).join("; ")}`);
  return loaded;
}

export const SCORE_TABLES: readonly ScoreTable[] = loadScoreTables([EXAMPLE_SCORE_TABLE]);

/** The table for a pack and a region: an official one when loaded, else an example; null when none. */
export function scoreTableFor(
  standard: StandardCode,
  region: string,
  tables: readonly ScoreTable[] = SCORE_TABLES,
): ScoreTable | null {
  const fits = tables.filter((t) => t.standard === standard && t.regions.some((r) => r.code === region));
  return fits.find((t) => t.official) ?? fits[0] ?? null;
}

/** Every region some shipped table scores, in first-seen order (the tenant setting chooses among them). */
export const SCORE_REGIONS: readonly ScoreRegionDef[] = SCORE_TABLES.flatMap((t) => t.regions).filter(
  (r, i, all) => all.findIndex((x) => x.code === r.code) === i,
);

/** Whether an official table is loaded for the pack: without one, a score A from the tables is provisional. */
export function hasOfficialScoreTable(standard: StandardCode, tables: readonly ScoreTable[] = SCORE_TABLES): boolean {
  return tables.some((t) => t.standard === standard && t.official);
}
