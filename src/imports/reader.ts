// Reads a household list — an .xlsx workbook or a CSV file, one row per person, the rows of a
// household together — into validated households and row-level errors, without holding the file
// in memory. Lists come as officials keep them: title and blank rows above the header (the
// header is the first of the first 20 rows that names the required columns), an "STT" column and
// others the register does not know (read past, and reported), the first sheet that has such a
// header, a row of column numbers under it, and the household's own cells (key, village code,
// address, head) only on its first row or merged over its rows.

import { tidy } from "../lib/text";
import type { ByteSource } from "../lib/zip";
import { HouseholdCreateSchema, type MemberInput } from "../schemas/household";
import { COLUMN_LABEL, type Column, type ColumnMap, type HeaderMatch, matchHeader, parseCell } from "./columns";
import { csvTable, type Encoding, HEADER_ROWS } from "./csv";
import { fileKind, ImportFileError, type TableRow } from "./source";
import { XlsxFile } from "./xlsx";

export { ImportFileError };

const HouseholdFields = HouseholdCreateSchema.omit({ villageId: true, id: true, facts: true });

export interface RowError {
  row: number;
  column: string;
  value: string;
  message: string;
}

export interface ImportedHousehold {
  key: string;
  villageCode: string | null;
  address: string;
  headName: string;
  members: MemberInput[];
  firstRow: number;
}

/** Each item says how many data rows of the file it covers. */
export type ReadItem =
  | { kind: "household"; household: ImportedHousehold; rows: number }
  | { kind: "invalid"; errors: RowError[]; rows: number };

/** Where the list was found in the file and how its columns were read. */
export interface ListLayout {
  format: "csv" | "xlsx";
  /** The CSV file's text encoding (null for a workbook). */
  encoding: Encoding | null;
  /** The workbook's sheet that holds the list (null for a CSV file). */
  sheet: string | null;
  headerRow: number;
  /** Column → the header's text in the file. */
  columns: Partial<Record<Column, string>>;
  /** Headers read past: STT and columns the register does not know. */
  ignored: string[];
}

export interface HouseholdList {
  layout: ListLayout;
  items: AsyncGenerator<ReadItem>;
}

interface Table {
  sheet: string | null;
  rows: AsyncGenerator<TableRow>;
}

interface Header {
  row: number;
  match: HeaderMatch;
}

/** The header among the table's first rows, or the row that came closest to being one. */
async function findHeader(
  rows: AsyncGenerator<TableRow>,
  needVillageCode: boolean,
): Promise<{ header?: Header; closest?: Header }> {
  let closest: Header | undefined;
  for (;;) {
    const next = await rows.next();
    if (next.done || next.value.row > HEADER_ROWS) return { closest };
    const match = matchHeader(next.value.cells.map(tidy), needVillageCode);
    if (!match.missing.length) return { header: { row: next.value.row, match } };
    const known = Object.keys(match.map).length;
    if (known >= 2 && (!closest || match.missing.length < closest.match.missing.length))
      closest = { row: next.value.row, match };
  }
}

function noHeader(closest: (Header & { sheet: string | null }) | undefined, needVillageCode: boolean): ImportFileError {
  if (closest) {
    const where = closest.sheet === null ? `dòng ${closest.row}` : `dòng ${closest.row} của trang "${closest.sheet}"`;
    return new ImportFileError(
      `Thiếu cột: ${closest.match.missing.map((c) => COLUMN_LABEL[c]).join(", ")} (dòng tiêu đề gần đúng nhất là ${where}).`,
    );
  }
  const needed = ["key", "fullName", "sex", "birth", "ethnicity", "relationToHead"] as Column[];
  if (needVillageCode) needed.splice(1, 0, "villageCode");
  return new ImportFileError(
    `Thiếu cột: không thấy dòng tiêu đề trong ${HEADER_ROWS} dòng đầu. Dòng tiêu đề phải ghi các cột ${needed.map((c) => COLUMN_LABEL[c]).join(", ")}.`,
  );
}

/**
 * Opens the list: decides the kind of file, finds the sheet and header row, and returns how the
 * columns were read with the households to come. `onProgress` hears the share (0–1) read.
 */
export async function openHouseholdList(
  source: ByteSource,
  opts: { needVillageCode: boolean; onProgress?: (fraction: number) => void },
): Promise<HouseholdList> {
  const kind = await fileKind(source);
  let encoding: Encoding | null = null;
  const tables: (() => Promise<Table>)[] = [];
  if (kind === "csv")
    tables.push(async () => {
      const csv = await csvTable(source, opts.onProgress);
      encoding = csv.encoding;
      return { sheet: null, rows: csv.rows };
    });
  else {
    const book = await XlsxFile.open(source);
    if (!book.sheets.length) throw new ImportFileError("Tệp Excel không có trang tính nào.");
    for (const sheet of book.sheets)
      tables.push(async () => ({ sheet: sheet.name, rows: book.rows(sheet, opts.onProgress) }));
  }
  let closest: (Header & { sheet: string | null }) | undefined;
  for (const open of tables) {
    const table = await open();
    const found = await findHeader(table.rows, opts.needVillageCode);
    if (found.header)
      return {
        layout: {
          format: kind,
          encoding,
          sheet: table.sheet,
          headerRow: found.header.row,
          columns: found.header.match.columns,
          ignored: found.header.match.ignored,
        },
        items: households(table.rows, found.header.match.map, opts.needVillageCode),
      };
    await table.rows.return(undefined);
    if (found.closest && (!closest || found.closest.match.missing.length < closest.match.missing.length))
      closest = { ...found.closest, sheet: table.sheet };
  }
  throw noHeader(closest, opts.needVillageCode);
}

