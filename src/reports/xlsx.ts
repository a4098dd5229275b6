// A streaming XLSX writer for one sheet, on fflate's Zip + ZipDeflate.
//
// Why not SheetJS (@e965/xlsx): it builds the whole workbook in memory (cell objects, then the
// XML strings, then the zip). Measured in bench/reports.bench.ts on a list of 50,000 households
// (192,000 member lines): SheetJS peaks about 1.1 GB above the data itself, and 3× slower; this
// writer adds nothing measurable, where a Worker has 128 MB in all. It turns each page of rows
// into sheet XML and deflates it at once, holding only the deflate window and the compressed
// bytes not yet handed on, so its memory does not grow with the number of rows. It writes inline strings (no shared-string table to keep in memory), one style
// sheet with the few formats the forms need (bold title and headers, thin borders, "#,##0" counts,
// "0.00" rates), merged cells for the title lines and grouped headers, and frozen header rows.
import { Zip, ZipDeflate } from "fflate";
import type { SheetRow, SheetSpec } from "./layout";
import type { CellValue } from "./types";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Something a writer hands its bytes to as it produces them. */
export type ByteSink = (chunk: Uint8Array) => void;

export interface SheetWriter {
  readonly contentType: string;
  readonly extension: "xlsx" | "csv";
  start(spec: SheetSpec): void;
  rows(rows: readonly SheetRow[]): void;
  finish(): void;
}

const encoder = new TextEncoder();

