// Complaints only inside the posting window, their re-check, and the commune decision that lists
// the results and locks the commune's records of the campaign (423).
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  accepted,
  act,
  assessmentCounters,
  closeWindows,
  counters,
  createCampaign,
  createHousehold,
  recount,
  save,
  T,
  today,
} from "./procedure";
import { api, U, type Who, world } from "./world";

const meet = (campaignId: string, villageId: string, householdIds: string[], who: Who = "commune_officer") =>
  api(who, "POST", `${T}/campaigns/${campaignId}/meetings`, {
    villageId,
    heldOn: "2025-10-20",
    chair: "Hoàng Văn Trưởng",
    secretary: "Nông Thị Thư",
    attendees: 30,
    results: householdIds.map((householdId) => ({ householdId, agree: 20 })),
  });
const post = (campaignId: string, villageId: string, startsOn: string) =>
  api("commune_officer", "POST", `${T}/campaigns/${campaignId}/postings`, { villageId, startsOn });
const complain = (campaignId: string, householdId: string, who: Who = "supervisor", type = "wrongly_included") =>
  api(who, "POST", `${T}/campaigns/${campaignId}/complaints`, {
    householdId,
    type,
    channel: "trực tiếp",
    text: "Hộ có xe tải, không thuộc diện nghèo",
  });
const resolve = (campaignId: string, id: string, outcome: string, who: Who = "commune_officer") =>
  api(who, "POST", `${T}/campaigns/${campaignId}/complaints/${id}/resolve`, { outcome, reason: "Đã xác minh tại hộ" });
const assessment = async (campaignId: string, householdId: string) =>
  (await api("district_admin", "GET", `${T}/campaigns/${campaignId}/assessments/${householdId}`)).body;

beforeAll(async () => {
  await world();
});

