// Streams a household list (CSV, UTF-8 or the Windows-1258 of an old Excel "CSV" save; comma,
// semicolon or tab separated; one row per person, the rows of a household together) into
// validated households and row-level errors, without holding the file in memory.
import { parse } from "csv-parse/stream";
import { tidy } from "../lib/text";
import { HouseholdCreateSchema, type MemberInput } from "../schemas/household";
import { COLUMN_LABEL, type Column, type ColumnMap, mapHeader, parseCell } from "./columns";

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

export class ImportFileError extends Error {}

const HouseholdFields = HouseholdCreateSchema.omit({ villageId: true, id: true, facts: true });

/** Decides the file's encoding from its first bytes: a UTF-8 BOM, valid UTF-8, or else Windows-1258. */
export function detectEncoding(head: Uint8Array): "utf-8" | "windows-1258" {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1258";
  }
}

/**
 * Bytes in the detected encoding → UTF-8 bytes (what the CSV parser reads), reporting how many
 * bytes have been read.
 */
function toUtf8(
  bytes: ReadableStream<Uint8Array>,
  onEncoding: (e: string) => void,
  onBytes: (n: number) => void,
): ReadableStream<Uint8Array> {
  let decoder: TextDecoder | undefined;
  const encoder = new TextEncoder();
  let read = 0;
  return bytes.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, ctl) {
        if (!decoder) {
          const encoding = detectEncoding(chunk.subarray(0, 65536));
          onEncoding(encoding);
          decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
        }
        read += chunk.byteLength;
        onBytes(read);
        const text = decoder.decode(chunk, { stream: true });
        if (text) ctl.enqueue(encoder.encode(text));
      },
      flush(ctl) {
        const rest = decoder?.decode();
        if (rest) ctl.enqueue(encoder.encode(rest));
      },
    }),
  );
}

interface PendingHousehold {
  key: string;
  villageCode: string | null;
  rows: { row: number; cells: string[] }[];
}

export async function* readHouseholds(
  bytes: ReadableStream<Uint8Array>,
  opts: { needVillageCode: boolean; onEncoding?: (e: string) => void; onBytes?: (n: number) => void },
): AsyncGenerator<ReadItem> {
  const records = toUtf8(bytes, opts.onEncoding ?? (() => {}), opts.onBytes ?? (() => {})).pipeThrough(
    parse({
      encoding: "utf8",
      delimiter: [",", ";", "\t"],
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      info: true,
    }) as unknown as TransformStream<Uint8Array, { record: string[]; info: { lines: number } }>,
  );
  let map: ColumnMap | undefined;
  let pending: PendingHousehold | undefined;
  const seenKeys = new Set<string>();

  for await (const { record, info } of records as unknown as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    const cells = record.map((c) => tidy(String(c ?? "")));
    if (!map) {
      const header = mapHeader(cells, opts.needVillageCode);
      if (header.missing.length)
        throw new ImportFileError(
          `Thiếu cột: ${header.missing.map((c) => COLUMN_LABEL[c]).join(", ")}. Dòng đầu của tệp phải là tiêu đề các cột.`,
        );
      map = header.map;
      continue;
    }
    if (cells.every((c) => c === "")) continue;
    const cell = (c: Column) => (map![c] === undefined ? "" : (cells[map![c]!] ?? ""));
    const key = cell("key");
    const villageCode = opts.needVillageCode ? cell("villageCode") : null;
    const groupKey = `${villageCode ?? ""}\u0000${key}`;
    if (!pending || pending.key !== key || pending.villageCode !== villageCode) {
      if (pending) yield build(pending, map);
      if (key && seenKeys.has(groupKey)) {
        yield {
          kind: "invalid",
          rows: 1,
          errors: [
            {
              row: info.lines,
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
    pending.rows.push({ row: info.lines, cells });
  }
  if (!map) throw new ImportFileError("Tệp rỗng: không có dòng tiêu đề.");
  if (pending) yield build(pending, map);
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
