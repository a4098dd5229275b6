import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { encodeCp1258 } from "../fixtures/cp1258";
import { api, ORIGIN, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";

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
