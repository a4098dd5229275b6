// The falsification signals of one campaign: the database gathers the candidates of each rule
// (src/db/tenant/anomalies.ts), the rules decide and explain (src/domain/anomalies.ts), and each
// signal carries whether a district officer has checked it, with the note.

import { activeTenantsOf, crossTenantPeopleOf, userNames } from "../db/registry/province";
import * as q from "../db/tenant/anomalies";
import type { StoredCampaign } from "../db/tenant/campaigns";
import { registerCountsByVillage } from "../db/tenant/reports";
import { listUnits } from "../db/tenant/units";
import {
  ANOMALY_RULE_LABELS,
  ANOMALY_THRESHOLDS,
  type AnomalyRule,
  assetsVsCategory,
  bulkEntry,
  type Category,
  changedAfterMeeting,
  duplicatePerson,
  duplicatePersonAcrossTenants,
  type HouseholdFacts,
  nightEntry,
  overrideRate,
  type ResultChangeRow,
  type Signal,
  villageRateChange,
  villageRateNeighbours,
} from "../domain";
import type { TenantDb } from "../env";

export interface SignalSource {
  d1: D1Database;
  db: TenantDb;
  registry: D1Database;
  tenant: { code: string; province: string };
  campaign: StoredCampaign;
}

export interface AnomalyItem extends Signal {
  ruleLabel: string;
  status: "open" | "checked";
  check: { note: string; by: string; byName: string; at: string } | null;
}

/** A change of the category in an audit entry's field list (the assessment's own or its result's). */
function categoryChange(changesJson: string): { from: string | null; to: string | null } | null {
  const changes = JSON.parse(changesJson) as { field: string; before: unknown; after: unknown }[];
  const c = changes.find((x) => x.field === "category" || x.field === "result.category");
  return c ? { from: (c.before as string | null) ?? null, to: (c.after as string | null) ?? null } : null;
}

