// Reading the sheets of an .xlsx workbook as rows of text, in the Worker's memory at any length:
// entries are inflated as streams (src/lib/zip.ts) and their XML read by a streaming parser
// (htmlparser2), so only the shared strings, the merged ranges and one chunk of rows are held.
// Cells come out as the text Excel shows: shared and inline strings, numbers and dates through the
// cell's number format (numfmt, Vietnamese locale: a date as dd/mm/yyyy), except that a whole
// number in the General format keeps all its digits (an ID number, not 2,407E+11). A merged
// range gives its value to every cell it covers, so a household's key merged over its members'
// rows is on each of them.
import { type Handler, Parser } from "htmlparser2";
import { getFormatFromId, isDateFormat, format as numfmt } from "numfmt";
import { type ByteSource, entryStream, type ZipEntry, ZipError, zipEntries } from "../lib/zip";
import { ImportFileError, type TableRow } from "./source";

export interface XlsxSheet {
  name: string;
  entry: ZipEntry;
}

/** The part of a qualified XML name after its prefix (`x:row` → `row`). */
const local = (name: string) => name.slice(name.indexOf(":") + 1);

/** A part's text as it is inflated; data that does not inflate is a damaged file, not a failure of ours. */
function textReader(stream: ReadableStream<Uint8Array>) {
  const reader = stream
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .getReader();
  return {
    async read() {
      try {
        return await reader.read();
      } catch (err) {
        if (err instanceof ImportFileError) throw err;
        throw new ImportFileError("Không đọc được tệp Excel: tệp bị hỏng hoặc tải lên chưa trọn vẹn.");
      }
    },
    cancel: () => reader.cancel().catch(() => {}),
  };
}

/** Feeds a part's XML to the parser chunk by chunk, yielding after each chunk. */
async function* parseXml(stream: ReadableStream<Uint8Array>, handler: Partial<Handler>): AsyncGenerator<void> {
  const parser = new Parser(handler, { xmlMode: true, decodeEntities: true });
  const reader = textReader(stream);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.write(value);
      yield;
    }
    parser.end();
  } finally {
    await reader.cancel();
  }
}

async function readXml(stream: ReadableStream<Uint8Array>, handler: Partial<Handler>): Promise<void> {
  for await (const _ of parseXml(stream, handler));
}

/** OOXML writes characters XML cannot hold as `_xHHHH_` (and a literal `_x` as `_x005F_x`). */
const unescapeOoxml = (s: string) =>
  s.includes("_x")
    ? s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)))
    : s;

/** Column index (0-based) and row number of a reference such as `AB12`. */
function cellRef(ref: string): { col: number; row: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(ref);
  if (!m) return null;
  let col = 0;
  for (const ch of m[1]!.toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { col: col - 1, row: Number(m[2]) };
}

function joinPath(dir: string, target: string): string {
  if (target.startsWith("/")) return target.slice(1);
  const parts = dir ? dir.split("/") : [];
  for (const p of target.split("/")) {
    if (p === "..") parts.pop();
    else if (p !== "." && p !== "") parts.push(p);
  }
  return parts.join("/");
}

const dirOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf("/")));
const relsOf = (path: string) =>
  `${dirOf(path) ? `${dirOf(path)}/` : ""}_rels/${path.slice(path.lastIndexOf("/") + 1)}.rels`;

interface Format {
  code: string;
  date: boolean;
}
const GENERAL: Format = { code: "General", date: false };

/** A number as Excel shows it in the cell's format; see the file's head comment. */
function numberText(raw: string, f: Format, date1904: boolean): string {
  const n = Number(raw);
  if (raw === "" || !Number.isFinite(n)) return raw;
  if (f.code === "General" || f.code === "@") {
    if (Number.isInteger(n)) return String(n);
    if (f.code === "@") return raw;
  }
  return numfmt(f.code, f.date && date1904 ? n + 1462 : n, { locale: "vi", throws: false });
}

