// The province roll-up from the tenants' summary counters: its numbers equal the sum of each
// tenant's own results report; a dated snapshot is kept; the province export has one row per
// tenant; the nightly run refreshes snapshots, checks people across tenants, and expires files.
import { createExecutionContext, createScheduledController, waitOnExecutionContext } from "cloudflare:test";
import { env, exports as worker } from "cloudflare:workers";
import * as XLSX from "@e965/xlsx";
import { beforeAll, describe, expect, it } from "vitest";
import { vietnamDate } from "../../src/domain";
import entry from "../../src/index";
import { CAMPAIGN_2025, loadIntoD1, seedTenant } from "../fixtures/seeded-tenant";
import { LUC_NGAN_VILLAGES } from "./fixtures";
import { api, ORIGIN, U, world } from "./world";

const KEYS = [
  "households",
  "persons",
  "poor",
  "nearPoor",
  "averageLiving",
  "poorRate",
  "nearPoorRate",
  "averageLivingRate",
] as const;

beforeAll(async () => {
  const w = await world();
  const lucNgan = await seedTenant({
    seed: 31,
    households: 300,
    villages: LUC_NGAN_VILLAGES,
    reviewers: [w.userId.enumerator],
    decidedCommuneId: U.communeB,
  });
  const sonDong = await seedTenant({
    seed: 37,
    households: 180,
    villages: [{ id: U.villageC1, communeId: U.communeC, area: "rural" }],
    reviewers: [w.userId.other_district_admin],
    decidedCommuneId: U.communeC,
    currentKind: "census",
  });
  await loadIntoD1(env.DB_LUC_NGAN, lucNgan);
  await loadIntoD1(env.DB_SON_DONG, sonDong);
});

const results = async (tenant: string, query = "") =>
  (await api("province_viewer", "GET", `/api/v1/tenants/${tenant}/campaigns/${CAMPAIGN_2025}/reports/results${query}`))
    .body.total;

describe("province summary", () => {
  it("equals, tenant by tenant and in total, the tenants' own results reports", async () => {
    const r = await api("province_admin", "GET", "/api/v1/province/summary?year=2025");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ province: "bac-giang", year: 2025, standard: "ND07_2021", decidedOnly: false });
    expect(r.body.tenants.map((t: any) => [t.code, t.name, t.campaignId])).toEqual([
      ["luc-ngan", "Huyện Lục Ngạn", CAMPAIGN_2025],
      ["son-dong", "Huyện Sơn Động", CAMPAIGN_2025],
    ]);
    const own = [await results("luc-ngan"), await results("son-dong")];
    r.body.tenants.forEach((t: any, i: number) => {
      for (const k of KEYS) expect(t[k], `${t.code}.${k}`).toBe(own[i][k]);
      expect(Date.parse(t.asOf)).not.toBeNaN();
    });
    for (const k of ["households", "persons", "poor", "nearPoor", "averageLiving"] as const)
      expect(r.body.totals[k]).toBe(own[0][k] + own[1][k]);
    expect(r.body.totals.poorRate).toBe(Math.round((r.body.totals.poor * 10000) / r.body.totals.households) / 100);
    expect(r.body.totals.poor).toBeGreaterThan(0);

    const decided = await api("province_viewer", "GET", "/api/v1/province/summary?year=2025&decidedOnly=true");
    const ownDecided = [await results("luc-ngan", "?decidedOnly=true"), await results("son-dong", "?decidedOnly=true")];
    decided.body.tenants.forEach((t: any, i: number) =>
      expect([t.poor, t.nearPoor, t.averageLiving]).toEqual([
        ownDecided[i].poor,
        ownDecided[i].nearPoor,
        ownDecided[i].averageLiving,
      ]),
    );
    expect(decided.body.totals.poor).toBeLessThan(r.body.totals.poor);
  });

  it("keeps the day's snapshot in the registry and gives it back by date", async () => {
    const live = (await api("province_admin", "GET", "/api/v1/province/summary?year=2025")).body;
    const today = vietnamDate(new Date());
    const row = await env.REGISTRY.prepare(
      "SELECT * FROM province_snapshots WHERE province = 'bac-giang' AND year = 2025 AND taken_on = ?",
    )
      .bind(today)
      .first<any>();
    expect(JSON.parse(row.data)).toEqual(live);
    const stored = await api("province_viewer", "GET", `/api/v1/province/summary?year=2025&on=${today}`);
    expect(stored.body).toEqual(live);
    expect((await api("province_viewer", "GET", "/api/v1/province/summary?year=2025&on=2020-01-01")).status).toBe(404);
    expect(
      (await api("province_viewer", "GET", "/api/v1/province/snapshots?year=2025")).body.items.map(
        (s: any) => s.takenOn,
      ),
    ).toContain(today);
  });

  it("is for province roles, each seeing only its own province", async () => {
    expect((await api("district_admin", "GET", "/api/v1/province/summary?year=2025")).status).toBe(403);
    expect((await api("commune_officer", "GET", "/api/v1/province/summary?year=2025")).status).toBe(403);
    const other = await api("other_province_admin", "GET", "/api/v1/province/summary?year=2025");
    expect(other.status).toBe(200);
    expect(other.body.tenants).toEqual([]);
    expect(other.body.totals.households).toBe(0);
    expect((await api("province_admin", "GET", "/api/v1/province/summary?year=abc")).status).toBe(400);
    expect((await api("province_admin", "GET", "/api/v1/province/summary")).status).toBe(400);
  });
});

