// End to end through the real procedure: households created, reviewed, agreed, posted and decided
// through the API (the VillageRoom's write path keeps the assessments' result columns, indicator
// rows and counters), over two campaigns; then the reports against an independent count of the
// stored assessments, the province summary (from the counters that write path kept) against the
// tenant's own results report, a signal and its check, and an export read back.
import { env, exports as worker } from "cloudflare:workers";
import * as XLSX from "@e965/xlsx";
import { beforeAll, describe, expect, it } from "vitest";
import { act, closeWindows, completeAnswers, createCampaign, createHousehold, save, T } from "./procedure";
import { api, ORIGIN, U, world } from "./world";

type H = Awaited<ReturnType<typeof createHousehold>>;
type Campaign = Awaited<ReturnType<typeof createCampaign>>;
const h: Record<string, H> = {};
let c2023: Campaign;
let c2024: Campaign;

const INCOME = {
  rural: { poor: 1_000_000, near_poor: 1_000_000, average_living: 2_000_000, non_poor: 3_000_000 },
  urban: { poor: 1_500_000, near_poor: 1_500_000, average_living: 2_500_000, non_poor: 4_000_000 },
} as const;
type Cat = keyof typeof INCOME.rural;

const areaOf = (x: H) => (x.villageId === U.villageB1 ? "urban" : "rural");
const answers = (c: Campaign, x: H, cat: Cat) =>
  completeAnswers(x, c, INCOME[areaOf(x)][cat], cat === "poor" ? ["sanitation"] : []);

async function review(c: Campaign, x: H, cat: Cat, until: "saved" | "submitted" | "accepted") {
  const r = await save(c.id, x.id, answers(c, x, cat), "district_admin");
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.category).toBe(cat);
  if (until === "saved") return;
  expect((await act(c.id, x.id, "submit", "district_admin")).status).toBe(200);
  if (until === "accepted") expect((await act(c.id, x.id, "accept", "district_admin")).status).toBe(200);
}

async function agreeAndPost(c: Campaign, villageId: string, ids: string[]) {
  const meeting = await api("district_admin", "POST", `${T}/campaigns/${c.id}/meetings`, {
    villageId,
    heldOn: `${c === c2023 ? 2023 : 2024}-10-20`,
    chair: "Lục Văn Trưởng",
    secretary: "Hà Thị Thư",
    attendees: 30,
    results: ids.map((householdId) => ({ householdId, agree: 30 })),
  });
  expect(meeting.status, JSON.stringify(meeting.body)).toBe(201);
  expect(
    (
      await api("district_admin", "POST", `${T}/campaigns/${c.id}/postings`, {
        villageId,
        startsOn: `${c === c2023 ? 2023 : 2024}-11-04`,
      })
    ).status,
  ).toBe(201);
  await closeWindows(c.id, villageId);
}

const decide = async (c: Campaign, communeId: string) => {
  const year = c === c2023 ? 2023 : 2024;
  const opinion = await api("district_admin", "POST", `${T}/campaigns/${c.id}/district-opinions`, {
    communeId,
    givenOn: `${year}-12-01`,
  });
  expect(opinion.status, JSON.stringify(opinion.body)).toBe(201);
  const d = await api("district_admin", "POST", `${T}/campaigns/${c.id}/decisions`, {
    communeId,
    number: "125/QĐ-UBND",
    signedOn: `${c === c2023 ? 2023 : 2024}-12-10`,
  });
  expect(d.status, JSON.stringify(d.body)).toBe(201);
};

