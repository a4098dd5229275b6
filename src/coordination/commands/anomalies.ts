// A district officer's check of a falsification signal, with a note. Tenant-wide records: the
// write goes through the tenant's own room (`villageRoom(env, tenant, "tenant")`) so that its
// audit entry is chained, one at a time, on the "tenant" chain.
import { readAnomalyReview, upsertAnomalyReviewStatement, type AnomalyReviewRow } from "../../db/tenant/anomalies";
import { diff } from "../audit-chain";
import type { WriteRequest } from "../protocol";
import type { Planned, Room } from "../room";

/** The room name (and audit chain) of tenant-wide records. */
export const TENANT_CHAIN = "tenant";

export interface AnomalyCheckCommand {
  kind: "anomaly.check";
  campaignId: string;
  rule: string;
  subjectId: string;
  note: string;
}

export async function planAnomalyCheck(room: Room, req: WriteRequest & { command: AnomalyCheckCommand }): Promise<Planned> {
  const cmd = req.command;
  const before = await readAnomalyReview(room.d1, cmd.campaignId, cmd.rule, cmd.subjectId);
  const after: AnomalyReviewRow = {
    id: before?.id ?? crypto.randomUUID(),
    campaign_id: cmd.campaignId,
    rule: cmd.rule,
    subject_id: cmd.subjectId,
    note: cmd.note,
    reviewed_by: req.actor.id,
    reviewed_at: room.now,
  };
  const view = (r: AnomalyReviewRow | null) => (r ? { campaignId: r.campaign_id, rule: r.rule, subjectId: r.subject_id, note: r.note, reviewedBy: r.reviewed_by } : {});
  return {
    guards: [],
    statements: [upsertAnomalyReviewStatement(room.d1, after)],
    audit: [{ entityType: "anomaly_check", entityId: after.id, action: before ? "recheck" : "check", changes: diff(view(before), view(after)) }],
    counters: [],
    response: {
      status: 200,
      body: { id: after.id, rule: cmd.rule, subjectId: cmd.subjectId, status: "checked", check: { note: after.note, by: after.reviewed_by, byName: req.actor.displayName, at: after.reviewed_at } },
    },
  };
}