/** An ISO date (cells of type `d`) as a serial day number of the 1900 system. */
function isoToSerial(iso: string): number | null {
  const t = Date.parse(/T|Z/.test(iso) || iso.length > 10 ? iso : `${iso}T00:00:00Z`);
  if (Number.isNaN(t)) return null;
  const serial = t / 86_400_000 + 25569;
  return serial < 61 ? serial - 1 : serial; // Excel's 29/02/1900 shifts later days by one
}

export class XlsxFile {
  private constructor(
    private readonly source: ByteSource,
    private readonly entries: Map<string, ZipEntry>,
    /** The worksheets in the workbook's order (hidden sheets left out). */
    readonly sheets: XlsxSheet[],
    private readonly strings: string[],
    private readonly formats: Format[],
    private readonly date1904: boolean,
  ) {}

  static async open(source: ByteSource): Promise<XlsxFile> {
    try {
      return await XlsxFile.read(source);
    } catch (err) {
      if (err instanceof ZipError) throw new ImportFileError(`Không đọc được tệp Excel: ${err.message}`);
      throw err;
    }
  }

  private static async read(source: ByteSource): Promise<XlsxFile> {
    const entries = await zipEntries(source);
    const find = (path: string) => {
      const exact = entries.get(path);
      if (exact) return exact;
      const lower = path.toLowerCase();
      for (const [name, e] of entries) if (name.toLowerCase() === lower) return e;
      return undefined;
    };
    const rels = async (path: string) => {
      const list: { id: string; type: string; target: string }[] = [];
      const e = find(relsOf(path));
      if (!e) return list;
      await readXml(await entryStream(source, e), {
        onopentag(name, a) {
          if (local(name) === "Relationship" && a.TargetMode !== "External")
            list.push({ id: a.Id ?? "", type: a.Type ?? "", target: joinPath(dirOf(path), a.Target ?? "") });
        },
      });
      return list;
    };
    const workbookPath = (await rels("")).find((r) => r.type.endsWith("/officeDocument"))?.target ?? "xl/workbook.xml";
    const workbook = find(workbookPath);
    if (!workbook)
      throw new ImportFileError(
        find("content.xml")
          ? "Đây là tệp .ods (LibreOffice, OpenOffice): hãy lưu thành .xlsx (Excel 2007–365) hoặc CSV."
          : "Không đọc được tệp Excel: không có bảng tính (workbook) bên trong.",
      );

    const declared: { name: string; rel: string }[] = [];
    let date1904 = false;
    await readXml(await entryStream(source, workbook), {
      onopentag(name, a) {
        const n = local(name);
        if (n === "workbookPr") date1904 = a.date1904 === "1" || a.date1904 === "true";
        if (n === "sheet" && a.state !== "hidden" && a.state !== "veryHidden") {
          const rel = Object.entries(a).find(([k]) => k.includes(":") && local(k) === "id")?.[1] ?? "";
          declared.push({ name: a.name ?? "", rel });
        }
      },
    });
    const workbookRels = await rels(workbookPath);
    const target = (suffix: string) => workbookRels.find((r) => r.type.endsWith(suffix))?.target;
    const sheets: XlsxSheet[] = [];
    for (const s of declared) {
      const r = workbookRels.find((x) => x.id === s.rel && x.type.endsWith("/worksheet"));
      const entry = r && find(r.target);
      if (entry) sheets.push({ name: s.name, entry });
    }

    const formats: Format[] = [];
    const stylesPath = target("/styles");
    const stylesEntry = stylesPath && find(stylesPath);
    if (stylesEntry) {
      const custom = new Map<number, string>();
      const ids: number[] = [];
      let inCellXfs = false;
      await readXml(await entryStream(source, stylesEntry), {
        onopentag(name, a) {
          const n = local(name);
          if (n === "numFmt") custom.set(Number(a.numFmtId), a.formatCode ?? "General");
          else if (n === "cellXfs") inCellXfs = true;
          else if (n === "xf" && inCellXfs) ids.push(Number(a.numFmtId ?? 0));
        },
        onclosetag(name) {
          if (local(name) === "cellXfs") inCellXfs = false;
        },
      });
      for (const id of ids) {
        const code = custom.get(id) ?? (id === 0 ? "General" : getFormatFromId(id, "vi")) ?? "General";
        formats.push(code === "General" ? GENERAL : { code, date: isDateFormat(code) });
      }
    }

    const strings: string[] = [];
    const stringsPath = target("/sharedStrings");
    const stringsEntry = stringsPath && find(stringsPath);
    if (stringsEntry) {
      let text = "";
      let inText = false;
      let phonetic = 0;
      await readXml(await entryStream(source, stringsEntry), {
        onopentag(name) {
          const n = local(name);
          if (n === "si") text = "";
          else if (n === "t" && phonetic === 0) inText = true;
          else if (n === "rPh") phonetic++;
        },
        ontext(data) {
          if (inText) text += data;
        },
        onclosetag(name) {
          const n = local(name);
          if (n === "t") inText = false;
          else if (n === "rPh") phonetic--;
          else if (n === "si") strings.push(unescapeOoxml(text));
        },
      });
    }
    return new XlsxFile(source, entries, sheets, strings, formats, date1904);
  }

