// The rows of a list that cannot be imported, as a file to download and fix the list by: XLSX or
// CSV, laid out by the report writers (title, the file and where its list was found, then one line
// per error). The CSV writer turns a text a spreadsheet would run as a formula back into text,
// and the XLSX writer writes text cells only, so a cell copied from an uploaded file (a name such
// as "=HYPERLINK(…)") cannot run when the error file is opened.
import { type ExportFormat, sheetWriter } from "../reports/export";
import type { SheetSpec } from "../reports/layout";
import type { ListLayout, RowError } from "./reader";

/** Errors kept for the file; the count goes on past them. */
export const MAX_REPORTED_ERRORS = 20_000;

export function errorReport(
  format: ExportFormat,
  errors: readonly RowError[],
  about: { fileName: string | null; layout: ListLayout | null; errorCount: number },
): Uint8Array {
  const lines: string[] = [];
  if (about.fileName) lines.push(`Tệp: ${about.fileName}`);
  if (about.layout)
    lines.push(
      `${about.layout.sheet === null ? "" : `Trang tính "${about.layout.sheet}", `}dòng tiêu đề: ${about.layout.headerRow}`,
    );
  if (about.errorCount > errors.length)
    lines.push(`Chỉ ghi ${errors.length} lỗi đầu tiên trong số ${about.errorCount} lỗi.`);
  const spec: SheetSpec = {
    title: "CÁC DÒNG KHÔNG NHẬP ĐƯỢC",
    lines,
    columns: [
      { label: "Dòng", kind: "text", width: 8 },
      { label: "Cột", kind: "text", width: 20 },
      { label: "Giá trị", kind: "text", width: 28 },
      { label: "Lỗi", kind: "text", width: 60 },
    ],
    sheetName: "Lỗi",
  };
  const chunks: Uint8Array[] = [];
  const writer = sheetWriter(format, (c) => chunks.push(c));
  writer.start(spec);
  writer.rows(errors.map((e) => ({ cells: [e.row, e.column, e.value, e.message] })));
  writer.finish();
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
