// What a household list is read from: the uploaded file's bytes (kept in R2 for an import, in
// memory for a preview), its kind told by its first bytes rather than by its name, and the rows
// of its table as text — the same shape whether it was a CSV file or a sheet of a workbook.
import { type ByteSource, readBytes } from "../lib/zip";

/** One row of the table as the file shows it: its number in the file (1-based) and its cells. */
export interface TableRow {
  row: number;
  cells: string[];
}

/** The file cannot be read as a household list at all; the message says why (in Vietnamese). */
export class ImportFileError extends Error {}

export type FileKind = "csv" | "xlsx";

/** An object of the bucket, read by ranges. */
export function r2Source(bucket: R2Bucket, key: string, size: number): ByteSource {
  return {
    size,
    async stream(offset, length) {
      const object = await bucket.get(key, { range: { offset, length } });
      if (!object) throw new ImportFileError("Không tìm thấy tệp đã tải lên.");
      return object.body;
    },
  };
}

/**
 * The kind of file from its first bytes: an .xlsx is a ZIP file; an old .xls and a
 * password-protected workbook are OLE compound files, which cannot be read here.
 */
export async function fileKind(source: ByteSource): Promise<FileKind> {
  if (source.size === 0) throw new ImportFileError("Tệp rỗng.");
  const head = await readBytes(source, 0, Math.min(8, source.size));
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return "xlsx";
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw new ImportFileError(
      "Đây là tệp Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu: hãy mở bằng Excel, bỏ mật khẩu và lưu thành .xlsx (Excel Workbook) hoặc CSV.",
    );
  return "csv";
}