  /**
   * Merged ranges of a sheet (written after its rows), sorted by their top row, four numbers each
   * (top, left, bottom, right) in one flat array: a list of 50,000 households has 200,000 ranges.
   */
  private async merges(sheet: XlsxSheet): Promise<Int32Array> {
    const found: number[] = [];
    const reader = textReader(await entryStream(this.source, sheet.entry));
    const END = /<\/(?:[\w.-]+:)?sheetData\s*>|<(?:[\w.-]+:)?sheetData\s*\/>/;
    const MERGE = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*["']([A-Za-z$]+\d+):([A-Za-z$]+\d+)["']/g;
    let pending = "";
    let rowsDone = false;
    try {
      for (let done = false; !done; ) {
        const next = await reader.read();
        done = next.done;
        let text = pending + (next.value ?? "");
        if (!rowsDone) {
          // Rows first: look only for their end, keeping a little in case a tag is cut in two.
          const end = text.lastIndexOf("sheetData") >= 0 ? END.exec(text) : null;
          if (!end) {
            pending = text.slice(-40);
            continue;
          }
          rowsDone = true;
          text = text.slice(end.index);
        }
        // Up to the last tag begun, which may be cut in two (all of it at the end).
        const cut = done ? -1 : text.lastIndexOf("<");
        const whole = cut >= 0 ? text.slice(0, cut) : text;
        pending = cut >= 0 ? text.slice(cut) : "";
        for (const m of whole.matchAll(MERGE)) {
          const a = cellRef(m[1]!);
          const b = cellRef(m[2]!);
          if (a && b && (a.row !== b.row || a.col !== b.col))
            found.push(Math.min(a.row, b.row), Math.min(a.col, b.col), Math.max(a.row, b.row), Math.max(a.col, b.col));
        }
        if (/<\/(?:[\w.-]+:)?mergeCells\s*>/.test(whole)) break;
      }
    } finally {
      await reader.cancel();
    }
    const order = Uint32Array.from({ length: found.length / 4 }, (_, i) => i).sort(
      (x, y) => found[x * 4]! - found[y * 4]!,
    );
    const sorted = new Int32Array(found.length);
    order.forEach((from, to) => {
      for (let k = 0; k < 4; k++) sorted[to * 4 + k] = found[from * 4 + k]!;
    });
    return sorted;
  }

  /**
   * The sheet's rows that have a cell, in order; `onProgress` hears the share (0–1) of the sheet
   * read. Stopping early (return) stops reading the file.
   */
  async *rows(sheet: XlsxSheet, onProgress?: (fraction: number) => void): AsyncGenerator<TableRow> {
    const merges = await this.merges(sheet);
    const { strings, formats, date1904 } = this;
    const out: TableRow[] = [];
    let nextMerge = 0;
    /** The ranges covering the current row, with the value they carry. */
    let active: { top: number; left: number; bottom: number; right: number; value: string }[] = [];

    let rowNumber = 0;
    let cells: string[] = [];
    let col = 0;
    let type = "n";
    let style = 0;
    let value = "";
    let inline = "";
    let inValue = false;
    let inInline = false;
    let phonetic = 0;

    const finishRow = () => {
      // Ranges that begin on this row take its top-left value; every row they cover shows it.
      for (; nextMerge < merges.length && merges[nextMerge]! <= rowNumber; nextMerge += 4) {
        const top = merges[nextMerge]!;
        const left = merges[nextMerge + 1]!;
        const bottom = merges[nextMerge + 2]!;
        if (bottom >= rowNumber)
          active.push({
            top,
            left,
            bottom,
            right: merges[nextMerge + 3]!,
            value: top === rowNumber ? (cells[left] ?? "") : "",
          });
      }
      if (active.length) {
        active = active.filter((m) => m.bottom >= rowNumber);
        for (const m of active)
          for (let c = m.left; c <= m.right; c++) if (!(m.top === rowNumber && c === m.left)) cells[c] = m.value;
      }
      const dense = new Array<string>(cells.length);
      for (let c = 0; c < cells.length; c++) dense[c] = cells[c] ?? "";
      out.push({ row: rowNumber, cells: dense });
    };

    const cellText = (): string => {
      switch (type) {
        case "s":
          return strings[Number(value)] ?? "";
        case "inlineStr":
          return unescapeOoxml(inline);
        case "str":
          return unescapeOoxml(value);
        case "b":
          return value === "1" ? "TRUE" : value === "0" ? "FALSE" : value;
        case "e":
          return value;
        case "d": {
          const serial = isoToSerial(value);
          const f = formats[style];
          if (serial === null) return value;
          return numfmt(f?.date ? f.code : "dd/mm/yyyy", serial, { locale: "vi", throws: false });
        }
        default:
          return numberText(value, formats[style] ?? GENERAL, date1904);
      }
    };

    const handler: Partial<Handler> = {
      onopentag(name, a) {
        switch (local(name)) {
          case "row":
            rowNumber = a.r ? Number(a.r) : rowNumber + 1;
            cells = [];
            col = 0;
            break;
          case "c": {
            const ref = a.r ? cellRef(a.r) : null;
            if (ref) col = ref.col;
            type = a.t ?? "n";
            style = a.s ? Number(a.s) : 0;
            value = "";
            inline = "";
            break;
          }
          case "v":
            inValue = true;
            break;
          case "t":
            if (phonetic === 0) inInline = true;
            break;
          case "rPh":
            phonetic++;
            break;
        }
      },
      ontext(data) {
        if (inValue) value += data;
        else if (inInline) inline += data;
      },
      onclosetag(name) {
        switch (local(name)) {
          case "v":
            inValue = false;
            break;
          case "t":
            inInline = false;
            break;
          case "rPh":
            phonetic--;
            break;
          case "c": {
            const text = cellText();
            if (text !== "") cells[col] = text;
            col++;
            break;
          }
          case "row":
            finishRow();
            break;
        }
      },
    };

    const compressed = sheet.entry.compressedSize || 1;
    const stream = await entryStream(this.source, sheet.entry, (n) => onProgress?.(Math.min(1, n / compressed)));
    for await (const _ of parseXml(stream, handler)) {
      if (!out.length) continue;
      const ready = out.splice(0, out.length);
      yield* ready;
    }
    yield* out;
  }
}
