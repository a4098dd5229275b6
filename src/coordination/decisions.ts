// A commune decision (quyết định công nhận) spans the commune's villages, so no single room can
// write it. It is made safe in three steps: read the commune's state and refuse while it is not
// ready; insert the decision in one batch whose guards re-check that state (so it locks the
// commune exactly as it was read: from then on every room refuses the commune's writes, 423);
// then mark the posted households decided, village by village, each through its own room. That
// last step is idempotent: any later attempt to decide the commune (a retry) completes it.
import type { Context } from "hono";
import { currentUser } from "../auth/guard";
import { insertAnswerStatement, readAnswer } from "../db/tenant/idempotency";
import { communeDecision, communeReadiness, insertDecisionStatements, villagesToDecide, type Decision } from "../db/tenant/procedure";
import type { StoredCampaign } from "../db/tenant/campaigns";
import type { AppEnv } from "../env";
import { ApiError, fail } from "../http/errors";
import { formatDateVi, STATE_LABELS, type Area, type AssessmentState } from "../domain";
import { idempotencyOf, roomWrite } from "./client";
import type { ProcedureContext } from "./commands/assessments";

const MAX_ATTEMPTS = 3;

export interface DecisionInput {
  id?: string | undefined;
  communeId: string;
  number: string;
  signedOn: string;
}

/** Marks every posted household of the commune decided, one village room at a time. */
async function applyDecision(c: Context<AppEnv>, ctx: ProcedureContext, d: Decision): Promise<void> {
  for (const villageId of await villagesToDecide(c.get("tenant").d1, d.campaignId, d.communeId)) {
    const outcome = await roomWrite(c, villageId, { kind: "decision.apply", ctx, decision: { id: d.id, number: d.number, signedOn: d.signedOn } });
    if (outcome.status >= 300)
      throw new ApiError("conflict", "Quyết định đã được ghi nhưng chưa cập nhật xong trạng thái các hộ; hãy gửi lại yêu cầu (cùng Idempotency-Key) để hoàn tất.");
  }
}

export async function recordDecision(
  c: Context<AppEnv>,
  campaign: StoredCampaign,
  ctx: ProcedureContext & { area: Area },
  input: DecisionInput,
  today: string,
): Promise<{ status: 201; body: Decision; replayed: boolean }> {
  const { d1 } = c.get("tenant");
  const user = currentUser(c);
  const idempotency = await idempotencyOf(c, input);
  if (idempotency) {
    const stored = await readAnswer(d1, user.id, idempotency.key);
    if (stored && stored.requestHash !== idempotency.hash) throw fail.conflict("Khoá Idempotency-Key này đã được dùng cho một yêu cầu khác.");
    if (stored) {
      await applyDecision(c, ctx, stored.body as Decision);
      return { status: 201, body: stored.body as Decision, replayed: true };
    }
  }

  for (let attempt = 1; ; attempt++) {
    const existing = await communeDecision(d1, campaign.id, input.communeId);
    if (existing) {
      await applyDecision(c, ctx, existing);
      throw fail.locked(`Xã đã có quyết định công nhận số ${existing.number} ngày ${formatDateVi(existing.signedOn)} cho đợt rà soát này.`);
    }
    const r = await communeReadiness(d1, campaign.id, input.communeId, today);
    if (r.notReadyCount > 0)
      throw fail.conflict(
        `Còn ${r.notReadyCount} hộ trong danh sách chưa niêm yết hoặc chưa kết thúc rà soát (${r.notReady.map((n) => STATE_LABELS[n.state as AssessmentState] ?? n.state).join("; ")}).`,
        { notReady: r.notReady },
      );
    if (r.openWindows.length)
      throw fail.conflict(`Còn thôn đang trong thời gian niêm yết (đến hết ${r.openWindows.map((w) => formatDateVi(w.endsOn)).join(", ")}); chờ hết thời gian niêm yết.`, { openWindows: r.openWindows });
    if (r.openComplaints > 0) throw fail.conflict(`Còn ${r.openComplaints} khiếu nại chưa giải quyết.`);

    const decision: Decision = {
      id: input.id ?? crypto.randomUUID(),
      campaignId: campaign.id,
      communeId: input.communeId,
      number: input.number,
      signedOn: input.signedOn,
      poor: r.posted.filter((p) => p.category === "poor").map((p) => p.householdId),
      nearPoor: r.posted.filter((p) => p.category === "near_poor").map((p) => p.householdId),
      // Thoát nghèo: poor before, not poor now (to near-poor or above); thoát cận nghèo: near-poor before, above the lists now.
      escapedPoor: r.posted.filter((p) => p.movement === "escaped_poverty" || p.movement === "poor_to_near_poor").map((p) => p.householdId),
      escapedNearPoor: r.posted.filter((p) => p.movement === "escaped_near_poverty").map((p) => p.householdId),
      createdBy: user.id,
      createdAt: new Date().toISOString(),
    };
    const statements = insertDecisionStatements(d1, decision, today, r.fingerprint);
    if (idempotency) statements.push(insertAnswerStatement(d1, user.id, idempotency.key, { requestHash: idempotency.hash, status: 201, body: decision }, decision.createdAt));
    try {
      await d1.batch(statements);
    } catch (err) {
      const msg = String((err as Error).message);
      // Something changed between the read and the batch: read again (a decision made meanwhile answers 423).
      if ((msg.includes("write_guard") || msg.includes("constraint")) && attempt < MAX_ATTEMPTS) continue;
      if (msg.includes("write_guard") || msg.includes("constraint")) throw fail.conflict("Hồ sơ của xã vừa thay đổi; hãy kiểm tra lại và thử lại.");
      throw err;
    }
    await applyDecision(c, ctx, decision);
    return { status: 201, body: decision, replayed: false };
  }
}
