// What the screens read: from the API when it answers, else from the copy kept in IndexedDB the
// last time, with the person's own unsent changes laid over it.

import type { z } from "@hono/zod-openapi";
import { ASSESSMENT_STATES, type AssessmentState, type ReviewAction } from "../../src/domain";
import type { Household, HouseholdSummary } from "../../src/schemas/household";
import type { Campaign as ApiCampaign, AssessmentSchema } from "../../src/schemas/procedure";
import { api, getAll, Offline } from "./api";
import type { Answers } from "./form-rules";
import { kv } from "./idb";
import { state } from "./state";
import { outbox } from "./sync/client";

export type { Household, HouseholdSummary };

export interface Unit {
  id: string;
  code: string;
  name: string;
  level: "commune" | "village";
  parentId: string | null;
  area: "urban" | "rural";
}

export type Campaign = ApiCampaign;

export type { Answers };
export { ASSESSMENT_STATES, type AssessmentState };

export type Assessment = z.infer<typeof AssessmentSchema> & {
  /** Saved on this phone, not yet on the server. */
  pending?: boolean;
};

/** A household as kept on the phone: the server's record, or the person's unsent version of it. */
export type LocalHousehold = Household & { pending?: boolean };

export interface Loaded<T> {
  data: T;
  /** False when the data is the copy kept from an earlier visit (no network). */
  fresh: boolean;
}

