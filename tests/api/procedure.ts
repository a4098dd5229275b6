// Helpers that drive the review procedure through the API in tests: make a campaign, fill a
// household's form with exactly the answers the register's facts leave open, and walk it through
// the states.
import { env } from "cloudflare:workers";
import { expect } from "vitest";
import { deriveIndicators, getStandard, vietnamDate } from "../../src/domain";
import { householdBody } from "./fixtures";
import { api, U, type Who } from "./world";

export const T = "/api/v1/tenants/luc-ngan";

export async function createHousehold(
  villageId: string = U.villageA1,
  headName = "Nguyễn Văn An",
  who: Who = "district_admin",
) {
  const r = await api(who, "POST", `${T}/households`, householdBody(villageId, headName));
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body as { id: string; villageId: string; members: any[]; facts: any; createdAt: string };
}

export async function createCampaign(body: Record<string, unknown>) {
  const r = await api("district_admin", "POST", `${T}/campaigns`, body);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  // The list's counts are read back, as a client would after creating.
  return (await api("district_admin", "GET", `${T}/campaigns/${r.body.id}`)).body as {
    id: string;
    standard: string;
    reviewDate: string;
    previousCampaignId: string | null;
    listed: number;
    listedBy: Record<string, number>;
  };
}

/**
 * The answers that complete a household's form: the income, and a direct answer for every
 * indicator the register's facts do not decide (`deprived` lists those answered true).
 */
export function completeAnswers(
  household: { members: any[]; facts: any },
  campaign: { standard: string; reviewDate: string },
  income: number,
  deprived: string[] = [],
) {
  const standard = getStandard(campaign.standard)!;
  const open = deriveIndicators(standard, household, campaign.reviewDate).filter((d) => d.value === null);
  return {
    monthlyIncomePerCapita: income,
    indicators: Object.fromEntries(open.map((d) => [d.code, deprived.includes(d.code)])),
  };
}

const path = (campaignId: string, householdId: string) => `${T}/campaigns/${campaignId}/assessments/${householdId}`;

export async function save(
  campaignId: string,
  householdId: string,
  answers: Record<string, unknown>,
  who: Who = "enumerator",
) {
  return api(who, "PUT", path(campaignId, householdId), answers);
}

export async function act(
  campaignId: string,
  householdId: string,
  action: string,
  who: Who = "commune_officer",
  comment?: string,
) {
  return api(who, "POST", `${path(campaignId, householdId)}/actions`, { action, ...(comment ? { comment } : {}) });
}

/** Saves complete answers, submits and accepts: the household is ready for the village meeting. */
export async function accepted(
  campaign: { id: string; standard: string; reviewDate: string },
  household: { id: string; villageId: string; members: any[]; facts: any },
  income: number,
  deprived: string[] = [],
) {
  // The test world's enumerator works in village A1; elsewhere the commune officer enters the form.
  const enumerator = household.villageId === U.villageA1 ? "enumerator" : "commune_officer";
  const saved = await save(
    campaign.id,
    household.id,
    completeAnswers(household, campaign, income, deprived),
    enumerator,
  );
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  const submitted = await act(campaign.id, household.id, "submit", enumerator);
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  const ok = await act(campaign.id, household.id, "accept");
  expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  return ok.body;
}

export const today = () => vietnamDate(new Date());

/** Time passes: the village's posting windows of the campaign end before today. */
export async function closeWindows(campaignId: string, villageId: string) {
  await env.DB_LUC_NGAN.prepare(
    "UPDATE postings SET starts_on = '2020-01-06', ends_on = '2020-01-08' WHERE campaign_id = ? AND village_id = ?",
  )
    .bind(campaignId, villageId)
    .run();
}

export async function counters(campaignId: string, villageId: string): Promise<Record<string, number>> {
  const { results } = await env.DB_LUC_NGAN.prepare(
    "SELECT key, value FROM summary_counters WHERE scope = ? AND unit_id = ?",
  )
    .bind(campaignId, villageId)
    .all<{ key: string; value: number }>();
  return Object.fromEntries(results.filter((r) => r.value !== 0).map((r) => [r.key, r.value]));
}

/** The counters as they should be, recomputed from the assessments themselves. */
export async function recount(campaignId: string, villageId: string): Promise<Record<string, number>> {
  const { results } = await env.DB_LUC_NGAN.prepare(
    "SELECT list_reason, state, category, answers FROM assessments WHERE campaign_id = ? AND village_id = ?",
  )
    .bind(campaignId, villageId)
    .all<{ list_reason: string; state: string; category: string | null; answers: string | null }>();
  const out: Record<string, number> = {};
  const add = (k: string) => (out[k] = (out[k] ?? 0) + 1);
  for (const a of results) {
    add("listed");
    add(`listed:${a.list_reason}`);
    add(`state:${a.state}`);
    if (a.category) add(`category:${a.category}`);
    if (a.answers) add("surveyed");
    if (a.answers && JSON.parse(a.answers).phieuA) add("screened");
    if (a.state === "decided" && a.category) add(`decided:${a.category}`);
  }
  return out;
}

/** The assessment-derived counters only (requests, meetings, postings and complaints have their own keys). */
export async function assessmentCounters(campaignId: string, villageId: string) {
  const all = await counters(campaignId, villageId);
  return Object.fromEntries(Object.entries(all).filter(([k]) => !/^(requests|meetings|postings|complaints)/.test(k)));
}