describe("province export", () => {
  it("writes the results form with one row per tenant and the province total", async () => {
    expect(
      (await api("district_admin", "POST", "/api/v1/province/exports", { year: 2025, format: "xlsx" })).status,
    ).toBe(403);
    const created = await api("province_admin", "POST", "/api/v1/province/exports", { year: 2025, format: "xlsx" });
    expect(created.status).toBe(202);
    let status: any;
    for (let i = 0; i < 100 && !["done", "failed"].includes(status?.status); i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      status = (await api("province_admin", "GET", `/api/v1/province/exports/${created.body.id}`)).body;
    }
    expect(status).toMatchObject({
      status: "done",
      progress: 1,
      downloadUrl: `/api/v1/province/exports/${created.body.id}/download`,
    });
    expect((await api("other_province_admin", "GET", `/api/v1/province/exports/${created.body.id}`)).status).toBe(404);
    const res = await worker.default.fetch(
      new Request(`${ORIGIN}${status.downloadUrl}`, {
        headers: { Authorization: `Bearer ${(await world()).token.province_viewer}` },
      }),
    );
    expect(res.status).toBe(200);
    const wb = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: "array" });
    const rows = XLSX.utils.sheet_to_json<any[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, defval: null, raw: true });
    expect(rows[0]![0]).toBe("KẾT QUẢ RÀ SOÁT HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025");
    const summary = (await api("province_admin", "GET", "/api/v1/province/summary?year=2025")).body;
    const body = rows.slice(rows.findIndex((r) => r[0] === "STT") + 3);
    expect(body.map((r) => r[1])).toEqual(["Huyện Lục Ngạn", "Huyện Sơn Động", "Tổng cộng"]);
    const order = [
      "households",
      "persons",
      "poor",
      "poorRate",
      "nearPoor",
      "nearPoorRate",
      "averageLiving",
      "averageLivingRate",
    ];
    expect(body[0]!.slice(2)).toEqual(order.map((k) => summary.tenants[0][k]));
    expect(body[2]!.slice(2)).toEqual(order.map((k) => summary.totals[k]));
  });
});

describe("nightly run (Cron Trigger)", () => {
  it("refreshes the snapshot, checks people across tenants and removes expired exports", async () => {
    await env.REGISTRY.prepare("DELETE FROM province_snapshots").run();
    await env.DB_LUC_NGAN.prepare(
      "INSERT INTO exports (id, campaign_id, form, format, status, progress, object_key, created_by, created_at, expires_at) VALUES ('00000000-0000-4000-8000-00000000e001', ?, 'results', 'csv', 'done', 100, 'tenants/luc-ngan/exports/old.csv', 'x', '2020-01-01', '2020-01-08')",
    )
      .bind(CAMPAIGN_2025)
      .run();
    await env.EXPORTS.put("tenants/luc-ngan/exports/old.csv", "old");
    const shared = (await env.DB_LUC_NGAN.prepare(
      "SELECT id_hash FROM members WHERE id_hash IS NOT NULL ORDER BY id LIMIT 1",
    ).first<{ id_hash: string }>())!.id_hash;
    const hid = crypto.randomUUID();
    await env.DB_SON_DONG.batch([
      env.DB_SON_DONG.prepare(
        "INSERT INTO households (id, village_id, head_name, search_text, member_count, created_at, updated_at) VALUES (?, ?, 'Chu Văn Lâm', 'chu van lam', 1, '2025-01-01', '2025-01-01')",
      ).bind(hid, U.villageC1),
      env.DB_SON_DONG.prepare(
        "INSERT INTO members (id, household_id, position, full_name, sex, birth_year, ethnicity, relation_to_head, id_hash) VALUES (?, ?, 0, 'Chu Văn Lâm', 'male', 1970, 'nung', 'head', ?)",
      ).bind(crypto.randomUUID(), hid, shared),
    ]);
    const at = new Date();
    const ctx = createExecutionContext();
    entry.scheduled!(createScheduledController({ scheduledTime: at, cron: "0 18 * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const snap = await env.REGISTRY.prepare(
      "SELECT taken_on FROM province_snapshots WHERE province = 'bac-giang' AND year = ?",
    )
      .bind(Number(vietnamDate(at).slice(0, 4)))
      .first<any>();
    expect(snap?.taken_on).toBe(vietnamDate(at));
    const people = await env.REGISTRY.prepare(
      "SELECT id_hash, tenants FROM cross_tenant_people WHERE province = 'bac-giang'",
    ).all<any>();
    expect(people.results).toContainEqual({ id_hash: shared, tenants: '["luc-ngan","son-dong"]' });
    expect(await env.EXPORTS.head("tenants/luc-ngan/exports/old.csv")).toBeNull();
    expect(
      await env.DB_LUC_NGAN.prepare("SELECT id FROM exports WHERE id = '00000000-0000-4000-8000-00000000e001'").first(),
    ).toBeNull();
  });
});
