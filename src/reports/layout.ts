// How a report is laid out on paper, shared by the XLSX and CSV writers: the title, the unit and
// period lines, a "STT" column, two header rows (a group over its columns, or one label over
// both rows), a row of column numbers, the units in urban and rural blocks each under its
// subtotal, and the total at the bottom. Lists by name: one line per member, the household's
// facts on the head's line.
import { labels } from "../domain";
import type { CellValue, ColumnKind, ListHousehold, ReportColumn, ReportHeader, SummaryReport } from "./types";

export interface SheetColumn {
  label: string;
  group?: string;
  kind: ColumnKind;
  /** Width in characters. */
  width: number;
}

export interface SheetSpec {
  title: string;
  /** Unit, period and notes, one line each under the title. */
  lines: string[];
  columns: SheetColumn[];
  sheetName: string;
}

export interface SheetRow {
  cells: CellValue[];
  /** Subtotals and totals are printed in bold. */
  emphasis?: boolean;
}

function width(c: ReportColumn): number {
  if (c.kind === "text")
    return c.key === "unitName"
      ? 28
      : c.key === "supportNeeds" || c.key === "causesOfPoverty"
        ? 36
        : c.key.endsWith("Name")
          ? 24
          : 14;
  if (c.kind === "timestamp") return 18;
  return Math.min(16, Math.max(10, Math.ceil(c.label.length / 3)));
}

export function sheetSpec(r: ReportHeader, unitLabel: string): SheetSpec {
  const lines = [`${unitLabel}: ${r.unitName}`, `Kỳ báo cáo: ${r.period}`];
  lines.push(
    r.decidedOnly
      ? "Chỉ tính kết quả đã có quyết định công nhận của xã."
      : "Tính theo kết quả mới nhất của từng hộ trong danh sách rà soát, ở mọi bước của quy trình.",
  );
  return {
    title: r.title.toUpperCase(),
    lines,
    columns: [
      { label: "STT", kind: "text", width: 6 },
      ...r.columns.map((c) => ({
        label: c.label,
        kind: c.kind,
        width: width(c),
        ...(c.group ? { group: c.group } : {}),
      })),
    ],
    sheetName: r.title.slice(0, 31).replace(/[\\/?*[\]:]/g, " "),
  };
}

const ROMAN = ["I", "II", "III", "IV"];

/** A time stamp as people read it in Vietnam: dd/mm/yyyy hh:mm (UTC+7). */
export function formatTimestampVi(isoTime: string): string {
  const t = Date.parse(isoTime);
  if (Number.isNaN(t)) return isoTime;
  const d = new Date(t + 7 * 3600_000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`;
}

function cells(
  columns: readonly ReportColumn[],
  values: Record<string, unknown>,
  first: CellValue,
  name: string,
): CellValue[] {
  return [
    first,
    ...columns.map((c) => {
      if (c.key === "unitName") return name;
      const v = values[c.key];
      if (v === undefined || v === null) return c.kind === "count" ? 0 : null;
      if (c.kind === "timestamp" && typeof v === "string") return formatTimestampVi(v);
      return v as CellValue;
    }),
  ];
}

/** The body of a summary form: blocks with subtotals (when the form has them), then the total. */
export function summaryRows(r: SummaryReport): SheetRow[] {
  const out: SheetRow[] = [];
  const blocks = r.subtotals.filter((s) => r.rows.some((row) => row.area === s.area));
  if (blocks.length)
    blocks.forEach((s, i) => {
      out.push({ cells: cells(r.columns, s, ROMAN[i] ?? "", s.label), emphasis: true });
      r.rows
        .filter((row) => row.area === s.area)
        .forEach((row, j) => out.push({ cells: cells(r.columns, row, j + 1, row.unitName) }));
    });
  else r.rows.forEach((row, j) => out.push({ cells: cells(r.columns, row, j + 1, row.unitName) }));
  out.push({ cells: cells(r.columns, r.total, "", "Tổng cộng"), emphasis: true });
  return out;
}

const codeLabel = (table: Record<string, string>, code: string) => table[code] ?? code;

/** The lines of one page of a list by name; `first` is the number of the page's first household. */
export function listRows(households: readonly ListHousehold[], first: number): SheetRow[] {
  const out: SheetRow[] = [];
  households.forEach((h, i) => {
    const members = h.members.length ? h.members : [null];
    members.forEach((m, j) => {
      const head = j === 0;
      out.push({
        cells: [
          head ? first + i : null,
          head ? h.unitName : null,
          head ? h.headName : null,
          head ? h.address : null,
          head ? h.persons : null,
          m?.fullName ?? null,
          m ? codeLabel(labels.relationToHead, m.relationToHead) : null,
          m ? codeLabel(labels.sex, m.sex) : null,
          m ? String(m.birthYear) : null,
          m ? codeLabel(labels.ethnicity, m.ethnicity) : null,
          head ? h.deprivationCount : null,
          head ? h.causesOfPoverty.join("; ") : null,
          head ? h.supportNeeds.join("; ") : null,
        ],
      });
    });
  });
  return out;
}

export function listTotalRow(total: { households: number; persons: number }): SheetRow {
  return {
    cells: [
      null,
      "Tổng cộng",
      `${total.households} hộ`,
      null,
      total.persons,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ],
    emphasis: true,
  };
}
