// A commune decision (quyết định công nhận) spans the commune's villages, so no village room can
// write it. It is made safe in three steps: read the commune's state and refuse while it is not
// ready; insert the decision through the tenant's room in one batch whose guards re-check that
// state (so it locks the commune exactly as it was read: from then on every village room refuses
// the commune's writes, 423);
// then mark the posted households decided, village by village, each through its own room. That
// last step is idempotent: any later attempt to decide the commune (a retry) completes it.
import type { Context } from "hono";
import { currentUser } from "../auth/guard";
import type { StoredCampaign } from "../db/tenant/campaigns";
import {
  communeDecision,
  communeOpinion,
  communeReadiness,
  type Decision,
  type DistrictOpinion,
  insertDecisionSql,
  insertOpinionSql,
  villagesToDecide,
} from "../db/tenant/procedure";
import { type AssessmentState, DISTRICT_STEP_ENDS, formatDateVi, needsDistrictOpinion, STATE_LABELS } from "../domain";
import type { AppEnv } from "../env";
import { ApiError, fail } from "../http/errors";
import { diff } from "./audit-chain";
import { repeatedAnswer, roomWrite, tenantWrite } from "./client";
import type { ProcedureContext } from "./commands/assessments";
import type { Outcome } from "./protocol";

const MAX_ATTEMPTS = 3;

export interface DecisionInput {
  id?: string | undefined;
  communeId: string;
  number: string;
  signedOn: string;
  signerName?: string | undefined;
  signerTitle?: string | undefined;
}

export interface OpinionInput {
  id?: string | undefined;
  communeId: string;
  givenOn: string;
  number?: string | undefined;
  text?: string | undefined;
}

/**
 * Marks every posted household of the commune decided, one village room at a time. These writes
 * carry no Idempotency-Key: the request's key answers for the decision as a whole.
 */
async function applyDecision(c: Context<AppEnv>, ctx: ProcedureContext, d: Decision): Promise<void> {
  const tenant = c.get("tenant");
  const user = currentUser(c);
  for (const villageId of await villagesToDecide(tenant.d1, d.campaignId, d.communeId)) {
    const outcome = await roomWrite(c.env, {
      tenant: tenant.code,
      binding: tenant.binding,
      villageId,
      actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      command: { kind: "decision.apply", ctx, decision: { id: d.id, number: d.number, signedOn: d.signedOn } },
    });
    if (outcome.status >= 300)
      throw new ApiError(
        "conflict",
        "Quyết định đã được ghi nhưng chưa cập nhật xong trạng thái các hộ; hãy gửi lại yêu cầu (cùng Idempotency-Key) để hoàn tất.",
      );
  }
}

