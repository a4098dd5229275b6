// The whole path of one household, as the district letter describes the work: a request, the
// village team's screening and form, the commune's check (returned once), the village meeting,
// the public posting, a complaint and its re-check, the commune decision — with the audit trail
// of every step — and the next year's review that starts from that decision.
import { beforeAll, expect, it } from "vitest";
import { closeWindows, completeAnswers, createCampaign, createHousehold, T, today } from "./procedure";
import { api, U, world } from "./world";

beforeAll(async () => {
  await world();
});

it("takes one household from its request to the commune decision, each step audited, and carries it into the next review", async () => {
  const h = await createHousehold(U.villageA1, "Sầm Văn Khánh", "enumerator");
  const c2024 = await createCampaign({ year: 2024, kind: "periodic" });
  const base = `${T}/campaigns/${c2024.id}`;
  const form = `${base}/assessments/${h.id}`;

  // 1. The household asks to be reviewed (Mẫu số 01): it is listed, nothing is saved yet.
  const request = await api("enumerator", "POST", `${base}/requests`, {
    householdId: h.id,
    form: "01",
    note: "Chủ hộ bị tai nạn lao động",
  });
  expect(request.status).toBe(201);
  expect((await api("enumerator", "GET", form)).status).toBe(404);

  // 2. Phiếu A passes; Phiếu B answers give a poor household (income under the line, 3 deprivations).
  let r = await api("enumerator", "PUT", form, {
    phieuA: { passed: true },
    ...completeAnswers(h, c2024, 1_100_000, ["sanitation"]),
  });
  expect(r.body).toMatchObject({ state: "draft", version: 1, listReason: "request_01", category: "poor" });
  r = await api("enumerator", "POST", `${form}/actions`, { action: "submit" });
  expect(r.body.state).toBe("submitted");

  // 3. The commune returns it once, the enumerator corrects it, the commune accepts it.
  r = await api("commune_officer", "POST", `${form}/actions`, {
    action: "return",
    comment: "Ghi lại thu nhập từ làm thuê",
  });
  expect(r.body).toMatchObject({ state: "returned", returnComment: "Ghi lại thu nhập từ làm thuê" });
  r = await api(
    "enumerator",
    "PUT",
    form,
    { phieuA: { passed: true }, ...completeAnswers(h, c2024, 1_250_000, ["sanitation"]) },
    { "If-Match": `"${r.body.version}"` },
  );
  expect(r.body).toMatchObject({ state: "returned", category: "poor" });
  expect((await api("enumerator", "POST", `${form}/actions`, { action: "submit" })).body.state).toBe("submitted");
  expect((await api("commune_officer", "POST", `${form}/actions`, { action: "accept" })).body.state).toBe("accepted");

  // 4. The village meeting agrees (24 of 40); 5. the list is posted from today.
  const meeting = await api("commune_officer", "POST", `${base}/meetings`, {
    villageId: U.villageA1,
    heldOn: "2024-10-15",
    chair: "Lục Văn Trưởng",
    secretary: "Hà Thị Thư",
    attendees: 40,
    results: [{ householdId: h.id, agree: 24 }],
  });
  expect(meeting.body.results[0].agreed).toBe(true);
  const posting = await api("commune_officer", "POST", `${base}/postings`, {
    villageId: U.villageA1,
    startsOn: today(),
  });
  expect(posting.body.householdIds).toEqual([h.id]);

  // 6. A neighbour complains through the Fatherland Front; the commune re-checks and corrects the income.
  const complaint = await api("supervisor", "POST", `${base}/complaints`, {
    householdId: h.id,
    type: "data_error",
    channel: "MTTQ xã",
    text: "Thu nhập ghi thấp hơn thực tế",
  });
  expect(complaint.status).toBe(201);
  r = await api("district_admin", "GET", form);
  expect(r.body.state).toBe("rechecking");
  r = await api("commune_officer", "PUT", form, {
    ...r.body.answers,
    monthlyIncomePerCapita: 1_400_000,
    version: r.body.version,
  });
  expect(r.body).toMatchObject({ state: "rechecking", category: "poor" });
  expect(
    (
      await api("commune_officer", "POST", `${base}/complaints/${complaint.body.id}/resolve`, {
        outcome: "upheld",
        reason: "Đã sửa thu nhập, vẫn là hộ nghèo",
      })
    ).status,
  ).toBe(200);
  expect((await api("supervisor", "GET", `${base}/complaints/${complaint.body.id}`)).body).toMatchObject({
    status: "upheld",
    resolutionReason: "Đã sửa thu nhập, vẫn là hộ nghèo",
  });

  // 7. The posting ends; the district chairman gives his opinion (before the 2025 reform); the commune decides.
  await closeWindows(c2024.id, U.villageA1);
  expect(
    (await api("district_admin", "POST", `${base}/district-opinions`, { communeId: U.communeA, givenOn: "2024-12-09" }))
      .status,
  ).toBe(201);
  const decision = await api("commune_officer", "POST", `${base}/decisions`, {
    communeId: U.communeA,
    number: "301/QĐ-UBND",
    signedOn: "2024-12-12",
  });
  expect(decision.status, JSON.stringify(decision.body)).toBe(201);
  expect(decision.body.poor).toEqual([h.id]);
  const decided = await api("supervisor", "GET", form);
  expect(decided.body).toMatchObject({ state: "decided", category: "poor" });
  expect(decided.body.result.monthlyIncomePerCapita).toBe(1_400_000);
  expect((await api("enumerator", "GET", `${T}/households/${h.id}`)).body.category).toBe("poor");

  // The audit trail of the assessment: every step, by whom, with the reasons.
  const audit = await api("supervisor", "GET", `${T}/audit?entityId=${decided.body.id}`);
  expect(audit.body.items.map((e: any) => [e.action, e.actorRole])).toEqual([
    ["list", "enumerator"],
    ["save", "enumerator"],
    ["submit", "enumerator"],
    ["return", "commune_officer"],
    ["save", "enumerator"],
    ["submit", "enumerator"],
    ["accept", "commune_officer"],
    ["meeting", "commune_officer"],
    ["post", "commune_officer"],
    ["complaint", "supervisor"],
    ["save", "commune_officer"],
    ["recheck", "commune_officer"],
    ["decide", "commune_officer"],
  ]);
  const states = audit.body.items.map((e: any) => e.changes.find((c: any) => c.field === "state")?.after ?? null);
  expect(states).toEqual([
    null,
    null,
    "submitted",
    "returned",
    null,
    "submitted",
    "accepted",
    "agreed",
    "posted",
    "rechecking",
    null,
    "posted",
    "decided",
  ]);
  expect(audit.body.items[3].reason).toBe("Ghi lại thu nhập từ làm thuê");
  expect(audit.body.items[10].changes).toContainEqual({
    field: "answers.monthlyIncomePerCapita",
    before: 1_250_000,
    after: 1_400_000,
  });
  const verify = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageA1}`);
  expect(verify.body.ok).toBe(true);

  // Next year's review starts from the decided list, and compares with it.
  const c2025 = await createCampaign({ year: 2025, kind: "periodic" });
  expect(c2025.previousCampaignId).toBe(c2024.id);
  const next = await api(
    "enumerator",
    "GET",
    `${T}/campaigns/${c2025.id}/assessments?villageId=${U.villageA1}&listReason=previous_poor`,
  );
  expect(next.body.items.map((i: any) => i.householdId)).toEqual([h.id]);
  const saved = await api(
    "enumerator",
    "PUT",
    `${T}/campaigns/${c2025.id}/assessments/${h.id}`,
    completeAnswers(h, c2025, 2_000_000),
  );
  expect(saved.body.result.movement).toMatchObject({
    kind: "escaped_poverty",
    previousCategory: "poor",
    label: "Thoát nghèo",
  });
  // The 2024 records of the commune stay locked.
  expect((await api("commune_officer", "POST", `${form}/actions`, { action: "reopen", comment: "x" })).status).toBe(
    423,
  );
});
