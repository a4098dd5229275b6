import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { XlsxFile } from "../../src/imports/xlsx";
import { base64ToBytes } from "../../src/lib/encoding";
import { bytesSource } from "../../src/lib/zip";
import { XLSX_TYPE } from "../../src/reports/xlsx";
import { encodeCp1258 } from "../fixtures/cp1258";
import { api, ORIGIN, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";

/** A list LibreOffice wrote (tests/fixtures/imports/make.ts). */
const fixture = (name: string) => base64ToBytes(env.IMPORT_FIXTURES[name]!);

async function upload(
  who: "district_admin" | "enumerator" | "commune_officer",
  query: string,
  body: Uint8Array | string,
  headers: Record<string, string> = {},
) {
  const w = await world();
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${T}/imports?${query}`, {
      method: "POST",
      headers: { "Content-Type": "text/csv", Authorization: `Bearer ${w.token[who]}`, ...headers },
      body,
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

async function download(who: "district_admin" | "enumerator" | "commune_officer", url: string) {
  const w = await world();
  return exports.default.fetch(
    new Request(`${ORIGIN}${url}`, { headers: { Authorization: `Bearer ${w.token[who]}` } }),
  );
}

/** The rows of an .xlsx file as our reader sees them (first sheet). */
async function sheetRows(bytes: Uint8Array): Promise<string[][]> {
  const book = await XlsxFile.open(bytesSource(bytes));
  const rows: string[][] = [];
  for await (const r of book.rows(book.sheets[0]!)) rows.push(r.cells);
  return rows;
}

const householdCount = async () =>
  (await env.DB_LUC_NGAN.prepare("SELECT count(*) AS n FROM households").first<{ n: number }>())!.n;

async function finished(who: "district_admin" | "enumerator" | "commune_officer", id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await api(who, "GET", `${T}/imports/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("import did not finish");
}

const FILE = [
  "Mã hộ;Địa chỉ;Họ và tên;Giới tính;Năm sinh;Dân tộc;Quan hệ với chủ hộ;Số CCCD",
  "N01;Xóm Đồi;Đinh Văn Lâm;Nam;1966;Tày;Chủ hộ;024066000999",
  "N01;Xóm Đồi;Đinh Thị Gấm;Nữ;1969;Tày;Vợ;",
  "N02;Xóm Đồi;Vy Thị Phượng;Nữ;1950;Nùng;Chủ hộ;",
  "N03;Xóm Đồi;Không Rõ;Nam;1990;Sao Hỏa;Chủ hộ;",
].join("\r\n");

describe("CSV import", () => {
  it("imports an Excel-saved list into a village, reports bad rows, and creates nothing new the second time", async () => {
    await world();
    const first = await upload("enumerator", `villageId=${U.villageA1}&fileName=danh-sach.csv`, encodeCp1258(FILE));
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ status: "queued", unitId: U.villageA1, fileName: "danh-sach.csv" });
    const done = await finished("enumerator", first.body.id);
    expect(done).toMatchObject({
      status: "done",
      rows: 4,
      households: 2,
      created: 2,
      skipped: 0,
      invalid: 1,
      errorCount: 1,
      progress: 1,
    });

    const found = await api("enumerator", "GET", `${T}/households?q=dinh van lam`);
    expect(found.body.items).toHaveLength(1);
    const h = await api("enumerator", "GET", `${T}/households/${found.body.items[0].id}`);
    expect(h.body).toMatchObject({ headName: "Đinh Văn Lâm", address: "Xóm Đồi", villageId: U.villageA1 });
    expect(h.body.members.map((m: any) => [m.fullName, m.relationToHead])).toEqual([
      ["Đinh Văn Lâm", "head"],
      ["Đinh Thị Gấm", "spouse"],
    ]);
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${h.body.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(["import"]);

    const report = await exports.default.fetch(
      new Request(`${ORIGIN}${done.errorReportUrl}`, {
        headers: { Authorization: `Bearer ${(await world()).token.enumerator}` },
      }),
    );
    expect(report.status).toBe(200);
    const bytes = new Uint8Array(await report.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain("Dòng,Cột,Giá trị,Lỗi");
    expect(text).toContain("5,Dân tộc,Sao Hỏa");

    const again = await upload("enumerator", `villageId=${U.villageA1}`, encodeCp1258(FILE));
    const second = await finished("enumerator", again.body.id);
    expect(second).toMatchObject({ status: "done", households: 2, created: 0, skipped: 2 });
    const count = await env.DB_LUC_NGAN.prepare(
      "SELECT count(*) AS n FROM households WHERE head_name IN ('Đinh Văn Lâm', 'Vy Thị Phượng')",
    ).first<{ n: number }>();
    expect(count?.n).toBe(2);
    const verify = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageA1}`);
    expect(verify.body.ok).toBe(true);
  });

  it("imports a commune's list by village code", async () => {
    await world();
    const file = [
      "Mã thôn,Mã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ",
      "07459-02,K1,Ma Văn Bình,Nam,1980,Dao,Chủ hộ",
      "07459-99,K2,Ở Đâu,Nam,1980,Kinh,Chủ hộ",
    ].join("\n");
    const r = await upload("commune_officer", `communeId=${U.communeA}`, file);
    expect(r.status).toBe(202);
    const done = await finished("commune_officer", r.body.id);
    expect(done).toMatchObject({ created: 1, invalid: 1 });
    const h = await api("commune_officer", "GET", `${T}/households?q=ma van binh`);
    expect(h.body.items[0].villageId).toBe(U.villageA2);
  });

  it("fails clearly on a file without the needed columns, and refuses bad requests", async () => {
    await world();
    const r = await upload("district_admin", `villageId=${U.villageA1}`, "Tên,Tuổi\nA,3\n");
    const done = await finished("district_admin", r.body.id);
    expect(done.status).toBe("failed");
    expect(done.error).toMatch(/Thiếu cột/);
    expect((await upload("district_admin", `villageId=${U.communeA}`, FILE)).status).toBe(400);
    expect((await upload("district_admin", "", FILE)).status).toBe(400);
    expect((await upload("enumerator", `villageId=${U.villageA2}`, FILE)).status).toBe(404);
  });
});

describe("lists as officials keep them (files written by LibreOffice)", () => {
  it("imports the village's .xlsx list under its title rows, with merged cells, dates and an ID stored as a number", async () => {
    await world();
    const r = await upload(
      "enumerator",
      `villageId=${U.villageA1}&fileName=danh-sach.xlsx`,
      fixture("danh-sach-thon-khuon-than.xlsx"),
      {
        "Content-Type": XLSX_TYPE,
      },
    );
    expect(r.status).toBe(202);
    const done = await finished("enumerator", r.body.id);
    expect(done).toMatchObject({
      status: "done",
      households: 3,
      created: 3,
      invalid: 1,
      errorCount: 1,
      layout: { format: "xlsx", sheet: "Danh sách", headerRow: 4, ignored: ["STT", "Ghi chú"] },
    });
    expect(done.layout.columns).toMatchObject({ key: "Mã hộ", fullName: "Họ và tên", birth: "Ngày sinh" });

    const found = await api("district_admin", "GET", `${T}/households?q=nong van thang`);
    const h = await api("district_admin", "GET", `${T}/households/${found.body.items[0].id}`);
    expect(h.body).toMatchObject({ headName: "Nông Văn Thắng", address: "Xóm Đồng Bây", villageId: U.villageA1 });
    expect(h.body.members.map((m: any) => [m.fullName, m.relationToHead, m.birthYear, m.idNumber ?? null])).toEqual([
      ["Nông Văn Thắng", "head", 1968, "024068001234"],
      ["Hoàng Thị Lụa", "spouse", 1971, "024171005678"],
      ["Nông Văn Hải", "child", 1995, null],
      ["Nông Thị Hoa", "child", 2001, null],
    ]);
    expect(h.body.members[0].birthDate).toBe("1968-05-12");

    // The rows that could not be imported, as a workbook and as CSV.
    const xlsx = await download("enumerator", done.errorReportXlsxUrl);
    expect(xlsx.headers.get("Content-Type")).toBe(XLSX_TYPE);
    const rows = await sheetRows(new Uint8Array(await xlsx.arrayBuffer()));
    expect(
      rows.some((row) => row.join("|") === '15|Quan hệ với chủ hộ|Em dâu|Không nhận ra quan hệ với chủ hộ "Em dâu".'),
    ).toBe(true);
    expect(rows.flat()).toContain('Trang tính "Danh sách", dòng tiêu đề: 4');
    const csv = await (await download("enumerator", done.errorReportUrl)).text();
    expect(csv).toContain("15,Quan hệ với chủ hộ,Em dâu,");

    // The same file again creates nothing new.
    const again = await upload("enumerator", `villageId=${U.villageA1}`, fixture("danh-sach-thon-khuon-than.xlsx"), {
      "Content-Type": XLSX_TYPE,
    });
    expect(await finished("enumerator", again.body.id)).toMatchObject({ status: "done", created: 0, skipped: 3 });
  });

  it("imports the same list saved as a Windows-1258 CSV into the commune by village code", async () => {
    await world();
    const r = await upload("commune_officer", `communeId=${U.communeA}`, fixture("danh-sach-thon-khuon-than.csv"));
    const done = await finished("commune_officer", r.body.id);
    expect(done).toMatchObject({
      status: "done",
      households: 3,
      invalid: 1,
      layout: { format: "csv", encoding: "windows-1258", sheet: null, headerRow: 4 },
    });
    expect(done.created + done.skipped).toBe(3);
    const h = await api("commune_officer", "GET", `${T}/households?q=trieu thi sen`);
    expect(h.body.items[0]).toMatchObject({ villageId: U.villageA1, address: "Thôn Khuôn Thần, xã Tân Sơn" });
  });

  it("previews a commune's list on the second sheet of a workbook and writes nothing", async () => {
    await world();
    const before = await householdCount();
    const imports = await api("commune_officer", "GET", `${T}/imports`);
    const r = await upload(
      "commune_officer",
      `communeId=${U.communeA}&dryRun=true`,
      fixture("danh-sach-trang-2.xlsx"),
      {
        "Content-Type": XLSX_TYPE,
      },
    );
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      format: "xlsx",
      encoding: null,
      sheet: "Danh sách xã",
      headerRow: 4,
      columns: {
        villageCode: "Mã thôn",
        key: "Mã hộ",
        fullName: "Họ và tên",
        sex: "Giới tính",
        birth: "Năm sinh",
        ethnicity: "Dân tộc",
        relationToHead: "Quan hệ với chủ hộ",
        idNumber: "Số CCCD",
      },
      ignored: ["STT", "Ghi chú"],
      rows: 5,
      households: 3,
      invalid: 0,
      errorCount: 0,
      errors: [],
    });
    expect(await householdCount()).toBe(before);
    expect((await api("commune_officer", "GET", `${T}/imports`)).body.items).toHaveLength(imports.body.items.length);

    const real = await upload("commune_officer", `communeId=${U.communeA}`, fixture("danh-sach-trang-2.xlsx"), {
      "Content-Type": XLSX_TYPE,
    });
    expect(await finished("commune_officer", real.body.id)).toMatchObject({ created: 3, invalid: 0 });
    const tu = await api("commune_officer", "GET", `${T}/households?q=hoang van tu`);
    expect(tu.body.items[0].villageId).toBe(U.villageA2);
  });

  it("reads ID numbers Excel stored as numbers as their 12 digits", async () => {
    await world();
    const r = await upload("district_admin", `villageId=${U.villageA2}`, fixture("cccd-dang-so.xlsx"), {
      "Content-Type": XLSX_TYPE,
    });
    expect(await finished("district_admin", r.body.id)).toMatchObject({ status: "done", created: 2, invalid: 0 });
    const ids: string[] = [];
    for (const q of ["ha van lam", "chu van quy"]) {
      const found = await api("district_admin", "GET", `${T}/households?q=${encodeURIComponent(q)}`);
      const h = await api("district_admin", "GET", `${T}/households/${found.body.items[0].id}`);
      ids.push(...h.body.members.map((m: any) => m.idNumber));
    }
    expect(ids).toEqual(["024080001111", "024185002222", "102090003333", "024192004444"]);
  });

  it("previews errors as a downloadable file, a formula in a cell kept as text", async () => {
    await world();
    const file = [
      "DANH SÁCH HỘ GIA ĐÌNH",
      "",
      "STT,Mã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ với chủ hộ",
      '1,P01,Lò Văn Pá,Nam,1970,"=HYPERLINK(""http://x"")",Chủ hộ',
      "2,P02,Lò Thị Ún,Nữ,1975,Thái,Chủ hộ",
    ].join("\r\n");
    const preview = await upload("commune_officer", `villageId=${U.villageA2}&dryRun=true`, file);
    expect(preview.body).toMatchObject({ headerRow: 3, households: 1, invalid: 1, errorCount: 1, ignored: ["STT"] });
    expect(preview.body.errors).toEqual([
      {
        row: 4,
        column: "Dân tộc",
        value: '=HYPERLINK("http://x")',
        message: 'Không nhận ra dân tộc "=HYPERLINK("http://x")".',
      },
    ]);
    const w = await world();
    const asCsv = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/imports?villageId=${U.villageA2}&dryRun=true&fileName=ds.csv`, {
        method: "POST",
        headers: { "Content-Type": "text/csv", Accept: "text/csv", Authorization: `Bearer ${w.token.commune_officer}` },
        body: file,
      }),
    );
    expect(asCsv.status).toBe(200);
    const text = await asCsv.text();
    expect(text).toContain("Tệp: ds.csv");
    expect(text).toContain(`4,Dân tộc,"'=HYPERLINK(""http://x"")"`);
    const asXlsx = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/imports?villageId=${U.villageA2}&dryRun=true`, {
        method: "POST",
        headers: { "Content-Type": "text/csv", Accept: XLSX_TYPE, Authorization: `Bearer ${w.token.commune_officer}` },
        body: file,
      }),
    );
    // A text cell: read back as the text, where a formula cell would give its (empty) result.
    const rows = await sheetRows(new Uint8Array(await asXlsx.arrayBuffer()));
    expect(rows.some((row) => row[2] === '=HYPERLINK("http://x")')).toBe(true);
  });

  it("tells what to do with a file it cannot read", async () => {
    await world();
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    const preview = await upload("commune_officer", `villageId=${U.villageA2}&dryRun=true`, xls, {
      "Content-Type": "application/vnd.ms-excel",
    });
    expect(preview.status).toBe(400);
    expect(preview.body.error.message).toMatch(/\.xls.*lưu thành \.xlsx/);
    const noHeader = await upload(
      "commune_officer",
      `communeId=${U.communeA}&dryRun=true`,
      "DANH SÁCH\nMã hộ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ\nA,B,Nam,1990,Kinh,Chủ hộ",
    );
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.error.details).toEqual([
      { path: "file", message: "Thiếu cột: Mã thôn (dòng tiêu đề gần đúng nhất là dòng 2)." },
    ]);
    const broken = await upload(
      "commune_officer",
      `villageId=${U.villageA2}`,
      fixture("cccd-dang-so.xlsx").slice(0, 900),
      {
        "Content-Type": XLSX_TYPE,
      },
    );
    const failed = await finished("commune_officer", broken.body.id);
    expect(failed).toMatchObject({ status: "failed" });
    expect(failed.error).toMatch(/Không đọc được tệp Excel/);
  });
});
