// Campaigns: the rule pack from the year, the periods, the household list (census, or the current
// lists carried forward), requests, and the movement of each result against the previous campaign.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { completeAnswers, createCampaign, createHousehold, save, T } from "./procedure";
import { api, U, world } from "./world";

beforeAll(async () => {
  await world();
});

describe("creating a campaign", () => {
  it("takes the standard and the period from the year and kind", async () => {
    const periodic = await createCampaign({ year: 2019, kind: "periodic" });
    expect(periodic).toMatchObject({
      year: 2019,
      kind: "periodic",
      standard: "QD59_2015",
      status: "open",
      periodStart: "2019-09-01",
      periodEnd: "2019-12-14",
      reviewDate: "2019-09-01",
    });
    const rolling = await createCampaign({ year: 2028, kind: "rolling", month: 3 });
    expect(rolling).toMatchObject({
      standard: "ND351_2025",
      periodStart: "2028-03-15",
      periodEnd: "2028-03-30",
      previousCampaignId: periodic.id,
    });
    expect(
      (await createCampaign({ year: 2025, kind: "census", standard: "ND07_2021", reviewDate: "2025-08-15" }))
        .reviewDate,
    ).toBe("2025-08-15");

    const bad = await api("district_admin", "POST", `${T}/campaigns`, { year: 2040, kind: "periodic" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("year");
    const mismatch = await api("district_admin", "POST", `${T}/campaigns`, {
      year: 2019,
      kind: "census",
      standard: "ND07_2021",
    });
    expect(mismatch.status).toBe(400);
    expect(
      (await api("district_admin", "POST", `${T}/campaigns`, { year: 2019, kind: "census", month: 2 })).status,
    ).toBe(400);
    const again = await api("district_admin", "POST", `${T}/campaigns`, { year: 2019, kind: "periodic" });
    expect(again.status).toBe(409);
    expect(again.body.current.id).toBe(periodic.id);
    expect((await api("commune_officer", "POST", `${T}/campaigns`, { year: 2018, kind: "periodic" })).status).toBe(403);
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${periodic.id}`);
    expect(audit.body.items).toEqual([
      expect.objectContaining({
        chain: "tenant",
        action: "create",
        entityType: "campaign",
        actorRole: "district_admin",
      }),
    ]);
    const list = await api("enumerator", "GET", `${T}/campaigns`);
    expect(list.body.items.map((c: any) => c.year)).toEqual([2028, 2025, 2019]);
  });

  it("replays a creation sent again with the same Idempotency-Key", async () => {
    const key = crypto.randomUUID();
    const first = await api(
      "district_admin",
      "POST",
      `${T}/campaigns`,
      { year: 2017, kind: "periodic" },
      { "Idempotency-Key": key },
    );
    const second = await api(
      "district_admin",
      "POST",
      `${T}/campaigns`,
      { year: 2017, kind: "periodic" },
      { "Idempotency-Key": key },
    );
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
  });
});

describe("the campaign's list", () => {
  it("lists every active household of the register in a census, unsaved until a form is saved", async () => {
    const a = await createHousehold(U.villageA1, "Vương Văn Lập");
    const b = await createHousehold(U.villageB1, "Trần Thị Hoà");
    const census = await createCampaign({ year: 2021, kind: "census" });
    const active = await env.DB_LUC_NGAN.prepare("SELECT count(*) AS n FROM households WHERE status = 'active'").first<{
      n: number;
    }>();
    expect(census.listed).toBe(active!.n);
    expect(census.listedBy).toEqual({ census: active!.n });
    const listA = await api(
      "commune_officer",
      "GET",
      `${T}/campaigns/${census.id}/assessments?villageId=${U.villageA1}&state=draft`,
    );
    const mine = listA.body.items.find((i: any) => i.householdId === a.id);
    expect(mine).toMatchObject({
      state: "draft",
      version: 0,
      listReason: "census",
      answers: null,
      result: null,
      headName: "Vương Văn Lập",
    });
    // The commune officer of commune A sees neither commune B's households nor its village.
    expect(listA.body.items.some((i: any) => i.householdId === b.id)).toBe(false);
    expect(
      (await api("commune_officer", "GET", `${T}/campaigns/${census.id}/assessments?villageId=${U.villageB1}`)).status,
    ).toBe(404);
    expect((await api("commune_officer", "GET", `${T}/campaigns/${census.id}/assessments/${a.id}`)).status).toBe(404);
    const saved = await save(census.id, a.id, { monthlyIncomePerCapita: 5_000_000 });
    expect(saved.body).toMatchObject({ version: 1, listReason: "census", category: "non_poor" });
    const page1 = await api("district_admin", "GET", `${T}/campaigns/${census.id}/assessments?limit=1`);
    expect(page1.body.items).toHaveLength(1);
    const page2 = await api(
      "district_admin",
      "GET",
      `${T}/campaigns/${census.id}/assessments?limit=1&cursor=${page1.body.nextCursor}`,
    );
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
  });

  it("adds households by request (Mẫu số 01, 04), once per form, keeping an earlier reason", async () => {
    const campaign = await createCampaign({ year: 2016, kind: "periodic" });
    const h = await createHousehold(U.villageA1, "Lò Văn Thân");
    const r = await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/requests`, {
      householdId: h.id,
      form: "01",
      note: "Chồng ốm nặng",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ householdId: h.id, form: "01", listReason: "request_01" });
    expect(
      (await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/requests`, { householdId: h.id, form: "01" }))
        .status,
    ).toBe(409);
    const four = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/requests`, {
      householdId: h.id,
      form: "04",
    });
    expect(four.body).toMatchObject({ listReason: "request_01", assessmentId: r.body.assessmentId });
    expect(
      (await api("supervisor", "POST", `${T}/campaigns/${campaign.id}/requests`, { householdId: h.id, form: "01" }))
        .status,
    ).toBe(403);
    const other = await createHousehold(U.villageA2, "Lò Thị Vân");
    expect(
      (await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/requests`, { householdId: other.id, form: "01" }))
        .status,
    ).toBe(404);
    const unknown = await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/requests`, {
      householdId: crypto.randomUUID(),
      form: "01",
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe("householdId");
    const listed = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/assessments?listReason=request_01`);
    expect(listed.body.items.map((i: any) => i.householdId)).toEqual([h.id]);
    const requests = await api("supervisor", "GET", `${T}/campaigns/${campaign.id}/requests`);
    expect(requests.body.items.map((q: any) => q.form)).toEqual(["01", "04"]);
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${r.body.assessmentId}`);
    expect(audit.body.items).toEqual([expect.objectContaining({ action: "list", reason: "Đơn theo Mẫu số 01" })]);
  });
});

describe("carrying the lists forward and the movement against the previous campaign", () => {
  // Decided results of earlier campaigns, set directly: this file tests what the next campaign
  // does with them (the whole path to a decision is tested in procedure-path.test.ts).
  async function decide(campaignId: string, householdId: string, category: string) {
    await env.DB_LUC_NGAN.prepare(
      `INSERT INTO assessments (id, campaign_id, household_id, village_id, commune_id, state, list_reason, category, version, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'decided', 'census', ?, 3, '2023-12-01T00:00:00Z', '2023-12-01T00:00:00Z')
       ON CONFLICT (campaign_id, household_id) DO UPDATE SET state = 'decided', category = excluded.category`,
    )
      .bind(crypto.randomUUID(), campaignId, householdId, U.villageA2, U.communeA, category)
      .run();
  }

  it("lists last decided poor and near-poor households and names each movement kind", async () => {
    const names = ["A", "B", "C", "D", "E", "F", "G", "H", "J", "K", "L", "M"] as const;
    const hh: Record<string, Awaited<ReturnType<typeof createHousehold>>> = {};
    for (const n of names) hh[n] = await createHousehold(U.villageA2, `Hộ diễn biến ${n}`);
    const c2022 = await createCampaign({ year: 2022, kind: "periodic" });
    for (const [n, cat] of [
      ["G", "poor"],
      ["K", "near_poor"],
      ["M", "poor"],
    ] as const)
      await decide(c2022.id, hh[n]!.id, cat);
    const c2023 = await createCampaign({ year: 2023, kind: "periodic" });
    expect(c2023.previousCampaignId).toBe(c2022.id);
    expect(c2023.listedBy).toEqual({ previous_poor: 2, previous_near_poor: 1 });
    for (const [n, cat] of [
      ["A", "poor"],
      ["B", "poor"],
      ["C", "poor"],
      ["D", "near_poor"],
      ["E", "near_poor"],
      ["F", "near_poor"],
      ["G", "non_poor"],
      ["J", "average_living"],
      ["K", "non_poor"],
    ] as const)
      await decide(c2023.id, hh[n]!.id, cat);
    const arrived = await createHousehold(U.villageA2, "Hộ mới tách");
    const c2024 = await createCampaign({ year: 2024, kind: "periodic" });
    const listed = await api(
      "district_admin",
      "GET",
      `${T}/campaigns/${c2024.id}/assessments?villageId=${U.villageA2}&limit=500`,
    );
    const reasons = Object.fromEntries(
      listed.body.items.map((i: any) => [i.headName.replace("Hộ diễn biến ", ""), i.listReason]),
    );
    // M was not reviewed in 2023: its 2022 result is still the current list.
    expect(reasons).toEqual({
      A: "previous_poor",
      B: "previous_poor",
      C: "previous_poor",
      D: "previous_near_poor",
      E: "previous_near_poor",
      F: "previous_near_poor",
      M: "previous_poor",
    });

    const poor = (h: any) => completeAnswers(h, c2024, 1_000_000, ["sanitation"]);
    const nearPoor = (h: any) => completeAnswers(h, c2024, 1_000_000);
    const average = (h: any) => completeAnswers(h, c2024, 2_000_000);
    const cases: [string, any, string, string | null][] = [
      ["A", poor, "still_poor", "poor"],
      ["B", nearPoor, "poor_to_near_poor", "poor"],
      ["C", average, "escaped_poverty", "poor"],
      ["D", poor, "near_poor_to_poor", "near_poor"],
      ["E", nearPoor, "still_near_poor", "near_poor"],
      ["F", average, "escaped_near_poverty", "near_poor"],
      ["G", poor, "poor_again", "non_poor"],
      ["H", poor, "newly_poor", "non_poor"],
      ["J", nearPoor, "newly_near_poor", "average_living"],
      ["K", nearPoor, "near_poor_again", "non_poor"],
      ["L", average, "not_poor", "non_poor"],
      ["M", poor, "still_poor", "poor"],
    ];
    for (const [n, answers, kind, previous] of cases) {
      const r = await save(c2024.id, hh[n]!.id, answers(hh[n]), "district_admin");
      expect(r.status, n).toBe(200);
      expect(r.body.result.movement, n).toMatchObject({
        kind,
        previousCategory: previous,
        previousCampaignId: c2023.id,
      });
      expect(r.body.result.movement.label, n).toMatch(/\p{L}/u);
    }
    const newcomer = await save(c2024.id, arrived.id, poor(arrived), "district_admin");
    expect(newcomer.body.result.movement).toMatchObject({ kind: "poor_arrived", previousCategory: null });
    const row = await env.DB_LUC_NGAN.prepare(
      "SELECT movement, previous_category FROM assessments WHERE campaign_id = ? AND household_id = ?",
    )
      .bind(c2024.id, hh.B!.id)
      .first();
    expect(row).toEqual({ movement: "poor_to_near_poor", previous_category: "poor" });
  });
});
