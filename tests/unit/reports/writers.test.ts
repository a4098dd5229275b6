// The sheet writers read back by an independent reader (SheetJS): text with every awkward
// character, numbers, merged title and group headers, many rows.
import * as XLSX from "@e965/xlsx";
import { describe, expect, it } from "vitest";
import { CsvWriter } from "../../../src/reports/csv";
import type { SheetSpec } from "../../../src/reports/layout";
import { columnLetters, XlsxWriter } from "../../../src/reports/xlsx";

const spec: SheetSpec = {
  title: "DANH SÁCH HỘ NGHÈO NĂM 2025",
  lines: ["Đơn vị báo cáo: Xã Tân Sơn", "Kỳ báo cáo: năm 2025"],
  sheetName: "Danh sách hộ nghèo",
  columns: [
    { label: "STT", kind: "text", width: 6 },
    { label: "Họ và tên", kind: "text", width: 24 },
    { label: "Số hộ", kind: "count", width: 10, group: "Hộ nghèo" },
    { label: "Tỷ lệ (%)", kind: "rate", width: 10, group: "Hộ nghèo" },
    { label: "Ghi chú", kind: "text", width: 20 },
  ],
};
const awkward = ["Nguyễn Thị Ánh Tuyết", 'A & B <c> "d"', "=SUM(A1)", "dòng 1\ndòng 2", "x\u0001y", "Đặng Văn Ư, Ơ"];

function write(rows: number) {
  const chunks: Uint8Array[] = [];
  const w = new XlsxWriter((c) => chunks.push(c));
  w.start(spec);
  for (let i = 0; i < rows; i += 100)
    w.rows(
      Array.from({ length: Math.min(100, rows - i) }, (_, j) => ({
        cells: [i + j + 1, awkward[(i + j) % awkward.length]!, i + j, ((i + j) % 10000) / 100, null],
      })),
    );
  w.rows([{ cells: ["", "Tổng cộng", rows, 12.34, "hết"], emphasis: true }]);
  w.finish();
  const out = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let at = 0;
  for (const c of chunks) out.set(c, at), (at += c.length);
  return out;
}

describe("XlsxWriter", () => {
  it("names columns like a spreadsheet", () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnLetters)).toEqual([
      "A",
      "Z",
      "AA",
      "AB",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });

  it("reads back with the same text and numbers, merged title and group headers", () => {
    const wb = XLSX.read(write(1234), { type: "array", cellNF: true });
    expect(wb.SheetNames).toEqual(["Danh sách hộ nghèo"]);
    const sheet = wb.Sheets[wb.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<any[]>(sheet, { header: 1, defval: null, raw: true });
    expect(rows[0]![0]).toBe("DANH SÁCH HỘ NGHÈO NĂM 2025");
    expect(rows[1]![0]).toBe("Đơn vị báo cáo: Xã Tân Sơn");
    const merges = (sheet["!merges"] ?? []).map((m) => XLSX.utils.encode_range(m));
    expect(merges).toEqual(expect.arrayContaining(["A1:E1", "A2:E2", "C5:D5", "A5:A6", "E5:E6"]));
    expect(rows[4]).toEqual(["STT", "Họ và tên", "Hộ nghèo", null, "Ghi chú"]);
    expect(rows[5]).toEqual([null, null, "Số hộ", "Tỷ lệ (%)", null]);
    expect(rows[6]).toEqual(["(1)", "(2)", "(3)", "(4)", "(5)"]);
    const body = rows.slice(7);
    expect(body).toHaveLength(1235);
    body.slice(0, -1).forEach((r, i) => {
      expect(r[0]).toBe(i + 1);
      expect(r[1]).toBe(awkward[i % awkward.length]!.replace("\u0001", ""));
      expect(r[2]).toBe(i);
      expect(r[3]).toBe((i % 10000) / 100);
    });
    expect(body.at(-1)).toEqual([null, "Tổng cộng", 1234, 12.34, "hết"]);
    expect(sheet["C8"].z).toBe("#,##0");
    expect(sheet["D8"].z).toBe("0.00");
  });
});

describe("CsvWriter", () => {
  it("starts with a BOM, quotes what needs quoting and keeps formulas as text", () => {
    const chunks: Uint8Array[] = [];
    const w = new CsvWriter((c) => chunks.push(c));
    w.start(spec);
    w.rows(awkward.map((t, i) => ({ cells: [i + 1, t, 10 * i, 1.5, null] })));
    w.finish();
    const bytes = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
    let at = 0;
    for (const c of chunks) bytes.set(c, at), (at += c.length);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const wb = XLSX.read(new TextDecoder().decode(bytes.slice(3)), { type: "string", raw: true });
    const rows = XLSX.utils.sheet_to_json<any[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: null, raw: true });
    expect(rows[0]![0]).toBe("DANH SÁCH HỘ NGHÈO NĂM 2025");
    expect(rows[4]).toEqual(["STT", "Họ và tên", "Hộ nghèo", null, "Ghi chú"]);
    expect(rows[5]).toEqual([null, null, "Số hộ", "Tỷ lệ (%)", null]);
    expect(rows.slice(6).map((r) => r[1])).toEqual([
      "Nguyễn Thị Ánh Tuyết",
      'A & B <c> "d"',
      "'=SUM(A1)",
      "dòng 1\ndòng 2",
      "x\u0001y",
      "Đặng Văn Ư, Ơ",
    ]);
  });
});
