import { describe, expect, it } from "vitest";
import { detectEncoding } from "../../../src/imports/csv";
import { ImportFileError, openHouseholdList, type ReadItem } from "../../../src/imports/reader";
import type { ByteSource } from "../../../src/lib/zip";
import { encodeCp1258 } from "../../fixtures/cp1258";

/** The file's bytes handed over in small pieces, as a network body may come. */
function sourceOf(bytes: Uint8Array, chunk = 7): ByteSource {
  return {
    size: bytes.length,
    async stream(offset, length) {
      const part = bytes.slice(offset, offset + length);
      return new ReadableStream({
        start(ctl) {
          for (let i = 0; i < part.length; i += chunk) ctl.enqueue(part.slice(i, i + chunk));
          ctl.close();
        },
      });
    },
  };
}

async function readAll(bytes: Uint8Array, needVillageCode = false) {
  const items: ReadItem[] = [];
  const list = await openHouseholdList(sourceOf(bytes), { needVillageCode });
  for await (const item of list.items) items.push(item);
  return items;
}

const utf8 = (s: string) => new TextEncoder().encode(s);

const LIST = [
  "Mã hộ;Địa chỉ;Họ và tên;Giới tính;Năm sinh;Dân tộc;Quan hệ với chủ hộ;Số CCCD;BHYT",
  "H01;Thôn Khuôn Thần;Nguyễn Văn Đức;Nam;1970;Tày;Chủ hộ;24070000123;Có",
  "H01;Thôn Khuôn Thần;Hoàng Thị Ấm;Nữ;12/05/1974;Tày;Vợ;;Không",
  "H02;Thôn Khuôn Thần;Lục Thị Hường;Nữ;1958;Nùng;Chủ hộ;;",
  "H02;;Lục Văn Sáng;Nam;1985;Nùng;Con;;x",
].join("\r\n");

describe("reading a household list", () => {
  it("reads an old Excel save in Windows-1258 with semicolons, one row per person, split across chunks", async () => {
    const bytes = encodeCp1258(LIST);
    expect(detectEncoding(bytes)).toBe("windows-1258");
    const items = await readAll(bytes);
    expect(items.map((i) => i.kind)).toEqual(["household", "household"]);
    const [a, b] = items.map((i) => (i.kind === "household" ? i.household : null));
    expect(a).toMatchObject({ key: "H01", headName: "Nguyễn Văn Đức", address: "Thôn Khuôn Thần" });
    expect(a!.members[0]).toMatchObject({
      fullName: "Nguyễn Văn Đức",
      sex: "male",
      birthYear: 1970,
      ethnicity: "tay",
      relationToHead: "head",
      idNumber: "024070000123",
      healthInsurance: true,
    });
    expect(a!.members[1]).toMatchObject({
      fullName: "Hoàng Thị Ấm",
      birthYear: 1974,
      birthDate: "1974-05-12",
      relationToHead: "spouse",
      healthInsurance: false,
    });
    expect(a!.members[0]!.fullName).toBe("Nguyễn Văn Đức".normalize("NFC"));
    expect(b!.members.map((m) => m.ethnicity)).toEqual(["nung", "nung"]);
    expect(b!.members[1]!.healthInsurance).toBe(true);
  });

  it("reads UTF-8 with a BOM and commas alike", async () => {
    const text = `\uFEFF${LIST.replace(/;/g, ",")}`;
    const bytes = utf8(text);
    expect(detectEncoding(bytes)).toBe("utf-8");
    const items = await readAll(bytes, false);
    expect(items.filter((i) => i.kind === "household")).toHaveLength(2);
  });

  it("reports each bad cell with its row, column and a Vietnamese message, and keeps going", async () => {
    const text = [
      "Mã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ với chủ hộ,Số CCCD",
      "A,Trần Văn Một,Nam,1980,Kinh,Chủ hộ,",
      "B,Trần Văn Hai,Đực,1980,Kinh,Chủ hộ,",
      "B,Trần Thị Ba,Nữ,năm ngoái,Kinh,Vợ,123",
      "C,Trần Văn Bốn,Nam,2999,Kinh,Chủ hộ,",
      "D,Trần Văn Năm,Nam,1990,Sao Hỏa,Chủ hộ,",
      "A,Trần Văn Sáu,Nam,1990,Kinh,Con,",
    ].join("\n");
    const items = await readAll(utf8(text));
    expect(items.map((i) => i.kind)).toEqual(["household", "invalid", "invalid", "invalid", "invalid"]);
    const errors = items.flatMap((i) => (i.kind === "invalid" ? i.errors : []));
    expect(errors.map((e) => [e.row, e.column])).toEqual([
      [3, "Giới tính"],
      [4, "Năm sinh"],
      [4, "Số CCCD"],
      [5, "Năm sinh"],
      [6, "Dân tộc"],
      [7, "Mã hộ"],
    ]);
    expect(errors[0]!.message).toMatch(/Nam.*Nữ/);
  });

  it("refuses a file whose header lacks required columns", async () => {
    await expect(readAll(utf8("Tên,Tuổi\nA,3"))).rejects.toBeInstanceOf(ImportFileError);
    await expect(
      readAll(utf8("Mã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ\nA,B,Nam,1990,Kinh,Chủ hộ"), true),
    ).rejects.toThrow(/Mã thôn/);
  });
});