export async function gatherSignals(src: SignalSource): Promise<Signal[]> {
  const { d1, campaign } = src;
  const [units, assets, changes, overrides, entries, people, cross, rates, register] = await Promise.all([
    listUnits(src.db, {}),
    q.assetCandidates(d1, campaign.id, ANOMALY_THRESHOLDS),
    q.changesAfterMeeting(d1, campaign.id),
    q.overridesByReviewer(d1, campaign.id),
    q.entryCandidates(d1, campaign.id, ANOMALY_THRESHOLDS),
    q.duplicatePeople(d1, campaign.id),
    crossTenantPeopleOf(src.registry, src.tenant.province, src.tenant.code),
    q.poorByVillage(d1, campaign.id, campaign.previousCampaignId),
    registerCountsByVillage(d1),
  ]);
  const unitName = new Map(units.map((u) => [u.id, u.name]));
  const village = (id: string) => unitName.get(id) ?? "";
  const reviewers = await userNames(src.registry, [
    ...new Set([...overrides.map((o) => o.reviewer), ...entries.map((e) => e.reviewer)]),
  ]);
  const reviewer = (id: string) => reviewers.get(id) ?? "(tài khoản đã xoá)";

  const changeRows = new Map<string, ResultChangeRow>();
  for (const r of changes) {
    const c = categoryChange(r.changes);
    if (!c) continue;
    let row = changeRows.get(r.assessment_id);
    if (!row)
      changeRows.set(
        r.assessment_id,
        (row = {
          assessmentId: r.assessment_id,
          householdId: r.household_id,
          villageId: r.village_id,
          villageName: village(r.village_id),
          headName: r.head_name,
          agreedAt: r.agreed_at,
          postedAt: r.posted_at,
          changes: [],
          upheldComplaint: r.upheld === 1,
        }),
      );
    row.changes.push({ at: r.at, from: c.from, to: c.to, by: r.actor_name });
  }

  const crossRows = [];
  if (cross.length) {
    const tenantNames = new Map(
      (await activeTenantsOf(src.registry, src.tenant.province)).map((t) => [t.code, t.name]),
    );
    const members = await q.membersWithHashes(
      d1,
      cross.map((c) => c.idHash),
    );
    for (const c of cross)
      crossRows.push({
        idHash: c.idHash,
        otherTenants: c.others.map((t) => tenantNames.get(t) ?? t),
        members: members
          .filter((m) => m.id_hash === c.idHash)
          .map((m) => ({
            memberId: m.member_id,
            fullName: m.full_name,
            birthYear: m.birth_year,
            householdId: m.household_id,
            headName: m.head_name,
            villageId: m.village_id,
            villageName: village(m.village_id),
          })),
      });
  }

  const households = new Map(register.map((r) => [r.villageId, r.households]));
  const poor = new Map(rates.map((r) => [r.village_id, r]));
  const villageRates = units
    .filter((u) => u.level === "village" && u.parentId)
    .map((u) => ({
      villageId: u.id,
      villageName: u.name,
      communeId: u.parentId!,
      households: households.get(u.id) ?? 0,
      poor: poor.get(u.id)?.poor ?? 0,
      previousPoor: campaign.previousCampaignId ? (poor.get(u.id)?.previous_poor ?? 0) : null,
    }));

  const entryRows = entries.map((e) => ({
    assessmentId: e.assessment_id,
    reviewerId: e.reviewer,
    reviewerName: reviewer(e.reviewer),
    villageId: e.village_id,
    householdId: e.household_id,
    at: e.at,
  }));
  return [
    ...assetsVsCategory(
      assets.map((a) => ({
        assessmentId: a.assessment_id,
        householdId: a.household_id,
        villageId: a.village_id,
        villageName: village(a.village_id),
        headName: a.head_name,
        category: a.category as Category,
        persons: a.persons,
        facts: JSON.parse(a.facts) as HouseholdFacts,
        pensioners: a.pensioners,
      })),
    ),
    ...changedAfterMeeting([...changeRows.values()]),
    ...overrideRate(
      overrides.map((o) => ({
        reviewerId: o.reviewer,
        reviewerName: reviewer(o.reviewer),
        forms: o.forms,
        withOverrides: o.overridden,
        villageIds: o.villages.split(","),
      })),
    ),
    ...bulkEntry(entryRows),
    ...nightEntry(entryRows),
    ...duplicatePerson(
      people.map((p) => ({
        key: p.key,
        by: p.by,
        memberId: p.member_id,
        fullName: p.full_name,
        birthYear: p.birth_year,
        householdId: p.household_id,
        headName: p.head_name,
        villageId: p.village_id,
        villageName: village(p.village_id),
      })),
    ),
    ...duplicatePersonAcrossTenants(crossRows),
    ...villageRateChange(villageRates),
    ...villageRateNeighbours(villageRates),
  ];
}

/** The signals with their checks. */
export async function campaignAnomalies(src: SignalSource): Promise<AnomalyItem[]> {
  const [signals, checks] = await Promise.all([gatherSignals(src), q.anomalyChecks(src.d1, src.campaign.id)]);
  const byKey = new Map(checks.map((c) => [`${c.rule}\u0000${c.subject_id}`, c]));
  const names = await userNames(src.registry, [...new Set(checks.map((c) => c.reviewed_by))]);
  return signals.map((s) => {
    const c = byKey.get(`${s.rule}\u0000${s.subjectId}`);
    return {
      ...s,
      ruleLabel: ANOMALY_RULE_LABELS[s.rule as AnomalyRule],
      status: c ? "checked" : "open",
      check: c ? { note: c.note, by: c.reviewed_by, byName: names.get(c.reviewed_by) ?? "", at: c.reviewed_at } : null,
    };
  });
}

/** Open signals per village, each counted once (in the first village it concerns). */
export async function openAnomalyCounts(src: SignalSource): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const a of await campaignAnomalies(src)) {
    const v = a.villageIds[0];
    if (a.status === "open" && v) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}
