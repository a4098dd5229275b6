// From per-village groups to the rows of a report: the units directly under the requested unit
// (communes of the tenant, or villages of a commune), urban/rural subtotals, and the total. Only
// the per-village aggregates the SQL returned are folded here (a few hundred villages at most);
// rates are computed last, from the summed counts, never averaged.

import type { UnitRow } from "../db/tenant/units";
import { labels } from "../domain";
import type { ReportColumn, ReportRow, Subtotal, Values } from "./types";

export interface ReportScope {
  /** The requested unit; null for the whole tenant. */
  unit: UnitRow | null;
  /** The units a row is given for, in the order of their official codes. */
  rowUnits: UnitRow[];
  /** Every village inside the requested unit. */
  villages: UnitRow[];
  /** The row unit each village adds up into (none when the requested unit is a village). */
  rowOf: Map<string, string>;
}

const byCode = (a: UnitRow, b: UnitRow) => a.code.localeCompare(b.code) || a.name.localeCompare(b.name);

export function reportScope(units: UnitRow[], unit: UnitRow | null): ReportScope {
  const villages = units.filter((u) => u.level === "village");
  if (unit === null) {
    const communes = units.filter((u) => u.level === "commune").sort(byCode);
    const ids = new Set(communes.map((c) => c.id));
    const inside = villages.filter((v) => v.parentId !== null && ids.has(v.parentId));
    return { unit, rowUnits: communes, villages: inside, rowOf: new Map(inside.map((v) => [v.id, v.parentId!])) };
  }
  if (unit.level === "commune") {
    const inside = villages.filter((v) => v.parentId === unit.id).sort(byCode);
    return { unit, rowUnits: inside, villages: inside, rowOf: new Map(inside.map((v) => [v.id, v.id])) };
  }
  return { unit, rowUnits: [], villages: [unit], rowOf: new Map() };
}

/** Adds `from` into `into` column by column: counts and amounts add up, timestamps keep the latest. */
export function mergeValues(columns: readonly ReportColumn[], into: Values, from: Values): void {
  for (const c of columns) {
    const v = from[c.key];
    if (v === undefined || v === null) continue;
    if (c.kind === "count" || c.kind === "money") into[c.key] = ((into[c.key] as number | null) ?? 0) + (v as number);
    else if (c.kind === "timestamp") {
      const prev = into[c.key];
      if (typeof prev !== "string" || (v as string) > prev) into[c.key] = v;
    }
  }
}

export function emptyValues(columns: readonly ReportColumn[]): Values {
  const v: Values = {};
  for (const c of columns)
    if (c.kind === "count" || c.kind === "money") v[c.key] = 0;
    else if (c.kind === "timestamp") v[c.key] = null;
  return v;
}

export interface Folded {
  rows: ReportRow[];
  subtotals: Subtotal[];
  total: Values;
}

/**
 * Folds per-village values into rows, subtotals and the total. `finish` fills the derived columns
 * (rates) of each from its own counts. A unit no longer valid is shown only when it has data.
 */
export function fold(
  columns: readonly ReportColumn[],
  scope: ReportScope,
  byVillage: ReadonlyMap<string, Values>,
  finish: (v: Values) => void,
  blocks: boolean,
): Folded {
  const perRow = new Map<string, Values>(scope.rowUnits.map((u) => [u.id, emptyValues(columns)]));
  const withData = new Set<string>();
  const total = emptyValues(columns);
  const inScope = new Set(scope.villages.map((v) => v.id));
  for (const [villageId, values] of byVillage) {
    if (!inScope.has(villageId)) continue;
    mergeValues(columns, total, values);
    const rowId = scope.rowOf.get(villageId);
    const row = rowId === undefined ? undefined : perRow.get(rowId);
    if (row) {
      mergeValues(columns, row, values);
      withData.add(rowId!);
    }
  }
  const rows: ReportRow[] = [];
  for (const u of scope.rowUnits) {
    if (u.validTo && !withData.has(u.id)) continue;
    const values = perRow.get(u.id)!;
    finish(values);
    rows.push({ unitId: u.id, unitName: u.name, area: u.area, ...values });
  }
  finish(total);
  const subtotals: Subtotal[] = [];
  if (blocks)
    for (const area of ["urban", "rural"] as const) {
      const sub = emptyValues(columns);
      for (const r of rows) if (r.area === area) mergeValues(columns, sub, r);
      finish(sub);
      subtotals.push({ area, label: `Khu vực ${labels.area[area].toLowerCase()}`, ...sub });
    }
  return { rows, subtotals, total };
}