describe("finding the list in a file laid out for people", () => {
  async function open(text: string, needVillageCode = false) {
    const list = await openHouseholdList(sourceOf(utf8(text), 64), { needVillageCode });
    const items: ReadItem[] = [];
    for await (const item of list.items) items.push(item);
    return {
      layout: list.layout,
      items,
      households: items.flatMap((i) => (i.kind === "household" ? [i.household] : [])),
    };
  }

  it("skips title and blank rows, the STT column and the column numbers; keeps commas inside a semicolon file", async () => {
    const { layout, items, households } = await open(
      [
        "UBND XÃ TÂN SƠN;;;;;;;;",
        "DANH SÁCH HỘ GIA ĐÌNH THÔN KHUÔN THẦN, XÃ TÂN SƠN;;;;;;;;",
        ";;;;;;;;",
        "STT;Mã hộ;Địa chỉ;Họ và tên;Giới tính (Nam/Nữ);Năm sinh;Dân tộc;Quan hệ với chủ hộ;Ghi chú",
        "1;2;3;4;5;6;7;8;9",
        "1;K1;Thôn Khuôn Thần, xã Tân Sơn;Nông Văn Thắng;Nam;1968;Tày;Chủ hộ;",
        "2;K1;;Hoàng Thị Lụa;Nữ;1971;Tày;Vợ;hộ nghèo",
      ].join("\r\n"),
    );
    expect(layout).toEqual({
      format: "csv",
      encoding: "utf-8",
      sheet: null,
      headerRow: 4,
      columns: {
        key: "Mã hộ",
        address: "Địa chỉ",
        fullName: "Họ và tên",
        sex: "Giới tính (Nam/Nữ)",
        birth: "Năm sinh",
        ethnicity: "Dân tộc",
        relationToHead: "Quan hệ với chủ hộ",
      },
      ignored: ["STT", "Ghi chú"],
    });
    expect(items.map((i) => i.kind)).toEqual(["household"]);
    expect(households[0]).toMatchObject({ key: "K1", address: "Thôn Khuôn Thần, xã Tân Sơn", firstRow: 6 });
    expect(households[0]!.members).toHaveLength(2);
  });

  it("reads headers without diacritics, and a household's key written on its first row only", async () => {
    const { households, items } = await open(
      [
        "Ma ho,Ho va ten,Gioi tinh,Nam sinh,Dan toc,Quan he",
        "A1,Trần Văn Một,Nam,1980,Kinh,Chủ hộ",
        ",Trần Thị Hai,Nữ,1982,Kinh,Vợ",
        ",Trần Văn Ba,Nam,2005,Kinh,Con",
        "A2,Lê Thị Bốn,Nữ,1960,Kinh,Chủ hộ",
        ",,,,,",
        ",Người lập biểu,,,,",
        ",Nguyễn Văn Năm,,,,",
      ].join("\n"),
    );
    expect(items.map((i) => i.kind)).toEqual(["household", "household"]);
    expect(households.map((h) => [h.key, h.members.map((m) => m.fullName)])).toEqual([
      ["A1", ["Trần Văn Một", "Trần Thị Hai", "Trần Văn Ba"]],
      ["A2", ["Lê Thị Bốn"]],
    ]);
  });

  it("says which columns the closest row lacks, or that no header is in the first 20 rows", async () => {
    await expect(
      open("DANH SÁCH\n\nMã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ\nA,B,Nam,1990,Kinh,Chủ hộ", true),
    ).rejects.toThrow("Thiếu cột: Mã thôn (dòng tiêu đề gần đúng nhất là dòng 3).");
    const late = `${"Ghi chú\n".repeat(20)}Mã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ\nA,B,Nam,1990,Kinh,Chủ hộ`;
    await expect(open(late)).rejects.toThrow(/không thấy dòng tiêu đề trong 20 dòng đầu/);
  });

  it("tells an old .xls file from a list it can read", async () => {
    await expect(
      openHouseholdList(sourceOf(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])), {
        needVillageCode: false,
      }),
    ).rejects.toThrow(/Excel 97–2003 \(\.xls\)/);
  });
});
