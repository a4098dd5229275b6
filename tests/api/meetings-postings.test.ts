// The village meeting (50% rule, recorded whole or not at all, printable minutes) and the public
// posting (agreed households posted, window in working days across weekends and holidays).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { accepted, assessmentCounters, counters, createCampaign, createHousehold, recount, T } from "./procedure";
import { api, U, world } from "./world";

let campaign: { id: string; standard: string; reviewDate: string };
const meeting = (villageId: string, attendees: number, results: { householdId: string; agree: number }[]) => ({
  villageId,
  heldOn: "2025-10-20",
  chair: "Hoàng Văn Trưởng",
  secretary: "Nông Thị Thư",
  attendees,
  results,
});

beforeAll(async () => {
  await world();
  campaign = await createCampaign({ year: 2025, kind: "periodic" });
});

describe("village meeting", () => {
  it("agrees a result at exactly half of the attendees and sends it back just under", async () => {
    const a = await createHousehold(U.villageA1, "Hộ mười trên hai mươi");
    const b = await createHousehold(U.villageA1, "Hộ chín trên mười chín");
    await accepted(campaign, a, 1_000_000, ["sanitation"]);
    await accepted(campaign, b, 1_000_000);
    const twenty = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 20, [{ householdId: a.id, agree: 10 }]),
    );
    expect(twenty.status, JSON.stringify(twenty.body)).toBe(201);
    expect(twenty.body.results).toEqual([expect.objectContaining({ householdId: a.id, agree: 10, agreed: true })]);
    const nineteen = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 19, [{ householdId: b.id, agree: 9 }]),
    );
    expect(nineteen.body.results).toEqual([expect.objectContaining({ householdId: b.id, agree: 9, agreed: false })]);
    const ga = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/assessments/${a.id}`);
    const gb = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/assessments/${b.id}`);
    expect(ga.body.state).toBe("agreed");
    expect(gb.body).toMatchObject({ state: "returned" });
    expect(gb.body.returnComment).toContain("9/19");
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${ga.body.id}`);
    expect(audit.body.items.at(-1)).toMatchObject({
      action: "meeting",
      reason: "Họp dân ngày 20/10/2025: 10/20 người dự họp đồng ý",
    });
    // Back to review: corrected, submitted, accepted and agreed at another meeting.
    await api("enumerator", "PUT", `${T}/campaigns/${campaign.id}/assessments/${b.id}`, {
      ...gb.body.answers,
      version: gb.body.version,
    });
    expect(
      (
        await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/assessments/${b.id}/actions`, {
          action: "submit",
        })
      ).body.state,
    ).toBe("submitted");
    expect(
      (
        await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/assessments/${b.id}/actions`, {
          action: "accept",
        })
      ).body.state,
    ).toBe("accepted");
    const second = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/meetings`, {
      ...meeting(U.villageA1, 30, [{ householdId: b.id, agree: 30 }]),
      heldOn: "2025-10-27",
    });
    expect(second.body.results[0].agreed).toBe(true);
  });

  it("records the meeting whole or not at all", async () => {
    const ok = await createHousehold(U.villageA1, "Hộ đã chấp nhận");
    const draft = await createHousehold(U.villageA1, "Hộ còn nháp");
    const elsewhere = await createHousehold(U.villageA2, "Hộ thôn khác");
    await accepted(campaign, ok, 1_000_000);
    await api("enumerator", "PUT", `${T}/campaigns/${campaign.id}/assessments/${draft.id}`, {
      monthlyIncomePerCapita: 1_000_000,
    });
    const before = await env.DB_LUC_NGAN.prepare("SELECT count(*) AS n FROM meetings").first<{ n: number }>();

    const otherVillage = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 10, [
        { householdId: ok.id, agree: 8 },
        { householdId: elsewhere.id, agree: 8 },
      ]),
    );
    expect(otherVillage.status).toBe(400);
    expect(otherVillage.body.error.details[0].path).toBe("results.1.householdId");
    const repeated = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 10, [
        { householdId: ok.id, agree: 8 },
        { householdId: ok.id, agree: 2 },
      ]),
    );
    expect(repeated.status).toBe(400);
    expect(repeated.body.error.details[0].path).toBe("results.1.householdId");
    const tooMany = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 10, [{ householdId: ok.id, agree: 11 }]),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0].path).toBe("results.0.agree");
    const notAccepted = await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA1, 10, [
        { householdId: ok.id, agree: 8 },
        { householdId: draft.id, agree: 8 },
      ]),
    );
    expect(notAccepted.status).toBe(409);
    expect(notAccepted.body.householdIds).toEqual([draft.id]);
    expect(
      (
        await api(
          "enumerator",
          "POST",
          `${T}/campaigns/${campaign.id}/meetings`,
          meeting(U.villageA1, 10, [{ householdId: ok.id, agree: 8 }]),
        )
      ).status,
    ).toBe(403);

    const after = await env.DB_LUC_NGAN.prepare("SELECT count(*) AS n FROM meetings").first<{ n: number }>();
    expect(after!.n).toBe(before!.n);
    expect((await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/assessments/${ok.id}`)).body.state).toBe(
      "accepted",
    );
  });

  it("prints the minutes and lists the village's meetings", async () => {
    const h = await createHousehold(U.villageA1, "Hộ có biên bản");
    await accepted(campaign, h, 1_000_000, ["sanitation"]);
    const m = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/meetings`, {
      ...meeting(U.villageA1, 40, [{ householdId: h.id, agree: 25 }]),
      notes: "Hộ Vi Văn X đề nghị xem lại",
    });
    const minutes = await api("supervisor", "GET", `${T}/campaigns/${campaign.id}/meetings/${m.body.id}/minutes`);
    expect(minutes.status).toBe(200);
    expect(minutes.headers.get("Content-Type")).toContain("text/html");
    for (const text of [
      "BIÊN BẢN HỌP DÂN",
      "Thôn Khuôn Thần",
      "Xã Tân Sơn",
      "20/10/2025",
      "Hoàng Văn Trưởng",
      "Hộ có biên bản",
      "Hộ nghèo",
      "25/40",
      "62,5%",
      "Thống nhất",
    ])
      expect(minutes.body, text).toContain(text);
    const one = await api("supervisor", "GET", `${T}/campaigns/${campaign.id}/meetings/${m.body.id}`);
    expect(one.body.results).toEqual([
      expect.objectContaining({
        householdId: h.id,
        headName: "Hộ có biên bản",
        agree: 25,
        agreed: true,
        category: "poor",
      }),
    ]);
    const list = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/meetings`);
    expect(list.body.items.map((x: any) => x.id)).toContain(m.body.id);
    const other = await api(
      "other_district_admin",
      "GET",
      `${T}/campaigns/${campaign.id}/meetings/${m.body.id}/minutes`,
    );
    expect(other.status).toBe(404);
  });
});

describe("public posting", () => {
  it("posts the village's agreed households for N working days across a weekend and the National Day holiday", async () => {
    const agreedIds = (
      await api(
        "district_admin",
        "GET",
        `${T}/campaigns/${campaign.id}/assessments?villageId=${U.villageA1}&state=agreed&limit=500`,
      )
    ).body.items.map((i: any) => i.householdId);
    expect(agreedIds.length).toBeGreaterThan(1);
    const r = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/postings`, {
      villageId: U.villageA1,
      startsOn: "2025-08-28",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      villageId: U.villageA1,
      startsOn: "2025-08-28",
      endsOn: "2025-09-03",
      workingDays: 3,
    });
    expect(r.body.householdIds.sort()).toEqual(agreedIds.sort());
    const listed = await api("supervisor", "GET", `${T}/campaigns/${campaign.id}/postings/${r.body.id}`);
    expect(listed.body.households.every((h: any) => h.state === "posted" && h.headName)).toBe(true);
    const a = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/assessments/${agreedIds[0]}`);
    expect(a.body.state).toBe("posted");
    // Several households are rewritten by one statement: every field survives it.
    expect(a.body.answers.monthlyIncomePerCapita).toBe(1_000_000);
    expect(a.body.result).toMatchObject({
      standard: "ND07_2021",
      monthlyIncomePerCapita: 1_000_000,
      movement: { kind: expect.any(String) },
    });
    const row = await env.DB_LUC_NGAN.prepare(
      "SELECT provisional, persons, posted_at IS NOT NULL AS posted, typeof(answers) AS t FROM assessments WHERE id = ?",
    )
      .bind(a.body.id)
      .first();
    expect(row).toEqual({ provisional: 0, persons: 3, posted: 1, t: "text" });
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${a.body.id}`);
    expect(audit.body.items.at(-1)).toMatchObject({
      action: "post",
      reason: "Niêm yết công khai từ 28/08/2025 đến hết 03/09/2025 (3 ngày làm việc)",
    });
    const none = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/postings`, {
      villageId: U.villageA1,
      startsOn: "2025-09-08",
    });
    expect(none.status).toBe(409);
    expect(
      (
        await api("enumerator", "POST", `${T}/campaigns/${campaign.id}/postings`, {
          villageId: U.villageA2,
          startsOn: "2025-09-08",
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/postings`, {
          villageId: U.communeA,
          startsOn: "2025-09-08",
        })
      ).status,
    ).toBe(400);
  });

  it("counts the tenant's own number of days and calendar changes, across Tết", async () => {
    const h = await createHousehold(U.villageA2, "Hộ niêm yết dịp Tết");
    await accepted(campaign, h, 1_000_000);
    await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA2, 12, [{ householdId: h.id, agree: 6 }]),
    );
    expect((await api("commune_officer", "PATCH", `${T}/settings`, { workingDays: 5 })).status).toBe(403);
    const set = await api("district_admin", "PATCH", `${T}/settings`, {
      workingDays: 5,
      calendar: { daysOff: ["2025-02-05"], workingDays: [] },
    });
    expect(set.body).toMatchObject({ workingDays: 5, calendar: { daysOff: ["2025-02-05"] } });
    const window = await api("enumerator", "GET", `${T}/calendar/posting-window?startsOn=2025-01-23`);
    expect(window.body).toMatchObject({ endsOn: "2025-02-06", workingDays: 5 });
    expect(window.body.skipped.map((s: any) => s.reason)).toContain("Tết Nguyên đán");
    const r = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/postings`, {
      villageId: U.villageA2,
      startsOn: "2025-01-23",
    });
    // 23, 24 Jan; Tết 25 Jan – 2 Feb; 3, 4 Feb; 5 Feb off by the tenant; 6 Feb.
    expect(r.body).toMatchObject({ startsOn: "2025-01-23", endsOn: "2025-02-06", workingDays: 5 });
    const cal = await api("supervisor", "GET", `${T}/calendar?year=2025`);
    expect(cal.body.daysOff.map((d: any) => d.date)).toContain("2025-09-01");
    expect(cal.body.tenant.daysOff).toEqual(["2025-02-05"]);
    await api("district_admin", "PATCH", `${T}/settings`, {
      workingDays: 3,
      calendar: { daysOff: [], workingDays: [] },
    });
  });

  it("counts the 2026 calendar: New Year 1–4/1 off, Sat 10/1 worked in exchange for Fri 2/1", async () => {
    const h = await createHousehold(U.villageA2, "Hộ niêm yết dịp Tết Dương lịch");
    await accepted(campaign, h, 1_000_000);
    await api(
      "commune_officer",
      "POST",
      `${T}/campaigns/${campaign.id}/meetings`,
      meeting(U.villageA2, 10, [{ householdId: h.id, agree: 8 }]),
    );
    const r = await api("commune_officer", "POST", `${T}/campaigns/${campaign.id}/postings`, {
      villageId: U.villageA2,
      startsOn: "2025-12-31",
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ startsOn: "2025-12-31", endsOn: "2026-01-06", householdIds: [h.id] });
    const swapped = await api("enumerator", "GET", `${T}/calendar/posting-window?startsOn=2026-01-09`);
    expect(swapped.body).toMatchObject({ endsOn: "2026-01-12", workingDays: 3 });
    expect(swapped.body.skipped).toEqual([{ date: "2026-01-11", reason: "Chủ nhật" }]);
    const cal = await api("supervisor", "GET", `${T}/calendar?year=2026`);
    expect(cal.body.swappedWorkingDays).toEqual(["2026-01-10"]);
    expect(cal.body.source).toMatchObject({ fromNotice: true, source: expect.stringContaining("12729/VPCP-KGVX") });
    expect(cal.body.daysOff).toContainEqual(
      expect.objectContaining({ date: "2026-04-27", name: "Nghỉ bù Giỗ Tổ Hùng Vương (10/3 âm lịch)" }),
    );
    const later = await api("supervisor", "GET", `${T}/calendar?year=2028`);
    expect(later.body.source.fromNotice).toBe(false);
    expect(later.body.daysOff.every((d: any) => d.verify)).toBe(true);
  });

  it("keeps the campaign's village counters equal to a recount", async () => {
    for (const v of [U.villageA1, U.villageA2])
      expect(await assessmentCounters(campaign.id, v)).toEqual(await recount(campaign.id, v));
    expect(await counters(campaign.id, U.villageA1)).toMatchObject({ meetings: 4, postings: 1 });
  });
});
