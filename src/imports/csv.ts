// A CSV household list as rows of text: UTF-8 or the Windows-1258 of an old Excel "CSV" save,
// separated by commas, semicolons (Excel with Vietnamese regional settings) or tabs. The separator
// is the one that makes one of the first lines a header, so a semicolon file keeps the commas in
// its addresses ("Thôn Khuôn Thần, xã Tân Sơn") inside their cells.
import { parse } from "csv-parse/stream";
import { type ByteSource, readBytes } from "../lib/zip";
import { matchHeader } from "./columns";
import { ImportFileError, type TableRow } from "./source";

export type Encoding = "utf-8" | "windows-1258";

/** Decides the file's encoding from its first bytes: a UTF-8 BOM, valid UTF-8, or else Windows-1258. */
export function detectEncoding(head: Uint8Array): Encoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "utf-8";
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
    return "utf-8";
  } catch {
    return "windows-1258";
  }
}

const SEPARATORS = [";", ",", "\t"] as const;
/** Lines looked at for the header, as in an XLSX sheet. */
export const HEADER_ROWS = 20;

/** Splits one line at `sep` outside double quotes (enough to recognise a header). */
function splitLine(line: string, sep: string): string[] {
  const cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (ch === sep && !quoted) {
      cells.push(cell);
      cell = "";
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}

/** The separator under which one of the first lines names the most columns (all three if none does). */
export function detectSeparator(head: string, complete: boolean): string | string[] {
  const lines = head.split(/\r\n|\n|\r/);
  if (!complete) lines.pop(); // cut in the middle
  let best: string | string[] = [...SEPARATORS];
  let bestCount = 1;
  for (const line of lines.slice(0, HEADER_ROWS))
    for (const sep of SEPARATORS) {
      const count = Object.keys(matchHeader(splitLine(line, sep), false).map).length;
      if (count > bestCount) {
        best = sep;
        bestCount = count;
      }
    }
  return best;
}

/**
 * The file's rows with their line numbers; `onProgress` hears the share (0–1) of the file read.
 * The encoding is decided from the first 64 KiB.
 */
export async function csvTable(
  source: ByteSource,
  onProgress?: (fraction: number) => void,
): Promise<{ encoding: Encoding; rows: AsyncGenerator<TableRow> }> {
  const headLength = Math.min(source.size, 65536);
  const head = await readBytes(source, 0, headLength);
  const encoding = detectEncoding(head);
  const delimiter = detectSeparator(new TextDecoder(encoding).decode(head), headLength === source.size);

  async function* rows(): AsyncGenerator<TableRow> {
    const decoder = new TextDecoder(encoding, { fatal: false, ignoreBOM: false });
    const encoder = new TextEncoder();
    let read = 0;
    const utf8 = (await source.stream(0, source.size)).pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, ctl) {
          read += chunk.byteLength;
          onProgress?.(read / source.size);
          const text = decoder.decode(chunk, { stream: true });
          if (text) ctl.enqueue(encoder.encode(text));
        },
        flush(ctl) {
          const rest = decoder.decode();
          if (rest) ctl.enqueue(encoder.encode(rest));
        },
      }),
    );
    const records = utf8.pipeThrough(
      parse({
        encoding: "utf8",
        delimiter,
        bom: true,
        relax_column_count: true,
        relax_quotes: true,
        skip_empty_lines: true,
        info: true,
      }) as unknown as TransformStream<Uint8Array, { record: string[]; info: { lines: number } }>,
    );
    try {
      for await (const { record, info } of records as unknown as AsyncIterable<{
        record: string[];
        info: { lines: number };
      }>)
        yield { row: info.lines, cells: record.map((c) => String(c ?? "")) };
    } catch (err) {
      // csv-parse's own errors (CSV_…) are the file's; anything else is ours.
      const e = err as { code?: unknown; lines?: unknown; message?: string };
      if (typeof e.code !== "string" || !e.code.startsWith("CSV_")) throw err;
      throw new ImportFileError(`Không đọc được tệp CSV ở dòng ${e.lines ?? "?"}: ${e.message}`);
    }
  }
  return { encoding, rows: rows() };
}