// Characters XML 1.0 cannot hold at all (control characters other than tab and newlines).
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
function xmlText(s: string): string {
  return s
    .replace(INVALID_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = "";
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Style ids: the order of `cellXfs` in STYLES below. */
const S = {
  title: 1,
  line: 2,
  header: 3,
  text: 4,
  count: 5,
  rate: 6,
  textBold: 7,
  countBold: 8,
  rateBold: 9,
  number: 10,
} as const;

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts>
<fonts count="4"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="14"/><name val="Times New Roman"/></font><font><i/><sz val="11"/><name val="Times New Roman"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE7EEF7"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="11">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center"/></xf>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="3" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
<xf numFmtId="164" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>
<xf numFmtId="3" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="164" fontId="1" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyBorder="1"/>
<xf numFmtId="0" fontId="3" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

const WORKBOOK_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`;

const workbook = (sheetName: string, printTitles: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="${xmlText(sheetName)}" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="_xlnm.Print_Titles" localSheetId="0">${printTitles}</definedName></definedNames></workbook>`;

export interface XlsxOptions {
  /** Deflate level 1–9: 6 is the usual balance; bench/reports.bench.ts measures it. */
  level?: 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

export class XlsxWriter implements SheetWriter {
  readonly contentType = XLSX_TYPE;
  readonly extension = "xlsx" as const;
  private zip: Zip;
  private sheet: ZipDeflate | undefined;
  private rowNumber = 0;
  private merges: string[] = [];
  private spec: SheetSpec | undefined;
  private pending = "";

  constructor(
    emit: ByteSink,
    private readonly options: XlsxOptions = {},
  ) {
    this.zip = new Zip((err, chunk) => {
      if (err) throw err;
      emit(chunk);
    });
  }

  private file(name: string, text: string) {
    const f = new ZipDeflate(name, { level: this.options.level ?? 6 });
    this.zip.add(f);
    f.push(encoder.encode(text), true);
  }

  /** Sheet XML is batched into pieces of about 64 KB before deflating: fewer, larger pushes. */
  private write(xml: string, flush = false) {
    this.pending += xml;
    if (this.pending.length >= 65536 || flush) {
      this.sheet!.push(encoder.encode(this.pending), false);
      this.pending = "";
    }
  }

  private cell(col: number, value: CellValue, style: number): string {
    const ref = `${columnLetters(col)}${this.rowNumber}`;
    if (value === null || value === "") return `<c r="${ref}" s="${style}"/>`;
    if (typeof value === "number")
      return Number.isFinite(value) ? `<c r="${ref}" s="${style}"><v>${value}</v></c>` : `<c r="${ref}" s="${style}"/>`;
    return `<c r="${ref}" s="${style}" t="inlineStr"><is><t xml:space="preserve">${xmlText(value)}</t></is></c>`;
  }

  private row(cells: string, height?: number) {
    this.write(`<row r="${this.rowNumber}"${height ? ` ht="${height}" customHeight="1"` : ""}>${cells}</row>`);
  }

  start(spec: SheetSpec): void {
    this.spec = spec;
    const n = spec.columns.length;
    const last = columnLetters(n - 1);
    const grouped = spec.columns.some((c) => c.group);
    const headerRows = grouped ? 2 : 1;
    const firstHeader = spec.lines.length + 3;
    const frozen = firstHeader + headerRows; // the column-number row stays visible too

    this.file("[Content_Types].xml", CONTENT_TYPES);
    this.file("_rels/.rels", ROOT_RELS);
    this.file(
      "xl/workbook.xml",
      workbook(spec.sheetName, `'${spec.sheetName.replace(/'/g, "''")}'!$${firstHeader}:$${frozen}`),
    );
    this.file("xl/_rels/workbook.xml.rels", WORKBOOK_RELS);
    this.file("xl/styles.xml", STYLES);
    this.sheet = new ZipDeflate("xl/worksheets/sheet1.xml", { level: this.options.level ?? 6 });
    this.zip.add(this.sheet);

    this.write(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
        `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>` +
        `<sheetViews><sheetView workbookViewId="0"><pane xSplit="${Math.min(2, n)}" ySplit="${frozen}" topLeftCell="${columnLetters(Math.min(2, n))}${frozen + 1}" activePane="bottomRight" state="frozen"/></sheetView></sheetViews>` +
        `<sheetFormatPr defaultRowHeight="15"/><cols>${spec.columns.map((c, i) => `<col min="${i + 1}" max="${i + 1}" width="${c.width}" customWidth="1"/>`).join("")}</cols><sheetData>`,
    );
    this.rowNumber++;
    this.row(this.cell(0, spec.title, S.title), 36);
    this.merges.push(`A1:${last}1`);
    for (const line of spec.lines) {
      this.rowNumber++;
      this.row(this.cell(0, line, S.line));
      this.merges.push(`A${this.rowNumber}:${last}${this.rowNumber}`);
    }
    this.rowNumber++; // a blank line before the table
    this.rowNumber++;
    const top = this.rowNumber;
    if (grouped) {
      let top1 = "";
      let top2 = "";
      for (let i = 0; i < n; i++) {
        const c = spec.columns[i]!;
        if (!c.group) {
          top1 += this.cell(i, c.label, S.header);
          top2 += `<c r="${columnLetters(i)}${top + 1}" s="${S.header}"/>`;
          this.merges.push(`${columnLetters(i)}${top}:${columnLetters(i)}${top + 1}`);
          continue;
        }
        let j = i;
        while (j + 1 < n && spec.columns[j + 1]!.group === c.group) j++;
        for (let k = i; k <= j; k++) {
          top1 += k === i ? this.cell(k, c.group, S.header) : `<c r="${columnLetters(k)}${top}" s="${S.header}"/>`;
          top2 += `<c r="${columnLetters(k)}${top + 1}" s="${S.header}" t="inlineStr"><is><t xml:space="preserve">${xmlText(spec.columns[k]!.label)}</t></is></c>`;
        }
        if (j > i) this.merges.push(`${columnLetters(i)}${top}:${columnLetters(j)}${top}`);
        i = j;
      }
      this.row(top1, 45);
      this.rowNumber++;
      this.row(top2, 60);
    } else {
      this.row(spec.columns.map((c, i) => this.cell(i, c.label, S.header)).join(""), 45);
    }
    // Column numbers, as printed on the official forms: (1), (2), …
    this.rowNumber++;
    this.row(spec.columns.map((_, i) => this.cell(i, `(${i + 1})`, S.number)).join(""));
  }

  rows(rows: readonly SheetRow[]): void {
    const kinds = this.spec!.columns.map((c) => c.kind);
    for (const r of rows) {
      this.rowNumber++;
      let xml = "";
      for (let i = 0; i < r.cells.length; i++) {
        const kind = kinds[i];
        const style =
          kind === "count" || kind === "money"
            ? r.emphasis
              ? S.countBold
              : S.count
            : kind === "rate"
              ? r.emphasis
                ? S.rateBold
                : S.rate
              : r.emphasis
                ? S.textBold
                : S.text;
        xml += this.cell(i, r.cells[i] ?? null, style);
      }
      this.row(xml);
    }
  }

  finish(): void {
    this.write(
      `</sheetData><mergeCells count="${this.merges.length}">${this.merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>`,
    );
    this.write(
      `<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/><pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/></worksheet>`,
      true,
    );
    this.sheet!.push(new Uint8Array(0), true);
    this.zip.end();
  }
}
