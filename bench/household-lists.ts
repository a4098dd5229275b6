// Synthetic household lists as an official's .xlsx file, for the import bench: two title rows, a
// blank row, the header with STT, a row of column numbers, each household's STT, village, key and
// address merged over its members' rows, shared strings, years and ID numbers as numbers.
// Written by SheetJS (@e965/xlsx, a dev dependency) with a shared-string table, as Excel writes.
import { createReadStream, statSync } from "node:fs";
import { Readable } from "node:stream";
import * as XLSX from "@e965/xlsx";
import type { SyntheticHousehold } from "../src/demo/synthetic";
import { labels } from "../src/domain";
import type { ByteSource } from "../src/lib/zip";

export function householdsXlsx(
  list: readonly SyntheticHousehold[],
  villageCode: (villageId: string) => string,
  keyPrefix: string,
): Uint8Array {
  const header = [
    "STT",
    "Mã thôn",
    "Mã hộ",
    "Địa chỉ",
    "Họ và tên",
    "Giới tính",
    "Năm sinh",
    "Dân tộc",
    "Quan hệ với chủ hộ",
    "Số CCCD",
    "BHYT",
  ];
  const rows: unknown[][] = [
    ["UBND XÃ THỬ TẢI"],
    ["DANH SÁCH HỘ GIA ĐÌNH NĂM 2026"],
    [],
    header,
    header.map((_, i) => `(${i + 1})`),
  ];
  const merges: XLSX.Range[] = [
    { s: { r: 0, c: 0 }, e: { r: 0, c: 3 } },
    { s: { r: 1, c: 0 }, e: { r: 1, c: header.length - 1 } },
  ];
  list.forEach((h, n) => {
    const first = rows.length;
    h.members.forEach((m, i) => {
      const ethnicity = labels.ethnicity[m.ethnicity as keyof typeof labels.ethnicity] ?? m.ethnicity;
      rows.push([
        i === 0 ? n + 1 : null,
        i === 0 ? villageCode(h.villageId) : null,
        i === 0 ? `${keyPrefix}${n}` : null,
        i === 0 ? h.address : null,
        m.fullName,
        labels.sex[m.sex],
        m.birthYear,
        ethnicity,
        labels.relationToHead[m.relationToHead],
        m.idNumber ? Number(m.idNumber) : null,
        m.healthInsurance === undefined ? null : m.healthInsurance ? "Có" : "Không",
      ]);
    });
    if (h.members.length > 1)
      for (let c = 0; c < 4; c++) merges.push({ s: { r: first, c }, e: { r: rows.length - 1, c } });
  });
  const sheet = XLSX.utils.aoa_to_sheet(rows);
  sheet["!merges"] = merges;
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "Danh sách");
  return new Uint8Array(XLSX.write(book, { type: "array", bookType: "xlsx", bookSST: true, compression: true }));
}

/** A file read by ranges from disk, as the import job reads its R2 object. */
export function fileSource(path: string): ByteSource {
  return {
    size: statSync(path).size,
    async stream(offset, length) {
      if (length === 0) return new ReadableStream({ start: (c) => c.close() });
      return Readable.toWeb(
        createReadStream(path, { start: offset, end: offset + length - 1, highWaterMark: 65536 }),
      ) as ReadableStream<Uint8Array>;
    },
  };
}
