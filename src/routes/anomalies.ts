// Falsification signals of a campaign (DOMAIN.md §6): the list, each with its reason, and a
// district officer's check with a note (audited on the tenant's chain).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { diff } from "../coordination/audit-chain";
import { outcomeResponse, repeatedAnswer, tenantWrite } from "../coordination/client";
import {
  type AnomalyReviewRow,
  guardAnomalyReviewSql,
  readAnomalyReview,
  upsertAnomalyReviewSql,
} from "../db/tenant/anomalies";
import { readCampaign, type StoredCampaign } from "../db/tenant/campaigns";
import { getUnit, listUnits, unitPath } from "../db/tenant/units";
import { ANOMALY_RULES } from "../domain";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { commonErrors, jsonBody, jsonResponse, router } from "../http/openapi";
import { campaignAnomalies, openAnomalyCounts, type SignalSource } from "../reports/signals";
import { CampaignParams } from "./campaigns";

const tags = ["Dấu hiệu bất thường"];

const AnomalySchema = z
  .object({
    rule: z.enum(ANOMALY_RULES),
    ruleLabel: z.string(),
    subjectId: z.string(),
    subjectType: z.enum(["assessment", "reviewer", "person", "village"]),
    villageIds: z.array(z.string()),
    householdIds: z.array(z.string()),
    reason: z.string().openapi({ description: "Lý do, để cán bộ kiểm tra" }),
    status: z.enum(["open", "checked"]),
    check: z.object({ note: z.string(), by: z.string(), byName: z.string(), at: z.string() }).nullable(),
  })
  .openapi("Anomaly");

const CheckSchema = z.strictObject({ note: z.string().trim().min(1).max(2000) }).openapi("AnomalyCheck");

function signalSource(c: Context<AppEnv>, campaign: StoredCampaign): SignalSource {
  const t = c.get("tenant");
  return { d1: t.d1, db: t.db, registry: c.env.REGISTRY, tenant: { code: t.code, province: t.province }, campaign };
}

/** Open signals per village of the campaign, for the progress report. */
export function openAnomaliesByVillage(c: Context<AppEnv>, campaign: StoredCampaign): Promise<Map<string, number>> {
  return openAnomalyCounts(signalSource(c, campaign));
}

async function campaignOf(c: Context<AppEnv>, id: string): Promise<StoredCampaign> {
  const campaign = await readCampaign(c.get("tenant").d1, id);
  if (!campaign) throw fail.notFound("Không tìm thấy đợt rà soát.");
  return campaign;
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/anomalies",
    ...allow("anomaly.read"),
    tags,
    summary: "Dấu hiệu kết quả sai hoặc gian lận, kèm lý do (falsification signals)",
    request: {
      params: CampaignParams,
      query: z.object({
        unitId: z
          .uuid()
          .optional()
          .openapi({ param: { name: "unitId", in: "query" } }),
        rule: z
          .enum(ANOMALY_RULES)
          .optional()
          .openapi({ param: { name: "rule", in: "query" } }),
        status: z
          .enum(["open", "checked", "all"])
          .default("all")
          .openapi({ param: { name: "status", in: "query" } }),
      }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(AnomalySchema) }), "Các dấu hiệu"), ...commonErrors },
  }),
  async (c) => {
    const { campaign: campaignId } = c.req.valid("param");
    const query = c.req.valid("query");
    const tenant = c.get("tenant");
    const unitId = query.unitId ?? currentUser(c).unitId ?? null;
    const unit = unitId ? await getUnit(tenant.db, unitId) : null;
    if (unitId && !unit) throw fail.notFound("Không tìm thấy đơn vị.");
    authorize(c, "anomaly.read", unit ? await unitPath(tenant.db, unit.id) : []);
    const campaign = await campaignOf(c, campaignId);
    let items = await campaignAnomalies(signalSource(c, campaign));
    if (unit) {
      const inside = new Set(
        unit.level === "village" ? [unit.id] : (await listUnits(tenant.db, { parentId: unit.id })).map((u) => u.id),
      );
      items = items.filter((a) => a.villageIds.some((v) => inside.has(v)));
    }
    if (query.rule) items = items.filter((a) => a.rule === query.rule);
    if (query.status !== "all") items = items.filter((a) => a.status === query.status);
    return c.json({ items }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/anomalies/{rule}/{subjectId}/check",
    ...allow("anomaly.review"),
    tags,
    summary: "Đánh dấu đã kiểm tra một dấu hiệu, kèm ghi chú (mark a signal as checked)",
    description:
      "Ghi lại vào nhật ký (chuỗi của huyện). Kiểm tra lại một dấu hiệu đã kiểm tra thì thay ghi chú và ghi nhật ký trước/sau.",
    request: {
      params: CampaignParams.extend({
        rule: z.enum(ANOMALY_RULES).openapi({ param: { name: "rule", in: "path" } }),
        subjectId: z
          .string()
          .min(1)
          .max(200)
          .openapi({ param: { name: "subjectId", in: "path" } }),
      }),
      body: jsonBody(CheckSchema),
    },
    responses: {
      200: jsonResponse(
        z.object({
          id: z.string(),
          rule: z.string(),
          subjectId: z.string(),
          status: z.literal("checked"),
          check: AnomalySchema.shape.check,
        }),
        "Đã ghi nhận",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const { campaign: campaignId, rule, subjectId } = c.req.valid("param");
    const { note } = c.req.valid("json");
    const user = authorize(c, "anomaly.review", []);
    const input = { campaignId, rule, subjectId, note };
    const repeated = await repeatedAnswer(c, input);
    if (repeated) return outcomeResponse(c, repeated);
    const campaign = await campaignOf(c, campaignId);
    const signals = await campaignAnomalies(signalSource(c, campaign));
    if (!signals.some((s) => s.rule === rule && s.subjectId === subjectId))
      throw fail.notFound("Không có dấu hiệu này trong đợt rà soát.");
    const d1 = c.get("tenant").d1;
    const before = await readAnomalyReview(d1, campaignId, rule, subjectId);
    const after: AnomalyReviewRow = {
      id: before?.id ?? crypto.randomUUID(),
      campaign_id: campaignId,
      rule,
      subject_id: subjectId,
      note,
      reviewed_by: user.id,
      reviewed_at: new Date().toISOString(),
    };
    const view = (r: AnomalyReviewRow | null) =>
      r
        ? { campaignId: r.campaign_id, rule: r.rule, subjectId: r.subject_id, note: r.note, reviewedBy: r.reviewed_by }
        : {};
    const outcome = await tenantWrite(
      c,
      {
        kind: "batch",
        guards: [guardAnomalyReviewSql(after, before)],
        statements: [upsertAnomalyReviewSql(after)],
        audit: [
          {
            entityType: "anomaly_check",
            entityId: after.id,
            action: before ? "recheck" : "check",
            changes: diff(view(before), view(after)),
          },
        ],
        response: {
          status: 200,
          body: {
            id: after.id,
            rule,
            subjectId,
            status: "checked",
            check: { note, by: user.id, byName: user.displayName, at: after.reviewed_at },
          },
        },
      },
      input,
    );
    if (outcome.stale) throw fail.conflict("Dấu hiệu này vừa được người khác kiểm tra; hãy tải lại.");
    return outcomeResponse(c, outcome);
  },
);

export default app;
