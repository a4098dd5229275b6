// What an import would do, without doing it: the list read through to the end, each household
// placed in its village (or refused, with the row and the reason), and nothing written. The import
// job places households the same way (villageOf), so the preview and the import agree.
import type { ByteSource } from "../lib/zip";
import { MAX_REPORTED_ERRORS } from "./error-report";
import { type ImportedHousehold, type ListLayout, openHouseholdList, type RowError } from "./reader";

/** Where a file is imported: one village, or a commune whose rows name their village by code. */
export interface ImportTarget {
  villageId: string | null;
  /** For a commune: its village codes → ids. */
  villagesByCode: Record<string, string> | null;
}

/** The village a household goes to, or why it cannot be imported. */
export function villageOf(h: ImportedHousehold, target: ImportTarget): string | RowError {
  const id = target.villageId ?? target.villagesByCode?.[h.villageCode ?? ""];
  return (
    id ?? {
      row: h.firstRow,
      column: "Mã thôn",
      value: h.villageCode ?? "",
      message: "Mã thôn không thuộc xã đang nhập.",
    }
  );
}

export interface ListCheck {
  layout: ListLayout;
  rows: number;
  households: number;
  invalid: number;
  errorCount: number;
  /** The first errors (at most `maxErrors`). */
  errors: RowError[];
}

export async function checkList(
  source: ByteSource,
  target: ImportTarget,
  maxErrors = MAX_REPORTED_ERRORS,
): Promise<ListCheck> {
  const list = await openHouseholdList(source, { needVillageCode: target.villagesByCode !== null });
  const check: ListCheck = { layout: list.layout, rows: 0, households: 0, invalid: 0, errorCount: 0, errors: [] };
  const reject = (errors: RowError[]) => {
    check.invalid++;
    check.errorCount += errors.length;
    for (const e of errors) if (check.errors.length < maxErrors) check.errors.push(e);
  };
  for await (const item of list.items) {
    check.rows += item.rows;
    if (item.kind === "invalid") {
      reject(item.errors);
      continue;
    }
    const village = villageOf(item.household, target);
    if (typeof village === "string") check.households++;
    else reject([village]);
  }
  return check;
}
