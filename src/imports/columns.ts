// Reading a household list exported from a spreadsheet: which column is which (Vietnamese or
// English headers, with or without diacritics), and the cell values as the register's codes.
import { ETHNICITIES, type Ethnicity, labels, type RelationToHead } from "../domain";
import { fold } from "../lib/text";
import { IMPORT_COLUMN_LABELS, type ImportColumn } from "../schemas/import";

export const COLUMNS = {
  key: ["ma ho", "ma so ho", "ma ho gia dinh", "so ho", "stt ho", "household key", "household_key", "householdkey"],
  villageCode: ["ma thon", "ma thon/ban", "village code", "village_code", "villagecode"],
  address: ["dia chi", "address"],
  headName: ["chu ho", "ho ten chu ho", "ho va ten chu ho", "ten chu ho", "head name", "head_name", "headname"],
  fullName: [
    "ho va ten",
    "ho ten",
    "ho ten thanh vien",
    "ho va ten thanh vien",
    "ten thanh vien",
    "full name",
    "full_name",
    "fullname",
  ],
  sex: ["gioi tinh", "sex"],
  birth: [
    "nam sinh",
    "ngay sinh",
    "ngay thang nam sinh",
    "ngay, thang, nam sinh",
    "birth year",
    "birth_year",
    "birthyear",
    "birth date",
    "birthdate",
  ],
  ethnicity: ["dan toc", "ethnicity"],
  relationToHead: ["quan he voi chu ho", "quan he", "relation", "relation_to_head", "relationtohead"],
  idNumber: [
    "cccd",
    "so cccd",
    "so can cuoc",
    "so dinh danh",
    "so dinh danh ca nhan",
    "cmnd/cccd",
    "cccd/cmnd",
    "so cmnd/cccd",
    "so cccd/cmnd",
    "id number",
    "id_number",
    "idnumber",
  ],
  healthInsurance: ["bhyt", "co bhyt", "the bhyt", "health insurance", "health_insurance"],
} as const satisfies Record<ImportColumn, readonly string[]>;
export type Column = keyof typeof COLUMNS;

/** The Vietnamese header written in error reports. */
export const COLUMN_LABEL = IMPORT_COLUMN_LABELS;

const REQUIRED: Column[] = ["key", "fullName", "sex", "birth", "ethnicity", "relationToHead"];

export type ColumnMap = Partial<Record<Column, number>>;

export interface HeaderMatch {
  /** Column → its index in the row. */
  map: ColumnMap;
  /** Column → the header's own text. */
  columns: Partial<Record<Column, string>>;
  /** Headers read past: STT and columns the register does not know. */
  ignored: string[];
  /** Required columns the row lacks (none: this row is the header). */
  missing: Column[];
}

/** A header cell without case, diacritics, a trailing ".:*" or a note in brackets. */
function headerNames(cell: string): string[] {
  const name = fold(cell).replace(/[.:*]+$/, "");
  const bare = name
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[.:*]+$/, "");
  return bare && bare !== name ? [name, bare] : [name];
}

/** Matches a row's cells against the columns (Vietnamese or English, with or without diacritics). */
export function matchHeader(cells: readonly string[], needVillageCode: boolean): HeaderMatch {
  const map: ColumnMap = {};
  const columns: Partial<Record<Column, string>> = {};
  const ignored: string[] = [];
  cells.forEach((cell, i) => {
    if (!cell.trim()) return;
    const names = headerNames(cell);
    const column = names
      .map((n) =>
        (Object.keys(COLUMNS) as Column[]).find((c) => map[c] === undefined && COLUMNS[c].includes(n as never)),
      )
      .find((c) => c !== undefined);
    if (column) {
      map[column] = i;
      columns[column] = cell;
    } else if (!ignored.includes(cell)) ignored.push(cell); // "STT", "Ghi chú", …
  });
  const missing = [...REQUIRED, ...(needVillageCode ? (["villageCode"] as Column[]) : [])].filter(
    (c) => map[c] === undefined,
  );
  return { map, columns, ignored, missing };
}