beforeAll(async () => {
  await world();
  for (const [n, v] of [
    ["h1", U.villageA1],
    ["h2", U.villageA1],
    ["h3", U.villageA1],
    ["h4", U.villageA1],
    ["h5", U.villageA1],
    ["h6", U.villageA2],
    ["h7", U.villageA2],
    ["h8", U.villageA2],
    ["h9", U.villageA2],
    ["h10", U.villageB1],
    ["h11", U.villageB1],
    ["h12", U.villageB1],
  ] as const)
    h[n] = await createHousehold(v, `Hộ thử ${n}`);

  // 2023: a census, every household reviewed and decided in both communes.
  c2023 = await createCampaign({ year: 2023, kind: "census" });
  const plan2023: [string, Cat][] = [
    ["h1", "poor"],
    ["h2", "poor"],
    ["h3", "near_poor"],
    ["h4", "near_poor"],
    ["h5", "average_living"],
    ["h6", "poor"],
    ["h7", "poor"],
    ["h8", "non_poor"],
    ["h9", "near_poor"],
    ["h10", "poor"],
    ["h11", "near_poor"],
    ["h12", "non_poor"],
  ];
  for (const [n, cat] of plan2023) await review(c2023, h[n]!, cat, "accepted");
  await agreeAndPost(
    c2023,
    U.villageA1,
    ["h1", "h2", "h3", "h4", "h5"].map((n) => h[n]!.id),
  );
  await agreeAndPost(
    c2023,
    U.villageA2,
    ["h6", "h7", "h8", "h9"].map((n) => h[n]!.id),
  );
  await agreeAndPost(
    c2023,
    U.villageB1,
    ["h10", "h11", "h12"].map((n) => h[n]!.id),
  );
  await decide(c2023, U.communeA);
  await decide(c2023, U.communeB);

  // Before the next review, h7 (poor) merges into h6: it will not be listed again.
  const h6 = (await api("district_admin", "GET", `${T}/households/${h.h6!.id}`)).body;
  expect(
    (
      await api("district_admin", "POST", `${T}/households/${h.h7!.id}/merge`, {
        intoId: h.h6!.id,
        intoVersion: h6.version,
        version: 1,
      })
    ).status,
  ).toBe(200);

  // 2024: the lists carried forward, a request, every stage from unsaved to decided.
  c2024 = await createCampaign({ year: 2024, kind: "periodic" });
  expect(
    (await api("district_admin", "POST", `${T}/campaigns/${c2024.id}/requests`, { householdId: h.h8!.id, form: "01" }))
      .status,
  ).toBe(201);
  await review(c2024, h.h1!, "poor", "accepted");
  await review(c2024, h.h2!, "near_poor", "submitted");
  await review(c2024, h.h3!, "poor", "saved");
  await review(c2024, h.h4!, "average_living", "accepted");
  await review(c2024, h.h6!, "average_living", "accepted");
  await review(c2024, h.h8!, "poor", "saved");
  // h9 stays listed without a result
  await review(c2024, h.h10!, "poor", "accepted");
  await review(c2024, h.h11!, "near_poor", "accepted");
  await agreeAndPost(c2024, U.villageB1, [h.h10!.id, h.h11!.id]);
  await decide(c2024, U.communeB);

  // h1, poor, turns out to own a car.
  const h1 = (await api("district_admin", "GET", `${T}/households/${h.h1!.id}`)).body;
  expect(
    (
      await api("district_admin", "PATCH", `${T}/households/${h.h1!.id}`, {
        facts: { ...h1.facts, ownsCar: true },
        version: h1.version,
      })
    ).status,
  ).toBe(200);
}, 120_000);

const rows = async (sql: string, ...args: unknown[]) =>
  (
    await env.DB_LUC_NGAN.prepare(sql)
      .bind(...args)
      .all<any>()
  ).results;
const rate = (part: number, whole: number) => (whole ? Math.round((part * 10000) / whole) / 100 : 0);