describe("complaints", () => {
  let campaign: { id: string; standard: string; reviewDate: string };
  beforeAll(async () => {
    campaign = await createCampaign({ year: 2025, kind: "rolling", month: 10 });
  });

  it("refuses a complaint outside the posting window", async () => {
    const h = await createHousehold(U.villageA1, "Hộ niêm yết năm ngoái");
    await accepted(campaign, h, 1_000_000);
    await meet(campaign.id, U.villageA1, [h.id]);
    expect((await post(campaign.id, U.villageA1, "2024-10-01")).body.endsOn).toBe("2024-10-03");
    const r = await complain(campaign.id, h.id);
    expect(r.status).toBe(409);
    expect(r.body.error.message).toContain("niêm yết");
    expect((await assessment(campaign.id, h.id)).state).toBe("posted");
  });

  it("takes complaints inside the window, re-checks, and returns the household to the posted list", async () => {
    const h = await createHousehold(U.villageA2, "Hộ bị khiếu nại");
    const unlisted = await createHousehold(U.villageA2, "Hộ không trong danh sách");
    await accepted(campaign, h, 1_000_000, ["sanitation"]);
    await meet(campaign.id, U.villageA2, [h.id]);
    const posting = await post(campaign.id, U.villageA2, today());
    expect(posting.status).toBe(201);

    expect((await complain(campaign.id, h.id, "enumerator")).status).toBe(403);
    expect((await complain(campaign.id, unlisted.id)).status).toBe(409);
    const filed = await complain(campaign.id, h.id, "supervisor");
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    expect(filed.body).toMatchObject({
      householdId: h.id,
      type: "wrongly_included",
      status: "open",
      filedByRole: "supervisor",
      villageId: U.villageA2,
    });
    let a = await assessment(campaign.id, h.id);
    expect(a.state).toBe("rechecking");
    const followed = await api("supervisor", "GET", `${T}/campaigns/${campaign.id}/complaints?status=open`);
    expect(followed.body.items.map((x: any) => x.id)).toEqual([filed.body.id]);

    expect((await resolve(campaign.id, filed.body.id, "upheld", "supervisor")).status).toBe(403);
    const unchecked = await resolve(campaign.id, filed.body.id, "upheld");
    expect(unchecked.status).toBe(409);
    const rechecked = await api("commune_officer", "PUT", `${T}/campaigns/${campaign.id}/assessments/${h.id}`, {
      ...a.answers,
      monthlyIncomePerCapita: 2_600_000,
      version: a.version,
    });
    expect(rechecked.body).toMatchObject({ state: "rechecking", category: "non_poor" });
    const second = await complain(campaign.id, h.id, "district_viewer", "data_error");
    expect(second.status).toBe(201);

    const upheld = await resolve(campaign.id, filed.body.id, "upheld");
    expect(upheld.body).toMatchObject({ status: "upheld", resolutionReason: "Đã xác minh tại hộ", version: 2 });
    expect((await assessment(campaign.id, h.id)).state).toBe("rechecking");
    expect((await resolve(campaign.id, filed.body.id, "rejected")).status).toBe(409);
    expect((await resolve(campaign.id, second.body.id, "rejected")).body.status).toBe("rejected");
    a = await assessment(campaign.id, h.id);
    expect(a).toMatchObject({ state: "posted", category: "non_poor" });
    const audit = await api("supervisor", "GET", `${T}/audit?entityId=${a.id}`);
    expect(audit.body.items.map((e: any) => e.action).slice(-5)).toEqual([
      "post",
      "complaint",
      "save",
      "complaint",
      "recheck",
    ]);
    expect(await counters(campaign.id, U.villageA2)).toMatchObject({
      complaints: 2,
      "complaints:upheld": 1,
      "complaints:rejected": 1,
    });
    expect((await counters(campaign.id, U.villageA2))["complaints:open"] ?? 0).toBe(0);
  });

  it("re-checks a household screened out by Phiếu A and keeps it out when the complaint is rejected", async () => {
    const h = await createHousehold(U.villageA2, "Hộ bị loại ở Phiếu A");
    await save(
      campaign.id,
      h.id,
      { phieuA: { passed: false, reason: "Có thu nhập ổn định từ lương" } },
      "commune_officer",
    );
    const filed = await complain(campaign.id, h.id, "commune_officer", "wrongly_excluded");
    expect(filed.status).toBe(201);
    expect((await assessment(campaign.id, h.id)).state).toBe("rechecking");
    await resolve(campaign.id, filed.body.id, "rejected");
    expect(await assessment(campaign.id, h.id)).toMatchObject({
      state: "excluded",
      excludedReason: "Có thu nhập ổn định từ lương",
    });
  });

  it("keeps the campaign's village counters equal to a recount", async () => {
    for (const v of [U.villageA1, U.villageA2])
      expect(await assessmentCounters(campaign.id, v)).toEqual(await recount(campaign.id, v));
  });
});