/** Reads `path` and keeps a copy under `key`; offline (or refused) it answers the copy. */
async function cached<T>(key: string, read: () => Promise<{ status: number; body: T }>): Promise<Loaded<T> | null> {
  try {
    const r = await read();
    if (r.status === 200) {
      await kv.put(key, r.body);
      return { data: r.body, fresh: true };
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
  }
  const copy = await kv.get<T>(key);
  return copy === undefined ? null : { data: copy, fresh: false };
}

const T = (tenant: string) => `/api/v1/tenants/${tenant}`;

export async function loadUnits(tenant: string): Promise<Unit[]> {
  return (await cached(`units:${tenant}`, () => getAll<Unit>(`${T(tenant)}/units`)))?.data ?? [];
}

export async function loadCampaigns(tenant: string): Promise<Campaign[]> {
  return (await cached(`campaigns:${tenant}`, () => getAll<Campaign>(`${T(tenant)}/campaigns`)))?.data ?? [];
}

/** The campaign being worked on: the open one of the latest year. */
export function currentCampaign(campaigns: Campaign[]): Campaign | null {
  const open = campaigns.filter((c) => c.status === "open");
  return [...(open.length ? open : campaigns)].sort((a, b) => b.year - a.year)[0] ?? null;
}

/** Unsent changes by record key ("household:<id>", "assessment:<campaign>:<household>"). */
async function unsentKeys(): Promise<Set<string>> {
  return new Set((await outbox.unsent()).map((e) => e.entityKey));
}

export async function loadHouseholds(tenant: string, villageId: string): Promise<Loaded<HouseholdSummary[]>> {
  const got = (await cached(`hh:${tenant}:${villageId}`, () =>
    getAll<HouseholdSummary>(`${T(tenant)}/households?villageId=${villageId}`),
  )) ?? { data: [], fresh: false };
  const unsent = await unsentKeys();
  const byId = new Map(got.data.map((h) => [h.id, h]));
  for (const key of unsent) {
    if (!key.startsWith("household:")) continue;
    const local = await kv.get<LocalHousehold>(`h:${tenant}:${key.slice(10)}`);
    if (!local || local.villageId !== villageId) continue;
    byId.set(local.id, { ...summaryOf(local), ...{ pending: true } } as HouseholdSummary);
  }
  return { data: [...byId.values()], fresh: got.fresh };
}

export function summaryOf(h: LocalHousehold): HouseholdSummary & { pending?: boolean } {
  return {
    id: h.id,
    villageId: h.villageId,
    address: h.address ?? "",
    headName: h.headName,
    category: h.category ?? null,
    status: h.status ?? "active",
    version: h.version,
    updatedAt: h.updatedAt ?? "",
    memberCount: h.members.length,
    ...(h.pending ? { pending: true } : {}),
  };
}

export async function loadHousehold(tenant: string, id: string): Promise<LocalHousehold | null> {
  const key = `h:${tenant}:${id}`;
  if ((await unsentKeys()).has(`household:${id}`)) return (await kv.get<LocalHousehold>(key)) ?? null;
  return (await cached(key, () => api<LocalHousehold>("GET", `${T(tenant)}/households/${id}`)))?.data ?? null;
}

export async function loadAssessments(
  tenant: string,
  campaignId: string,
  query: string,
): Promise<Loaded<Assessment[]>> {
  const got = (await cached(`as:${tenant}:${campaignId}:${query}`, () =>
    getAll<Assessment>(`${T(tenant)}/campaigns/${campaignId}/assessments?${query}`),
  )) ?? {
    data: [],
    fresh: false,
  };
  const unsent = await unsentKeys();
  const byHousehold = new Map(got.data.map((a) => [a.householdId, a]));
  for (const key of unsent) {
    const [kind, campaign, householdId] = key.split(":");
    if (kind !== "assessment" || campaign !== campaignId || !householdId) continue;
    const local = await kv.get<Assessment>(`a:${tenant}:${campaignId}:${householdId}`);
    if (local) byHousehold.set(householdId, { ...local, pending: true });
  }
  return { data: [...byHousehold.values()], fresh: got.fresh };
}

export async function loadAssessment(
  tenant: string,
  campaignId: string,
  householdId: string,
): Promise<Assessment | null> {
  const key = `a:${tenant}:${campaignId}:${householdId}`;
  if ((await unsentKeys()).has(`assessment:${campaignId}:${householdId}`))
    return (await kv.get<Assessment>(key)) ?? null;
  return (
    (await cached(key, () => api<Assessment>("GET", `${T(tenant)}/campaigns/${campaignId}/assessments/${householdId}`)))
      ?.data ?? null
  );
}

// ---- changes: into the outbox first -------------------------------------------------------------

export interface HouseholdDraft {
  id: string;
  villageId: string;
  headName: string;
  address: string;
  members: Household["members"];
  facts: Household["facts"];
}

/** Records a household (new or changed) on the phone and queues it for the server. */
export async function saveHousehold(
  tenant: string,
  draft: HouseholdDraft,
  base: LocalHousehold | null,
  label: string,
): Promise<LocalHousehold> {
  const key = `household:${draft.id}`;
  const unsent = (await outbox.unsent()).filter((e) => e.entityKey === key);
  // Never on the server yet: a create, unless a create was already tried (it may have arrived),
  // in which case this change follows it as an update.
  const isNew = (!base || base.version === 0) && !unsent.some((e) => e.method === "POST" && e.attempts > 0);
  const body = { headName: draft.headName, address: draft.address, members: draft.members, facts: draft.facts };
  await outbox.add(
    isNew
      ? {
          entityKey: `household:${draft.id}`,
          method: "POST",
          path: `${T(tenant)}/households`,
          body: { id: draft.id, villageId: draft.villageId, ...body },
          baseVersion: null,
          versioned: false,
          label,
          owner: state.me?.username,
        }
      : {
          entityKey: `household:${draft.id}`,
          method: "PATCH",
          path: `${T(tenant)}/households/${draft.id}`,
          body,
          baseVersion: base && base.version > 0 ? base.version : null,
          versioned: true,
          label,
          owner: state.me?.username,
        },
  );
  const local: LocalHousehold = {
    ...(base ?? { category: null, status: "active", mergedInto: null, createdAt: "", updatedAt: "" }),
    ...draft,
    version: base?.version ?? 0,
    pending: true,
  } as LocalHousehold;
  await kv.put(`h:${tenant}:${draft.id}`, local);
  return local;
}

export async function saveAssessment(
  tenant: string,
  campaignId: string,
  householdId: string,
  answers: Answers,
  base: Assessment | null,
  label: string,
  local: Partial<Assessment>,
): Promise<void> {
  await outbox.add({
    entityKey: `assessment:${campaignId}:${householdId}`,
    method: "PUT",
    path: `${T(tenant)}/campaigns/${campaignId}/assessments/${householdId}`,
    body: { ...answers },
    baseVersion: base && base.version > 0 ? base.version : null,
    versioned: true,
    dependsOn: [`household:${householdId}`],
    label,
    owner: state.me?.username,
  });
  const next: Assessment = {
    id: base?.id ?? "",
    householdId,
    campaignId,
    villageId: base?.villageId ?? "",
    communeId: base?.communeId ?? "",
    state: base?.state ?? "draft",
    version: base?.version ?? 0,
    listReason: base?.listReason ?? "added_by_reviewer",
    answers,
    result: base?.result ?? null,
    category: null,
    excludedReason: null,
    returnComment: base?.returnComment ?? null,
    lastSavedAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
    ...local,
    pending: true,
  };
  await kv.put(`a:${tenant}:${campaignId}:${householdId}`, next);
}

export async function assessmentAction(
  tenant: string,
  campaignId: string,
  householdId: string,
  action: ReviewAction,
  comment: string,
  label: string,
) {
  await outbox.add({
    entityKey: `assessment:${campaignId}:${householdId}`,
    method: "POST",
    path: `${T(tenant)}/campaigns/${campaignId}/assessments/${householdId}/actions`,
    body: { action, ...(comment ? { comment } : {}) },
    baseVersion: null,
    versioned: false,
    dependsOn: [`household:${householdId}`],
    label,
    owner: state.me?.username,
  });
}