describe("reports on a review made through the API", () => {
  it("results: every total equals a count of the stored assessments, and the province summary equals it", async () => {
    const report = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/results`)).body;
    const as = await rows(
      "SELECT category, persons, commune_id, state FROM assessments WHERE campaign_id = ?",
      c2024.id,
    );
    const hs = await rows("SELECT member_count FROM households WHERE status = 'active'");
    const n = (cat: string) => as.filter((a) => a.category === cat).length;
    const households = hs.length;
    expect(report.total).toMatchObject({
      households,
      persons: hs.reduce((s, x) => s + x.member_count, 0),
      poor: n("poor"),
      nearPoor: n("near_poor"),
      averageLiving: n("average_living"),
      poorRate: rate(n("poor"), households),
      nearPoorRate: rate(n("near_poor"), households),
    });
    expect([report.total.poor, report.total.nearPoor, report.total.averageLiving]).toEqual([4, 2, 2]);

    const summary = (await api("province_admin", "GET", "/api/v1/province/summary?year=2024")).body;
    const row = summary.tenants.find((t: any) => t.code === "luc-ngan");
    expect(row.campaignId).toBe(c2024.id);
    for (const k of [
      "households",
      "persons",
      "poor",
      "nearPoor",
      "averageLiving",
      "poorRate",
      "nearPoorRate",
      "averageLivingRate",
    ])
      expect(row[k], k).toBe(report.total[k]);
    const decided = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/results?decidedOnly=true`))
      .body;
    const decidedSummary = (
      await api("province_admin", "GET", "/api/v1/province/summary?year=2024&decidedOnly=true")
    ).body.tenants.find((t: any) => t.code === "luc-ngan");
    expect([decidedSummary.poor, decidedSummary.nearPoor]).toEqual([decided.total.poor, decided.total.nearPoor]);
    expect([decided.total.poor, decided.total.nearPoor]).toEqual([1, 1]);
  });

  it("movements: start from the decided 2023 lists, end = start − decreases + increases", async () => {
    const poor = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/poor-movement`)).body.total;
    expect(poor).toMatchObject({
      start: 5,
      decreaseBecameNearPoor: 1,
      decreaseEscaped: 1,
      decreaseOther: 1,
      increaseFromNearPoor: 1,
      increaseNew: 1,
      pending: 0,
    });
    expect(poor.end).toBe(poor.start - poor.decreases + poor.increases);
    expect(poor.end).toBe(4);
    const near = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/near-poor-movement`)).body
      .total;
    expect(near).toMatchObject({
      start: 4,
      decreaseBecamePoor: 1,
      decreaseEscaped: 1,
      increaseFromPoor: 1,
      pending: 1,
    });
    expect(near.end).toBe(near.start - near.decreases + near.increases);
  });

  it("progress, deprivations and the poor list follow the stored rows", async () => {
    const progress = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/progress`)).body.total;
    const states = await rows("SELECT state, answers FROM assessments WHERE campaign_id = ?", c2024.id);
    const at = (...s: string[]) => states.filter((a) => s.includes(a.state)).length;
    expect(progress).toMatchObject({
      listed: states.length,
      surveyed: states.filter((a) => a.answers).length,
      decided: 2,
      posted: 2,
      accepted: at("accepted", "agreed", "posted", "rechecking", "decided"),
      submitted: at("submitted", "accepted", "agreed", "posted", "rechecking", "decided"),
    });

    const dep = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/deprivations`)).body.total;
    const [sanitation] = await rows(
      "SELECT count(*) AS n FROM assessment_indicators i JOIN assessments a ON a.id = i.assessment_id WHERE a.campaign_id = ? AND a.category = 'poor' AND i.code = 'sanitation' AND i.deprived = 1",
      c2024.id,
    );
    expect(dep.poor_sanitation).toBe(sanitation.n);
    expect(dep.poor_sanitation).toBe(4);

    const list = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/poor-list`)).body;
    expect(list.rows.map((x: any) => x.headName).sort()).toEqual(["Hộ thử h1", "Hộ thử h10", "Hộ thử h3", "Hộ thử h8"]);
  });

  it("flags the poor household with a car; a district officer checks it", async () => {
    const signals = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/anomalies?rule=assets_vs_category`))
      .body.items;
    expect(signals.map((s: any) => s.householdIds[0])).toEqual([h.h1!.id]);
    expect(signals[0].reason).toContain("Hộ Hộ thử h1 (Thôn Khuôn Thần) được xếp hộ nghèo nhưng có ô tô");
    const checked = await api(
      "district_admin",
      "POST",
      `${T}/campaigns/${c2024.id}/anomalies/assets_vs_category/${signals[0].subjectId}/check`,
      { note: "Ô tô đã bán năm 2023." },
    );
    expect(checked.status).toBe(200);
    expect((await api("district_admin", "GET", `${T}/audit?entityId=${checked.body.id}`)).body.items).toHaveLength(1);
  });

  it("exports the results form as XLSX with the report's numbers", async () => {
    const report = (await api("district_admin", "GET", `${T}/campaigns/${c2024.id}/reports/results`)).body;
    const job = await api("district_admin", "POST", `${T}/exports`, {
      campaignId: c2024.id,
      form: "results",
      format: "xlsx",
    });
    let st: any;
    for (let i = 0; i < 100 && st?.status !== "done"; i++) {
      await new Promise((ok) => setTimeout(ok, 50));
      st = (await api("district_admin", "GET", `${T}/exports/${job.body.id}`)).body;
    }
    const res = await worker.default.fetch(
      new Request(`${ORIGIN}${st.downloadUrl}`, {
        headers: { Authorization: `Bearer ${(await world()).token.district_admin}` },
      }),
    );
    const wb = XLSX.read(new Uint8Array(await res.arrayBuffer()), { type: "array" });
    const sheet = XLSX.utils.sheet_to_json<any[]>(wb.Sheets[wb.SheetNames[0]!]!, {
      header: 1,
      defval: null,
      raw: true,
    });
    const total = sheet.find((r) => r[1] === "Tổng cộng")!;
    report.columns.forEach(
      (c: any, i: number) => c.key !== "unitName" && expect(total[i + 1], c.key).toBe(report.total[c.key]),
    );
  });
});
