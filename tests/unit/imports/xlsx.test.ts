// The XLSX reader on workbooks written by hand, part by part, for what LibreOffice's files do not
// show: inline and rich strings, phonetic runs, escapes, formulas' results, booleans, errors, ISO
// dates, the 1904 date system, built-in and custom number formats, missing cell references,
// prefixed element names, a hidden sheet, a stored (uncompressed) part, and a truncated file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { ImportFileError } from "../../../src/imports/source";
import { XlsxFile } from "../../../src/imports/xlsx";
import { type ByteSource, bytesSource } from "../../../src/lib/zip";

const MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

function workbook(parts: Record<string, string>, stored: string[] = []): Uint8Array {
  return zipSync(
    Object.fromEntries(
      Object.entries(parts).map(([name, text]) => [name, [strToU8(text), { level: stored.includes(name) ? 0 : 6 }]]),
    ) as Parameters<typeof zipSync>[0],
  );
}

const rels = (items: [string, string, string][]) =>
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items
    .map(([id, type, target]) => `<Relationship Id="${id}" Type="${REL}/${type}" Target="${target}"/>`)
    .join("")}</Relationships>`;

async function allRows(bytes: Uint8Array, sheet = 0) {
  const book = await XlsxFile.open(bytesSource(bytes));
  const rows: { row: number; cells: string[] }[] = [];
  for await (const r of book.rows(book.sheets[sheet]!)) rows.push(r);
  return { book, rows };
}

const EDGE = workbook(
  {
    "_rels/.rels": rels([["rId1", "officeDocument", "xl/workbook.xml"]]),
    "xl/workbook.xml": `<workbook ${MAIN} xmlns:r="${REL}"><workbookPr date1904="1"/><sheets><sheet name="Ẩn" sheetId="1" state="hidden" r:id="rId1"/><sheet name="Trang 1" sheetId="2" r:id="rId2"/></sheets></workbook>`,
    "xl/_rels/workbook.xml.rels": rels([
      ["rId1", "worksheet", "worksheets/sheet1.xml"],
      ["rId2", "worksheet", "/xl/worksheets/sheet2.xml"],
      ["rId3", "styles", "styles.xml"],
      ["rId4", "sharedStrings", "sharedStrings.xml"],
    ]),
    "xl/styles.xml": `<styleSheet ${MAIN}><numFmts count="1"><numFmt numFmtId="164" formatCode="d/m/yyyy"/></numFmts><cellStyleXfs count="1"><xf numFmtId="3"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="3"/></cellXfs></styleSheet>`,
    "xl/sharedStrings.xml": `<sst ${MAIN}><si><t>Nguyễn Văn &amp; Con</t></si><si><r><rPr><b/></rPr><t>Hoàng </t></r><r><t xml:space="preserve">Thị Ấm</t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t>dòng 1_x000D_dòng 2 _x005F_x0041_</t></si></sst>`,
    "xl/worksheets/sheet1.xml": `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Ẩn</t></is></c></row></sheetData></worksheet>`,
    "xl/worksheets/sheet2.xml": `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>