describe("commune decision", () => {
  let campaign: Awaited<ReturnType<typeof createCampaign>>;
  const hh: Record<string, Awaited<ReturnType<typeof createHousehold>>> = {};

  beforeAll(async () => {
    const previous = await createCampaign({ year: 2023, kind: "periodic" });
    for (const [n, v] of [
      ["stillPoor", U.villageA1],
      ["escaped", U.villageA1],
      ["toNear", U.villageA2],
      ["escapedNear", U.villageA2],
      ["screened", U.villageA2],
    ] as const)
      hh[n] = await createHousehold(v, `Hộ quyết định ${n}`);
    // The previous campaign's decided lists (the whole path is in procedure-path.test.ts).
    for (const [n, category] of [
      ["stillPoor", "poor"],
      ["escaped", "poor"],
      ["toNear", "poor"],
      ["escapedNear", "near_poor"],
    ] as const)
      await env.DB_LUC_NGAN.prepare(
        "INSERT INTO assessments (id, campaign_id, household_id, village_id, commune_id, state, list_reason, category, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 'decided', 'census', ?, 5, '2023-12-01', '2023-12-01')",
      )
        .bind(crypto.randomUUID(), previous.id, hh[n]!.id, hh[n]!.villageId, U.communeA, category)
        .run();
    campaign = await createCampaign({ year: 2024, kind: "periodic" });
    expect(campaign.listed).toBe(4);
  });

  const decide = (
    communeId: string,
    who: Who = "commune_officer",
    headers: Record<string, string> = {},
    number = "125/QĐ-UBND",
  ) =>
    api(who, "POST", `${T}/campaigns/${campaign.id}/decisions`, { communeId, number, signedOn: "2024-12-10" }, headers);

  it("is refused while the commune's review is not finished, then lists and decides every posted household", async () => {
    const notReady = await decide(U.communeA);
    expect(notReady.status).toBe(409);
    expect(notReady.body.notReady).toHaveLength(4);

    await accepted(campaign, hh.stillPoor!, 1_000_000, ["sanitation"]);
    await accepted(campaign, hh.escaped!, 2_000_000);
    await accepted(campaign, hh.toNear!, 1_000_000);
    await accepted(campaign, hh.escapedNear!, 3_000_000);
    await save(
      campaign.id,
      hh.screened!.id,
      { phieuA: { passed: false, reason: "Không thuộc diện" } },
      "commune_officer",
    );
    await meet(campaign.id, U.villageA1, [hh.stillPoor!.id, hh.escaped!.id]);
    await meet(campaign.id, U.villageA2, [hh.toNear!.id, hh.escapedNear!.id]);
    await post(campaign.id, U.villageA1, "2024-11-04");
    await post(campaign.id, U.villageA2, today());
    const open = await decide(U.communeA);
    expect(open.status).toBe(409);
    expect(open.body.openWindows).toEqual([{ villageId: U.villageA2, endsOn: expect.any(String) }]);

    const complaint = await complain(campaign.id, hh.toNear!.id);
    await closeWindows(campaign.id, U.villageA2);
    expect((await decide(U.communeA)).status).toBe(409);
    await resolve(campaign.id, complaint.body.id, "rejected");

    expect((await decide(U.communeA, "supervisor")).status).toBe(403);
    expect((await decide(U.communeA, "enumerator")).status).toBe(403);
    expect((await decide(U.villageA1)).status).toBe(400);
    // Signed before 1 July 2025: the district chairman's opinion must come first.
    const withoutOpinion = await decide(U.communeA);
    expect(withoutOpinion.status).toBe(409);
    expect(withoutOpinion.body.error.message).toContain("ý kiến của Chủ tịch UBND cấp huyện");
    const opinionBody = { communeId: U.communeA, givenOn: "2024-12-11", number: "45/UBND-LĐTBXH" };
    const opinionsUrl = `${T}/campaigns/${campaign.id}/district-opinions`;
    expect((await api("commune_officer", "POST", opinionsUrl, opinionBody)).status).toBe(403);
    const late = await api("district_admin", "POST", opinionsUrl, opinionBody);
    expect(late.status).toBe(201);
    const afterSigning = await decide(U.communeA);
    expect(afterSigning.status).toBe(409);
    expect(afterSigning.body.error.message).toContain("sau ngày ký quyết định");
    expect((await api("district_admin", "POST", opinionsUrl, { ...opinionBody, givenOn: "2024-12-09" })).status).toBe(
      409,
    );
    // The opinion given late is corrected in the database (the API keeps one per commune).
    await env.DB_LUC_NGAN.prepare("UPDATE district_opinions SET given_on = '2024-12-09' WHERE id = ?")
      .bind(late.body.id)
      .run();
    const opinionAudit = await api("district_admin", "GET", `${T}/audit?entityId=${late.body.id}`);
    expect(opinionAudit.body.items).toEqual([
      expect.objectContaining({ chain: "tenant", action: "create", entityType: "district_opinion" }),
    ]);
    const d = await decide(U.communeA);
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body).toMatchObject({
      communeId: U.communeA,
      number: "125/QĐ-UBND",
      signedOn: "2024-12-10",
      poor: [hh.stillPoor!.id],
      nearPoor: [hh.toNear!.id],
      escapedNearPoor: [hh.escapedNear!.id],
    });
    expect(d.body.escapedPoor.sort()).toEqual([hh.escaped!.id, hh.toNear!.id].sort());
    for (const n of ["stillPoor", "escaped", "toNear", "escapedNear"])
      expect((await assessment(campaign.id, hh[n]!.id)).state, n).toBe("decided");
    expect((await assessment(campaign.id, hh.screened!.id)).state).toBe("excluded");
    const audit = await api(
      "district_admin",
      "GET",
      `${T}/audit?entityId=${(await assessment(campaign.id, hh.stillPoor!.id)).id}`,
    );
    expect(audit.body.items.at(-1)).toMatchObject({
      action: "decide",
      reason: "Quyết định số 125/QĐ-UBND ngày 10/12/2024",
    });
    expect(await counters(campaign.id, U.villageA1)).toMatchObject({
      "state:decided": 2,
      "decided:poor": 1,
      "decided:average_living": 1,
    });
    for (const v of [U.villageA1, U.villageA2])
      expect(await assessmentCounters(campaign.id, v)).toEqual(await recount(campaign.id, v));
    const listed = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/decisions`);
    expect(listed.body.items.map((x: any) => x.id)).toEqual([d.body.id]);
    const opinions = await api("enumerator", "GET", `${T}/campaigns/${campaign.id}/district-opinions`);
    expect(opinions.body.items).toEqual([
      expect.objectContaining({ communeId: U.communeA, givenOn: "2024-12-09", number: "45/UBND-LĐTBXH" }),
    ]);
    // After the decision the commune is locked: no further opinion.
    const locked = await api("district_admin", "POST", `${T}/campaigns/${campaign.id}/district-opinions`, {
      communeId: U.communeA,
      givenOn: "2024-12-01",
    });
    expect(locked.status).toBe(423);
  });

  it("has no district step from 1 July 2025: the decision names its signer and needs no opinion", async () => {
    const after = await createCampaign({ year: 2025, kind: "rolling", month: 8 });
    const url = `${T}/campaigns/${after.id}`;
    const reform = await api("district_admin", "POST", `${url}/district-opinions`, {
      communeId: U.communeB,
      givenOn: "2025-07-01",
    });
    expect([reform.status, reform.body.error.details[0].path]).toEqual([400, "givenOn"]);
    const d = await api("district_admin", "POST", `${url}/decisions`, {
      communeId: U.communeB,
      number: "12/QĐ-UBND",
      signedOn: "2025-07-01",
      signerName: "Hoàng Văn Nam",
      signerTitle: "Chủ tịch UBND xã",
    });
    expect(d.status, JSON.stringify(d.body)).toBe(201);
    expect(d.body).toMatchObject({
      signedOn: "2025-07-01",
      signerName: "Hoàng Văn Nam",
      signerTitle: "Chủ tịch UBND xã",
    });
    const read = await api("district_viewer", "GET", `${url}/decisions/${d.body.id}`);
    expect([read.status, read.body.signerName]).toEqual([200, "Hoàng Văn Nam"]);
    // The day before the reform still needs the opinion.
    const before = await createCampaign({ year: 2025, kind: "rolling", month: 5 });
    const june = await api("district_admin", "POST", `${T}/campaigns/${before.id}/decisions`, {
      communeId: U.communeB,
      number: "11/QĐ-UBND",
      signedOn: "2025-06-30",
    });
    expect([june.status, june.body.error.message]).toEqual([
      409,
      expect.stringContaining("ý kiến của Chủ tịch UBND cấp huyện"),
    ]);
  });

  it("locks the commune's records of the campaign: every change answers 423, the register stays editable", async () => {
    const a = await assessment(campaign.id, hh.stillPoor!.id);
    const base = `${T}/campaigns/${campaign.id}`;
    const newcomer = await createHousehold(U.villageA1, "Hộ đến sau quyết định");
    const attempts: [string, Promise<{ status: number; body: any }>][] = [
      ["PUT", save(campaign.id, hh.stillPoor!.id, { ...a.answers, version: a.version })],
      ["PUT a new household", save(campaign.id, newcomer.id, { monthlyIncomePerCapita: 1_000_000 })],
      ["action", act(campaign.id, hh.stillPoor!.id, "reopen", "commune_officer", "Sửa")],
      ["request", api("enumerator", "POST", `${base}/requests`, { householdId: newcomer.id, form: "01" })],
      ["meeting", meet(campaign.id, U.villageA1, [hh.stillPoor!.id])],
      ["posting", post(campaign.id, U.villageA1, today())],
      ["complaint", complain(campaign.id, hh.stillPoor!.id)],
      ["second decision", decide(U.communeA, "district_admin", {}, "200/QĐ-UBND")],
    ];
    for (const [what, call] of attempts) {
      const r = await call;
      expect(r.status, what).toBe(423);
      expect(r.body.error.code, what).toBe("locked");
    }
    const resolved = (await api("district_admin", "GET", `${base}/complaints`)).body.items[0];
    expect((await resolve(campaign.id, resolved.id, "upheld")).status).toBe(423);
    expect((await assessment(campaign.id, hh.stillPoor!.id)).version).toBe(a.version);
    const edit = await api("enumerator", "PATCH", `${T}/households/${hh.stillPoor!.id}`, {
      address: "Xóm Mới",
      version: 1,
    });
    expect(edit.status).toBe(200);
  });

  it("decides another commune on its own, replays with the same Idempotency-Key, and completes an unfinished application", async () => {
    const b = await createHousehold(U.villageB1, "Hộ thị trấn");
    await save(campaign.id, b.id, { phieuA: { passed: false, reason: "Không đủ điều kiện" } }, "district_admin");
    const other = await createHousehold(U.villageB1, "Hộ thị trấn nghèo");
    const saved = await save(campaign.id, other.id, { monthlyIncomePerCapita: 1_500_000 }, "district_admin");
    expect(saved.status).toBe(200);
    expect((await decide(U.communeB, "district_admin")).status).toBe(409);
    const answers = {
      ...saved.body.answers,
      indicators: Object.fromEntries(
        saved.body.result.indicators.filter((i: any) => i.value === null).map((i: any) => [i.code, false]),
      ),
    };
    await save(campaign.id, other.id, { ...answers, version: 1 }, "district_admin");
    await act(campaign.id, other.id, "submit", "district_admin");
    await act(campaign.id, other.id, "accept", "district_admin");
    await meet(campaign.id, U.villageB1, [other.id], "district_admin");
    await api("district_admin", "POST", `${T}/campaigns/${campaign.id}/postings`, {
      villageId: U.villageB1,
      startsOn: "2024-11-04",
    });

    // A client-chosen id already used by another commune's opinion is a conflict, not an error.
    const usedId = (await api("district_admin", "GET", `${T}/campaigns/${campaign.id}/district-opinions`)).body.items[0]
      .id;
    const reused = await api("district_admin", "POST", `${T}/campaigns/${campaign.id}/district-opinions`, {
      id: usedId,
      communeId: U.communeB,
      givenOn: "2024-12-01",
    });
    expect([reused.status, reused.body.error.message]).toEqual([409, "Mã định danh (id) đã được dùng."]);
    await api("district_admin", "POST", `${T}/campaigns/${campaign.id}/district-opinions`, {
      communeId: U.communeB,
      givenOn: "2024-12-01",
    });
    const key = crypto.randomUUID();
    const first = await decide(U.communeB, "district_admin", { "Idempotency-Key": key }, "7/QĐ-UBND");
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ nearPoor: [other.id], poor: [] });
    // As if the application had stopped halfway: the same request completes it.
    await env.DB_LUC_NGAN.prepare("UPDATE assessments SET state = 'posted' WHERE campaign_id = ? AND household_id = ?")
      .bind(campaign.id, other.id)
      .run();
    const again = await decide(U.communeB, "district_admin", { "Idempotency-Key": key }, "7/QĐ-UBND");
    expect(again).toMatchObject({ status: 201, body: first.body });
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect((await assessment(campaign.id, other.id)).state).toBe("decided");
    expect((await decide(U.communeB, "district_admin", {}, "7/QĐ-UBND")).status).toBe(423);
  });
});