export async function recordDecision(
  c: Context<AppEnv>,
  campaign: StoredCampaign,
  ctx: ProcedureContext,
  input: DecisionInput,
  today: string,
): Promise<Outcome> {
  const { d1 } = c.get("tenant");
  const user = currentUser(c);
  const repeated = await repeatedAnswer(c, input);
  if (repeated) {
    await applyDecision(c, ctx, repeated.body as Decision);
    return repeated;
  }

  for (let attempt = 1; ; attempt++) {
    const existing = await communeDecision(d1, campaign.id, input.communeId);
    if (existing) {
      await applyDecision(c, ctx, existing);
      throw fail.locked(
        `Xã đã có quyết định công nhận số ${existing.number} ngày ${formatDateVi(existing.signedOn)} cho đợt rà soát này.`,
      );
    }
    const r = await communeReadiness(d1, campaign.id, input.communeId, today);
    if (r.notReadyCount > 0)
      throw fail.conflict(
        `Còn ${r.notReadyCount} hộ trong danh sách chưa niêm yết hoặc chưa kết thúc rà soát (${r.notReady.map((n) => STATE_LABELS[n.state as AssessmentState] ?? n.state).join("; ")}).`,
        { notReady: r.notReady },
      );
    if (r.openWindows.length)
      throw fail.conflict(
        `Còn thôn đang trong thời gian niêm yết (đến hết ${r.openWindows.map((w) => formatDateVi(w.endsOn)).join(", ")}); chờ hết thời gian niêm yết.`,
        { openWindows: r.openWindows },
      );
    if (r.openComplaints > 0) throw fail.conflict(`Còn ${r.openComplaints} khiếu nại chưa giải quyết.`);
    if (needsDistrictOpinion(input.signedOn)) {
      const opinion = await communeOpinion(d1, campaign.id, input.communeId);
      if (!opinion)
        throw fail.conflict(
          `Quyết định ký trước ngày ${formatDateVi(DISTRICT_STEP_ENDS)} phải có ý kiến của Chủ tịch UBND cấp huyện trước; xã chưa có ý kiến này.`,
        );
      if (opinion.givenOn > input.signedOn)
        throw fail.conflict(
          `Ý kiến của Chủ tịch UBND cấp huyện ngày ${formatDateVi(opinion.givenOn)} sau ngày ký quyết định ${formatDateVi(input.signedOn)}; quyết định phải ký sau khi có ý kiến.`,
          { current: opinion },
        );
    }

    const decision: Decision = {
      id: input.id ?? crypto.randomUUID(),
      campaignId: campaign.id,
      communeId: input.communeId,
      number: input.number,
      signedOn: input.signedOn,
      poor: r.posted.filter((p) => p.category === "poor").map((p) => p.householdId),
      nearPoor: r.posted.filter((p) => p.category === "near_poor").map((p) => p.householdId),
      // Thoát nghèo: poor before, not poor now (to near-poor or above); thoát cận nghèo: near-poor before, above the lists now.
      escapedPoor: r.posted
        .filter((p) => p.movement === "escaped_poverty" || p.movement === "poor_to_near_poor")
        .map((p) => p.householdId),
      escapedNearPoor: r.posted.filter((p) => p.movement === "escaped_near_poverty").map((p) => p.householdId),
      signerName: input.signerName ?? null,
      signerTitle: input.signerTitle ?? null,
      createdBy: user.id,
      createdAt: new Date().toISOString(),
    };
    const { guards, statements } = insertDecisionSql(decision, today, r.fingerprint);
    const { poor, nearPoor, escapedPoor, escapedNearPoor, ...record } = decision;
    const outcome = await tenantWrite(
      c,
      {
        kind: "batch",
        guards,
        statements,
        audit: [
          {
            entityType: "decision",
            entityId: decision.id,
            action: "create",
            changes: diff(
              {},
              {
                ...record,
                poor: poor.length,
                nearPoor: nearPoor.length,
                escapedPoor: escapedPoor.length,
                escapedNearPoor: escapedNearPoor.length,
              },
            ),
          },
        ],
        response: { status: 201, body: decision },
      },
      input,
    );
    // The commune changed between the read and the batch: read again (a decision made meanwhile answers 423).
    if (outcome.status === 409 && !outcome.replayed && attempt < MAX_ATTEMPTS) continue;
    if (outcome.status === 201) await applyDecision(c, ctx, outcome.body as Decision);
    return outcome;
  }
}

/**
 * The district chairman's opinion on a commune's results, the step before a decision signed
 * before 1 July 2025. Tenant-wide like the decision it precedes, so it goes through the tenant's
 * room, audited; a second opinion for the commune is a conflict, one after the decision is locked.
 */
export async function recordOpinion(
  c: Context<AppEnv>,
  campaign: StoredCampaign,
  input: OpinionInput,
): Promise<Outcome> {
  const { d1 } = c.get("tenant");
  const repeated = await repeatedAnswer(c, input);
  if (repeated) return repeated;
  const decision = await communeDecision(d1, campaign.id, input.communeId);
  if (decision)
    throw fail.locked(
      `Xã đã có quyết định công nhận số ${decision.number} ngày ${formatDateVi(decision.signedOn)}; không ghi thêm ý kiến.`,
    );
  const existing = await communeOpinion(d1, campaign.id, input.communeId);
  if (existing)
    throw fail.conflict(
      `Xã đã có ý kiến của Chủ tịch UBND cấp huyện ngày ${formatDateVi(existing.givenOn)} cho đợt rà soát này.`,
      { current: existing },
    );
  const opinion: DistrictOpinion = {
    id: input.id ?? crypto.randomUUID(),
    campaignId: campaign.id,
    communeId: input.communeId,
    givenOn: input.givenOn,
    number: input.number ?? null,
    text: input.text ?? null,
    createdBy: currentUser(c).id,
    createdAt: new Date().toISOString(),
  };
  const { guards, statements } = insertOpinionSql(opinion);
  const outcome = await tenantWrite(
    c,
    {
      kind: "batch",
      guards,
      statements,
      audit: [{ entityType: "district_opinion", entityId: opinion.id, action: "create", changes: diff({}, opinion) }],
      response: { status: 201, body: opinion },
    },
    input,
  );
  // Refused by the guard: a decision or an opinion written meanwhile, or an id already used.
  if (outcome.status === 409 && !outcome.replayed) {
    const now = await communeDecision(d1, campaign.id, input.communeId);
    if (now) throw fail.locked(`Xã đã có quyết định công nhận số ${now.number}; không ghi thêm ý kiến.`);
    const current = await communeOpinion(d1, campaign.id, input.communeId);
    if (current) throw fail.conflict("Xã đã có ý kiến của Chủ tịch UBND cấp huyện cho đợt rà soát này.", { current });
    throw fail.conflict("Mã định danh (id) đã được dùng.");
  }
  return outcome;
}
