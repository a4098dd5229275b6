// CSV laid out like the form (title, unit and period lines, header rows, body, total), UTF-8 with a
// byte-order mark so that Excel opens Vietnamese text correctly, CRLF line ends and RFC 4180
// quoting. Numbers are written plainly (a dot before decimals) so that any program reads them back.

import { csvField } from "../lib/csv";
import type { SheetRow, SheetSpec } from "./layout";
import type { CellValue } from "./types";
import type { ByteSink, SheetWriter } from "./xlsx";

const encoder = new TextEncoder();
const BOM = new Uint8Array([0xef, 0xbb, 0xbf]);

export class CsvWriter implements SheetWriter {
  readonly contentType = "text/csv; charset=utf-8";
  readonly extension = "csv" as const;
  private width = 0;
  private pending = "";

  constructor(private readonly emit: ByteSink) {}

  private line(cells: CellValue[]) {
    const padded =
      cells.length < this.width ? [...cells, ...new Array<CellValue>(this.width - cells.length).fill(null)] : cells;
    this.pending += `${padded.map((v: CellValue) => csvField(v)).join(",")}\r\n`;
    if (this.pending.length >= 65536) this.flush();
  }

  private flush() {
    if (this.pending) this.emit(encoder.encode(this.pending));
    this.pending = "";
  }

  start(spec: SheetSpec): void {
    this.width = spec.columns.length;
    this.emit(BOM);
    this.line([spec.title]);
    for (const l of spec.lines) this.line([l]);
    this.line([]);
    if (spec.columns.some((c) => c.group)) {
      let previous: string | undefined;
      this.line(
        spec.columns.map((c) =>
          c.group ? (c.group === previous ? null : ((previous = c.group), c.group)) : ((previous = undefined), c.label),
        ),
      );
      this.line(spec.columns.map((c) => (c.group ? c.label : null)));
    } else this.line(spec.columns.map((c) => c.label));
  }

  rows(rows: readonly SheetRow[]): void {
    for (const r of rows) this.line(r.cells);
  }

  finish(): void {
    this.flush();
  }
}
