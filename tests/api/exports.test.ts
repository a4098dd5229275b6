// Exports: the job runs outside the request (ExportJob Durable Object, alarm), writes to R2 with a
// multipart upload, and the file, read back with an independent XLSX reader (SheetJS) or as CSV,
// holds the numbers the JSON report shows, with the Vietnamese text intact.
import { env, exports as worker } from "cloudflare:workers";
import * as XLSX from "@e965/xlsx";
import { beforeAll, describe, expect, it } from "vitest";
import { CAMPAIGN_2025, loadIntoD1, seedTenant } from "../fixtures/seeded-tenant";
import { LUC_NGAN_VILLAGES } from "./fixtures";
import { api, ORIGIN, U, type Who, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const R = `${T}/campaigns/${CAMPAIGN_2025}/reports`;

beforeAll(async () => {
  const w = await world();
  const seeded = await seedTenant({
    seed: 11,
    households: 300,
    villages: LUC_NGAN_VILLAGES,
    reviewers: [w.userId.enumerator],
    decidedCommuneId: U.communeB,
  });
  await loadIntoD1(env.DB_LUC_NGAN, seeded);
});

async function waitDone(who: Who, id: string) {
  for (let i = 0; i < 100; i++) {
    const r = await api(who, "GET", `${T}/exports/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("export did not finish");
}

async function download(who: Who, url: string) {
  const res = await worker.default.fetch(
    new Request(`${ORIGIN}${url}`, { headers: { Authorization: `Bearer ${(await world()).token[who]}` } }),
  );
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

async function exportFile(who: Who, body: Record<string, unknown>) {
  const created = await api(who, "POST", `${T}/exports`, { campaignId: CAMPAIGN_2025, ...body });
  expect(created.status).toBe(202);
  expect(created.body).toMatchObject({ status: "queued", progress: 0 });
  const done = await waitDone(who, created.body.id);
  expect(done.body).toMatchObject({ status: "done", progress: 1 });
  const file = await download(who, done.body.downloadUrl);
  expect(file.status).toBe(200);
  return { id: created.body.id as string, status: done.body, file };
}

const sheetRows = (bytes: Uint8Array) => {
  const wb = XLSX.read(bytes, { type: "array" });
  return XLSX.utils.sheet_to_json<any[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: null, raw: true });
};

describe("exports", () => {
  it("writes the results form as XLSX laid out like the official form, with the report's numbers", async () => {
    const report = (await api("district_admin", "GET", `${R}/results`)).body;
    const { file } = await exportFile("district_admin", { form: "results", format: "xlsx" });
    expect(file.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(file.headers.get("Content-Disposition")).toContain("filename*=UTF-8''");
    expect(decodeURIComponent(file.headers.get("Content-Disposition")!.split("''")[1]!)).toBe(
      "Kết quả rà soát hộ nghèo, hộ cận nghèo năm 2025 - Huyện Lục Ngạn.xlsx",
    );
    const rows = sheetRows(file.bytes);
    expect(rows[0]![0]).toBe("KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025");
    expect(rows[1]![0]).toBe("Đơn vị báo cáo: Huyện Lục Ngạn");
    expect(rows[2]![0]).toContain("Kỳ báo cáo: Rà soát định kỳ năm 2025, từ ngày 01/09/2025 đến ngày 14/12/2025");
    const header = rows.findIndex((r) => r[0] === "STT");
    expect(rows[header]![2]).toBe("Toàn bộ dân cư");
    expect(rows[header + 1]![2]).toBe("Tổng số hộ dân cư");
    const keys = report.columns.map((c: any) => c.key);
    const byName = (name: string) => rows.find((r) => r[1] === name)!;
    const check = (row: any[], values: any) =>
      keys.forEach((k: string, i: number) => k !== "unitName" && expect(row[i + 1], k).toBe(values[k]));
    check(byName("Tổng cộng"), report.total);
    for (const unit of report.rows) check(byName(unit.unitName), unit);
    check(byName("Khu vực thành thị"), report.subtotals[0]);
    check(byName("Khu vực nông thôn"), report.subtotals[1]);
    // Urban block first, each under its subtotal; the total last.
    const names = rows.slice(header + 3).map((r) => r[1]);
    expect(names).toEqual(["Khu vực thành thị", "Thị trấn Chũ", "Khu vực nông thôn", "Xã Tân Sơn", "Tổng cộng"]);
  });

  it("writes CSV in UTF-8 with a byte-order mark, the same layout and numbers", async () => {
    const report = (await api("district_admin", "GET", `${R}/poor-movement?unitId=${U.communeA}`)).body;
    const { file } = await exportFile("district_admin", { form: "poor-movement", format: "csv", unitId: U.communeA });
    expect(file.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect([...file.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(file.bytes.slice(3));
    const lines = text
      .split("\r\n")
      .filter(Boolean)
      .map((l) => l.split(","));
    expect(lines[0]![0]).toBe("DIỄN BIẾN HỘ NGHÈO NĂM 2025");
    expect(lines[1]![0]).toBe("Đơn vị báo cáo: Xã Tân Sơn");
    const total = lines.find((l) => l[1] === "Tổng cộng")!;
    report.columns.forEach(
      (c: any, i: number) => c.key !== "unitName" && expect(Number(total[i + 1]), c.key).toBe(report.total[c.key]),
    );
    const village = lines.find((l) => l[1] === "Thôn Bản Ó")!;
    expect(Number(village[2])).toBe(report.rows.find((r: any) => r.unitName === "Thôn Bản Ó").start);
  });

  it("pages a list by name into the file: one line per member, every household once", async () => {
    const all: any[] = [];
    let cursor: string | null = null;
    do {
      const r: any = await api(
        "district_admin",
        "GET",
        `${R}/near-poor-list?limit=500${cursor ? `&cursor=${cursor}` : ""}`,
      );
      all.push(...r.body.rows);
      cursor = r.body.nextCursor;
    } while (cursor);
    const { file } = await exportFile("district_admin", { form: "near-poor-list", format: "xlsx" });
    const rows = sheetRows(file.bytes);
    const header = rows.findIndex((r) => r[0] === "STT");
    const body = rows.slice(header + 3, -1);
    expect(body.length).toBe(all.reduce((s, h) => s + h.members.length, 0));
    expect(body.filter((r) => typeof r[0] === "number").map((r) => r[2])).toEqual(all.map((h) => h.headName));
    expect(body.map((r) => r[5])).toEqual(all.flatMap((h) => h.members.map((m: any) => m.fullName)));
    expect(rows.at(-1)![1]).toBe("Tổng cộng");
    expect(rows.at(-1)![4]).toBe(all.reduce((s, h) => s + h.persons, 0));
  });

  it("lets only those who may read the report export and download it", async () => {
    expect(
      (await api("enumerator", "POST", `${T}/exports`, { campaignId: CAMPAIGN_2025, form: "results", format: "xlsx" }))
        .status,
    ).toBe(403);
    expect(
      (
        await api("province_viewer", "POST", `${T}/exports`, {
          campaignId: CAMPAIGN_2025,
          form: "poor-list",
          format: "csv",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api("commune_officer", "POST", `${T}/exports`, {
          campaignId: CAMPAIGN_2025,
          form: "results",
          format: "xlsx",
          unitId: U.communeB,
        })
      ).status,
    ).toBe(404);
    const bad = await api("district_admin", "POST", `${T}/exports`, {
      campaignId: CAMPAIGN_2025,
      form: "results",
      format: "pdf",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("format");

    const { id, status } = await exportFile("district_admin", { form: "results", format: "csv" });
    expect((await download("district_viewer", status.downloadUrl)).status).toBe(200);
    expect((await download("commune_officer", status.downloadUrl)).status).toBe(404);
    expect((await download("other_district_admin", status.downloadUrl.replace("luc-ngan", "son-dong"))).status).toBe(
      404,
    );
    expect((await api("other_district_admin", "GET", `${T}/exports/${id}`)).status).toBe(404);
    const body = { campaignId: CAMPAIGN_2025, form: "children", format: "csv" };
    const first = await api("district_admin", "POST", `${T}/exports`, body, { "Idempotency-Key": "export-children" });
    const repeat = await api("district_admin", "POST", `${T}/exports`, body, { "Idempotency-Key": "export-children" });
    expect(repeat.status).toBe(202);
    expect(repeat.headers.get("Idempotent-Replayed")).toBe("true");
    expect(repeat.body.id).toBe(first.body.id);
    expect(
      (
        await api(
          "district_admin",
          "POST",
          `${T}/exports`,
          { ...body, format: "xlsx" },
          { "Idempotency-Key": "export-children" },
        )
      ).status,
    ).toBe(409);
    const mine = await api("district_admin", "GET", `${T}/exports`);
    expect(mine.body.items.map((e: any) => e.id)).toContain(id);
    expect((await api("district_viewer", "GET", `${T}/exports`)).body.items).toEqual([]);
  });

  it("writes the progress report with the open signals for a district officer", async () => {
    const report = (await api("district_admin", "GET", `${R}/progress`)).body;
    const { file } = await exportFile("district_admin", { form: "progress", format: "xlsx" });
    const rows = sheetRows(file.bytes);
    const header = rows[rows.findIndex((r) => r[0] === "STT")]!;
    expect(header.at(-1)).toBe("Dấu hiệu bất thường chưa kiểm tra");
    const total = rows.find((r) => r[1] === "Tổng cộng")!;
    expect(total.at(-1)).toBe(report.total.openAnomalies);
    expect(total[2]).toBe(report.total.listed);
  });

  it("hides and then removes an expired export", async () => {
    const { id, status } = await exportFile("district_admin", { form: "groups", format: "xlsx" });
    const key = (await env.DB_LUC_NGAN.prepare("SELECT object_key FROM exports WHERE id = ?")
      .bind(id)
      .first<{ object_key: string }>())!.object_key;
    expect(await env.EXPORTS.head(key)).not.toBeNull();
    await env.DB_LUC_NGAN.prepare("UPDATE exports SET expires_at = '2000-01-01T00:00:00.000Z' WHERE id = ?")
      .bind(id)
      .run();
    expect((await api("district_admin", "GET", `${T}/exports/${id}`)).status).toBe(404);
    expect((await download("district_admin", status.downloadUrl)).status).toBe(404);
    const { expireExports } = await import("../../src/reports/maintenance");
    expect(await expireExports(env)).toBeGreaterThanOrEqual(1);
    expect(await env.EXPORTS.head(key)).toBeNull();
    expect(await env.DB_LUC_NGAN.prepare("SELECT id FROM exports WHERE id = ?").bind(id).first()).toBeNull();
  });
});