const SEX: Record<string, "male" | "female"> = {
  nam: "male",
  male: "male",
  m: "male",
  nu: "female",
  female: "female",
  f: "female",
};

const ETHNICITY: Record<string, Ethnicity> = Object.fromEntries([
  ...ETHNICITIES.map((code) => [fold(labels.ethnicity[code]), code] as const),
  ...ETHNICITIES.map((code) => [code.replace(/_/g, " "), code] as const),
  ["h'mong", "hmong"],
  ["hmong", "hmong"],
  ["mong", "hmong"],
  ["san chi", "san_chay"],
  ["cao lan", "san_chay"],
  ["khac", "other"],
]);

const RELATION: Record<string, RelationToHead> = {
  "chu ho": "head",
  head: "head",
  vo: "spouse",
  chong: "spouse",
  "vo/chong": "spouse",
  spouse: "spouse",
  con: "child",
  "con trai": "child",
  "con gai": "child",
  child: "child",
  "con dau": "child_in_law",
  "con re": "child_in_law",
  "con dau/con re": "child_in_law",
  chau: "grandchild",
  "chau noi": "grandchild",
  "chau ngoai": "grandchild",
  bo: "parent",
  me: "parent",
  cha: "parent",
  "bo/me": "parent",
  "bo de": "parent",
  "me de": "parent",
  anh: "sibling",
  chi: "sibling",
  em: "sibling",
  "anh/chi/em": "sibling",
  "ho hang": "other_relative",
  "ho hang khac": "other_relative",
  khac: "other",
  other: "other",
};

const YES = new Set(["co", "x", "1", "true", "yes", "c"]);
const NO = new Set(["khong", "0", "false", "no", "k"]);

export type Parsed<T> = { ok: true; value: T | undefined } | { ok: false; message: string };

export const parseCell = {
  sex(v: string): Parsed<"male" | "female"> {
    const s = SEX[fold(v)];
    return s ? { ok: true, value: s } : { ok: false, message: 'Giới tính phải là "Nam" hoặc "Nữ".' };
  },
  birth(v: string): Parsed<{ birthYear: number; birthDate?: string }> {
    const t = v.trim();
    let m = /^(\d{4})$/.exec(t);
    if (m) return { ok: true, value: { birthYear: Number(m[1]) } };
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
    if (m) {
      const iso = `${m[3]}-${m[2]!.padStart(2, "0")}-${m[1]!.padStart(2, "0")}`;
      return { ok: true, value: { birthYear: Number(m[3]), birthDate: iso } };
    }
    m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    if (m) return { ok: true, value: { birthYear: Number(m[1]), birthDate: t } };
    return { ok: false, message: "Năm sinh phải là năm (1975) hoặc ngày (15/03/1975)." };
  },
  ethnicity(v: string): Parsed<Ethnicity> {
    const e = ETHNICITY[fold(v)];
    return e ? { ok: true, value: e } : { ok: false, message: `Không nhận ra dân tộc "${v.trim()}".` };
  },
  relationToHead(v: string): Parsed<RelationToHead> {
    const r = RELATION[fold(v)];
    return r ? { ok: true, value: r } : { ok: false, message: `Không nhận ra quan hệ với chủ hộ "${v.trim()}".` };
  },
  idNumber(v: string): Parsed<string> {
    const digits = v.replace(/[\s.'’-]/g, "");
    if (!digits) return { ok: true, value: undefined };
    // A spreadsheet that treated the number as a number drops the leading zero of a 12-digit CCCD.
    const fixed = /^\d{11}$/.test(digits) ? `0${digits}` : digits;
    return /^\d{12}$/.test(fixed) ? { ok: true, value: fixed } : { ok: false, message: "Số CCCD gồm đúng 12 chữ số." };
  },
  healthInsurance(v: string): Parsed<boolean> {
    const f = fold(v);
    if (!f) return { ok: true, value: undefined };
    if (YES.has(f)) return { ok: true, value: true };
    if (NO.has(f)) return { ok: true, value: false };
    return { ok: false, message: 'BHYT ghi "Có" hoặc "Không".' };
  },
};
