// The public posted list (niêm yết) of a village: readable without signing in during the posting
// window, with only head of household, address and category.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { householdBody } from "./fixtures";
import { api, isEnvelope, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const vnDate = (offsetDays: number) =>
  new Date(Date.now() + 7 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const now = new Date().toISOString();

async function campaign(): Promise<string> {
  const id = crypto.randomUUID();
  await env.DB_LUC_NGAN.prepare(
    "INSERT INTO campaigns (id, year, kind, standard, name, status, period_start, period_end, review_date, created_at, updated_at) VALUES (?, 2025, 'periodic', 'ND07_2021', 'Rà soát 2025', 'open', '2025-09-01', '2025-12-14', '2025-09-01', ?, ?)",
  )
    .bind(id, now, now)
    .run();
  return id;
}

async function assessed(
  campaignId: string,
  villageId: string,
  headName: string,
  category: string,
  state = "posted",
): Promise<string> {
  const h = await api("district_admin", "POST", `${T}/households`, householdBody(villageId, headName));
  expect(h.status).toBe(201);
  await env.DB_LUC_NGAN.prepare(
    "INSERT INTO assessments (id, campaign_id, household_id, village_id, commune_id, state, list_reason, category, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 'census', ?, ?, ?)",
  )
    .bind(crypto.randomUUID(), campaignId, h.body.id, villageId, U.communeA, state, category, now, now)
    .run();
  return h.body.id;
}

async function posting(
  campaignId: string,
  villageId: string,
  startsOn: string,
  endsOn: string,
  householdIds: string[],
) {
  await env.DB_LUC_NGAN.prepare(
    "INSERT INTO postings (id, campaign_id, village_id, starts_on, ends_on, working_days, household_ids, created_by, created_at) VALUES (?, ?, ?, ?, ?, 3, ?, 'test', ?)",
  )
    .bind(crypto.randomUUID(), campaignId, villageId, startsOn, endsOn, JSON.stringify(householdIds), now)
    .run();
}

const path = (villageId: string, tenant = "luc-ngan") => `/api/v1/public/${tenant}/villages/${villageId}/posted-list`;

describe("public posted list", () => {
  it("shows the posted households of the village to anyone during the window, without ID numbers or members", async () => {
    await world();
    const c = await campaign();
    const poor = await assessed(c, U.villageA1, "Lò Văn Dũng", "poor");
    const nearPoor = await assessed(c, U.villageA1, "Hà Thị Én", "near_poor");
    await assessed(c, U.villageA1, "Không Niêm Yết", "poor", "accepted");
    await posting(c, U.villageA1, vnDate(-1), vnDate(2), [poor, nearPoor]);

    const r = await api(null, "GET", path(U.villageA1));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      tenantName: "Huyện Lục Ngạn",
      communeName: "Xã Tân Sơn",
      villageName: "Thôn Khuôn Thần",
      startsOn: vnDate(-1),
      endsOn: vnDate(2),
      households: [
        { headName: "Hà Thị Én", address: "Xóm Trên", category: "near_poor" },
        { headName: "Lò Văn Dũng", address: "Xóm Trên", category: "poor" },
      ],
    });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain("024075000123");
    expect(text).not.toContain("Hoàng Thị Bình");
    expect(text).not.toContain(poor);
  });

  it("answers 404 outside the window, for another village, and for an unknown tenant", async () => {
    await world();
    const c = await campaign();
    const h = await assessed(c, U.villageA2, "Triệu Văn Giang", "poor");
    await posting(c, U.villageA2, vnDate(-10), vnDate(-5), [h]);
    const ended = await api(null, "GET", path(U.villageA2));
    expect(ended.status).toBe(404);
    expect(isEnvelope(ended, "not_found")).toBe(true);
    await posting(c, U.villageA2, vnDate(3), vnDate(6), [h]);
    expect((await api(null, "GET", path(U.villageA2))).status).toBe(404);

    expect((await api(null, "GET", path(U.villageB1))).status).toBe(404);
    expect((await api(null, "GET", path(U.communeA))).status).toBe(404);
    expect((await api(null, "GET", path(U.villageA2, "no-such-district"))).status).toBe(404);
    expect((await api(null, "GET", path(U.villageA2, "son-dong"))).status).toBe(404);
    expect((await api(null, "GET", "/api/v1/public/luc-ngan/villages/not-a-uuid/posted-list")).status).toBe(400);
  });

  it("is a read-only public route: writes still need a session", async () => {
    await world();
    const r = await api(null, "POST", path(U.villageA1), {});
    expect(r.status).toBe(401);
  });
});