interface PendingHousehold {
  key: string;
  villageCode: string | null;
  rows: { row: number; cells: string[] }[];
}

/** A row of column numbers under the header, as official forms have: (1), (2), … or 1, 2, … */
function isColumnNumbers(cells: readonly string[]): boolean {
  const numbers = cells.filter((c) => c !== "").map((c) => /^\(?(\d{1,3})\)?$/.exec(c)?.[1]);
  return (
    numbers.length >= 2 &&
    numbers.every((n, i) => n !== undefined && (i === 0 || Number(n) === Number(numbers[i - 1]) + 1))
  );
}

async function* households(
  rows: AsyncGenerator<TableRow>,
  map: ColumnMap,
  needVillageCode: boolean,
): AsyncGenerator<ReadItem> {
  let pending: PendingHousehold | undefined;
  let first = true;
  const seenKeys = new Set<string>();
  try {
    for await (const { row, cells: raw } of rows) {
      const cells = raw.map(tidy);
      if (cells.every((c) => c === "")) continue;
      const underHeader = first;
      first = false;
      if (underHeader && isColumnNumbers(cells)) continue;
      const cell = (c: Column) => (map[c] === undefined ? "" : (cells[map[c]!] ?? ""));
      // Without a household key, a sex or a birth, a row is no person: a note or the signatures
      // under the list.
      if (!cell("key") && !cell("sex") && !cell("birth")) continue;
      // A household's key and village written once (or merged, then saved as CSV) hold for the
      // rows below it until the next one.
      const key = cell("key") || (pending?.key ?? "");
      const villageCode = needVillageCode ? cell("villageCode") || (pending?.villageCode ?? "") : null;
      const groupKey = `${villageCode ?? ""}\u0000${key}`;
      if (!pending || pending.key !== key || pending.villageCode !== villageCode) {
        if (pending) yield build(pending, map);
        if (key && seenKeys.has(groupKey)) {
          yield {
            kind: "invalid",
            rows: 1,
            errors: [
              {
                row,
                column: COLUMN_LABEL.key,
                value: key,
                message: "Các dòng của một hộ phải liền nhau; mã hộ này đã xuất hiện ở trên.",
              },
            ],
          };
          pending = undefined;
          continue;
        }
        seenKeys.add(groupKey);
        pending = { key, villageCode, rows: [] };
      }
      pending.rows.push({ row, cells });
    }
    if (pending) yield build(pending, map);
  } finally {
    await rows.return(undefined);
  }
}

function build(p: PendingHousehold, map: ColumnMap): ReadItem {
  const errors: RowError[] = [];
  const first = p.rows[0]!;
  const at = (row: { cells: string[] }, c: Column) => (map[c] === undefined ? "" : (row.cells[map[c]!] ?? ""));
  if (!p.key) errors.push({ row: first.row, column: COLUMN_LABEL.key, value: "", message: "Thiếu mã hộ." });
  if (p.villageCode === "")
    errors.push({ row: first.row, column: COLUMN_LABEL.villageCode, value: "", message: "Thiếu mã thôn." });

  const members: MemberInput[] = [];
  for (const r of p.rows) {
    const member: Record<string, unknown> = { fullName: at(r, "fullName") };
    for (const column of ["sex", "birth", "ethnicity", "relationToHead", "idNumber", "healthInsurance"] as const) {
      const raw = at(r, column);
      if (raw === "" && (column === "idNumber" || column === "healthInsurance")) continue;
      const parsed = parseCell[column](raw);
      if (!parsed.ok) errors.push({ row: r.row, column: COLUMN_LABEL[column], value: raw, message: parsed.message });
      else if (column === "birth") Object.assign(member, parsed.value);
      else if (parsed.value !== undefined) member[column] = parsed.value;
    }
    members.push(member as MemberInput);
  }
  const headRow = p.rows.find((r) => members[p.rows.indexOf(r)]?.relationToHead === "head");
  const headName = at(first, "headName") || (headRow ? at(headRow, "fullName") : "");
  const candidate = { address: at(first, "address") || undefined, headName, members };
  if (!errors.length) {
    const checked = HouseholdFields.safeParse(candidate);
    if (!checked.success) {
      for (const issue of checked.error.issues) {
        const [field, index, memberField] = issue.path;
        const row = field === "members" && typeof index === "number" ? (p.rows[index] ?? first) : first;
        const column =
          field === "members"
            ? memberColumn(String(memberField ?? ""))
            : field === "headName"
              ? COLUMN_LABEL.headName
              : String(field ?? "");
        errors.push({ row: row.row, column, value: "", message: issue.message });
      }
    } else {
      return {
        kind: "household",
        rows: p.rows.length,
        household: {
          key: p.key,
          villageCode: p.villageCode,
          address: checked.data.address ?? "",
          headName: checked.data.headName,
          members: checked.data.members,
          firstRow: first.row,
        },
      };
    }
  }
  return { kind: "invalid", errors, rows: p.rows.length };
}

function memberColumn(field: string): string {
  if (field === "birthYear" || field === "birthDate") return COLUMN_LABEL.birth;
  return (COLUMN_LABEL as Record<string, string>)[field] ?? COLUMN_LABEL.fullName;
}