<x:row><x:c t="s"><x:v>0</x:v></x:c><x:c t="s"><x:v>1</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>Lò Văn Pá</x:t></x:is></x:c><x:c t="str"><x:f>A3&amp;"!"</x:f><x:v>kết quả</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>
<x:row r="5"><x:c r="B5" s="1"><x:v>25333</x:v></x:c><x:c r="D5" s="2"><x:v>0</x:v></x:c><x:c s="4"><x:v>1500000</x:v></x:c><x:c><x:v>240700001234</x:v></x:c><x:c><x:v>1.5</x:v></x:c><x:c s="3"><x:v>24070000123</x:v></x:c><x:c t="d" s="2"><x:v>1974-05-12</x:v></x:c><x:c t="d"><x:v>1974-05-12T00:00:00Z</x:v></x:c></x:row>
</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="J5:K5"/></x:mergeCells></x:worksheet>`,
  },
  ["xl/sharedStrings.xml"],
);

describe("reading an .xlsx workbook", () => {
  it("lists visible worksheets in the workbook's order, with absolute and relative targets", async () => {
    const book = await XlsxFile.open(bytesSource(EDGE));
    expect(book.sheets.map((s) => s.name)).toEqual(["Trang 1"]);
  });

  it("shows every kind of cell as the text Excel shows (J5:K5 merged)", async () => {
    const { rows } = await allRows(EDGE);
    expect(rows[0]).toEqual({ row: 1, cells: ["Nguyễn Văn & Con", "Hoàng Thị Ấm", "dòng 1\rdòng 2 _x0041_"] });
    expect(rows[1]).toEqual({ row: 2, cells: ["Lò Văn Pá", "kết quả", "TRUE", "#N/A"] });
    // The 1904 date system: serial 25333 is 11/05/1973 (26795 in the 1900 system).
    expect(rows[2]!.row).toBe(5);
    expect(rows[2]!.cells).toEqual([
      "",
      "11/05/1973",
      "",
      "1/1/1904",
      "1.500.000",
      "240700001234",
      "1,5",
      "24070000123",
      "12/5/1974",
      "12/05/1974",
      "12/05/1974",
    ]);
    expect(rows).toHaveLength(3);
  });

  it("gives a merged range's value to every cell it covers on rows that exist", async () => {
    const bytes = workbook({
      "xl/workbook.xml": `<workbook ${MAIN} xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": rels([["rId1", "worksheet", "worksheets/sheet1.xml"]]),
      "xl/worksheets/sheet1.xml": `<worksheet ${MAIN}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>H1</t></is></c><c r="B1" t="inlineStr"><is><t>a</t></is></c></row><row r="2"><c r="B2" t="inlineStr"><is><t>b</t></is></c></row><row r="3"><c r="B3" t="inlineStr"><is><t>c</t></is></c></row><row r="4"><c r="A4" t="inlineStr"><is><t>H2</t></is></c><c r="B4" t="inlineStr"><is><t>d</t></is></c></row></sheetData><mergeCells count="2"><mergeCell ref="A1:A3"/><mergeCell ref="C1:D1"/></mergeCells></worksheet>`,
    });
    const { rows } = await allRows(bytes);
    expect(rows.map((r) => r.cells)).toEqual([
      ["H1", "a", "", ""],
      ["H1", "b"],
      ["H1", "c"],
      ["H2", "d"],
    ]);
  });

  it("finds every merged range and cell when the file comes in pieces of a few bytes", async () => {
    const rows = Array.from(
      { length: 40 },
      (_, i) =>
        `<row r="${i + 1}">${i % 4 === 0 ? `<c r="A${i + 1}" t="inlineStr"><is><t>K${i / 4}</t></is></c>` : ""}<c r="B${i + 1}" t="inlineStr"><is><t>Người ${i}</t></is></c></row>`,
    );
    const merges = Array.from({ length: 10 }, (_, h) => `<mergeCell ref="A${h * 4 + 1}:A${h * 4 + 4}"/>`);
    const bytes = workbook(
      {
        "xl/workbook.xml": `<workbook ${MAIN} xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
        "xl/_rels/workbook.xml.rels": rels([["rId1", "worksheet", "worksheets/sheet1.xml"]]),
        "xl/worksheets/sheet1.xml": `<worksheet ${MAIN}><sheetData>${rows.join("")}</sheetData><mergeCells count="10">${merges.join("")}</mergeCells></worksheet>`,
      },
      ["xl/worksheets/sheet1.xml"],
    );
    const trickle: ByteSource = {
      size: bytes.length,
      async stream(offset, length) {
        const part = bytes.slice(offset, offset + length);
        return new ReadableStream({
          start(ctl) {
            for (let i = 0; i < part.length; i += 5) ctl.enqueue(part.slice(i, i + 5));
            ctl.close();
          },
        });
      },
    };
    const book = await XlsxFile.open(trickle);
    const read: string[][] = [];
    for await (const r of book.rows(book.sheets[0]!)) read.push(r.cells);
    expect(read).toHaveLength(40);
    // Only each household's first row has the key; the merge gives it to the three rows below.
    expect(read.map((r) => r[0])).toEqual(Array.from({ length: 40 }, (_, i) => `K${Math.floor(i / 4)}`));
    expect(read[39]).toEqual(["K9", "Người 39"]);
  });

  it("refuses a truncated or damaged file and an .ods file with a message saying what to do", async () => {
    await expect(XlsxFile.open(bytesSource(EDGE.slice(0, EDGE.length - 30)))).rejects.toThrow(ImportFileError);
    // The sheet's deflated data overwritten in its middle: it no longer inflates.
    const damaged = EDGE.slice();
    const at = new TextDecoder("latin1").decode(damaged).indexOf("xl/worksheets/sheet2.xml") + 40;
    damaged.fill(0xff, at, at + 60);
    await expect(allRows(damaged)).rejects.toThrow(/tệp bị hỏng/);
    const ods = zipSync({
      mimetype: [strToU8("application/vnd.oasis.opendocument.spreadsheet"), { level: 0 }],
      "content.xml": strToU8("<office:document-content/>"),
    });
    await expect(XlsxFile.open(bytesSource(ods))).rejects.toThrow(/\.ods.*\.xlsx/);
  });

  it("reads the lists LibreOffice wrote", async () => {
    const dir = join(import.meta.dirname, "../../fixtures/imports");
    const { book, rows } = await allRows(new Uint8Array(readFileSync(join(dir, "danh-sach-thon-khuon-than.xlsx"))));
    expect(book.sheets.map((s) => s.name)).toEqual(["Danh sách"]);
    expect(rows[0]!.cells.slice(0, 8)).toEqual([
      "UBND XÃ TÂN SƠN",
      "UBND XÃ TÂN SƠN",
      "UBND XÃ TÂN SƠN",
      "UBND XÃ TÂN SƠN",
      "",
      "",
      "",
      "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    ]);
    // Rows 6–9: the household's STT, village, key, head and address merged over its members.
    expect(rows.filter((r) => r.row >= 6 && r.row <= 9).map((r) => r.cells.slice(0, 8))).toEqual([
      ["1", "07459-01", "KT01", "Nông Văn Thắng", "Xóm Đồng Bây", "Nông Văn Thắng", "Nam", "12/05/1968"],
      ["1", "07459-01", "KT01", "Nông Văn Thắng", "Xóm Đồng Bây", "Hoàng Thị Lụa", "Nữ", "1971"],
      ["1", "07459-01", "KT01", "Nông Văn Thắng", "Xóm Đồng Bây", "Nông Văn Hải", "Nam", "03/09/1995"],
      ["1", "07459-01", "KT01", "Nông Văn Thắng", "Xóm Đồng Bây", "Nông Thị Hoa", "Nữ", "2001"],
    ]);
    expect(rows.find((r) => r.row === 7)!.cells[10]).toBe("24171005678");
  });
});
