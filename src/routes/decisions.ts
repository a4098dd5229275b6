// Commune decisions (quyết định công nhận hộ nghèo, cận nghèo, thoát nghèo, thoát cận nghèo):
// they lock the commune's records of the campaign.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow } from "../auth/guard";
import { outcomeResponse } from "../coordination/client";
import { recordDecision, recordOpinion } from "../coordination/decisions";
import { listDecisions, listOpinions, readDecision } from "../db/tenant/procedure";
import { getUnit } from "../db/tenant/units";
import { EVENT_PERMISSION } from "../domain";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { commonErrors, conflictError, jsonBody, jsonResponse, lockedError, router } from "../http/openapi";
import {
  DecisionCreateSchema,
  DecisionSchema,
  DistrictOpinionCreateSchema,
  DistrictOpinionSchema,
} from "../schemas/procedure";
import { campaignOf, communeScope, listScope, procedureContext, vietnamToday } from "./campaign-scope";
import { CampaignParams, IdempotencyHeader } from "./campaigns";

const tags = ["Quyết định công nhận"];

/** The commune a list is limited to: a village's users see the records of their commune. */
async function communeOfScope(
  c: Context<AppEnv>,
  scope: { villageIds?: string[] | undefined; communeId?: string | undefined },
): Promise<string | undefined> {
  return scope.villageIds
    ? ((await getUnit(c.get("tenant").db, scope.villageIds[0]!))?.parentId ?? undefined)
    : scope.communeId;
}

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/decisions",
    ...allow("decision.record"),
    tags,
    summary: "Quyết định công nhận của xã; khoá hồ sơ của xã trong đợt",
    description:
      "Từ chối (409) khi còn hộ trong danh sách chưa ở trạng thái posted hoặc excluded, còn thôn đang niêm yết, còn khiếu nại chưa giải quyết, hoặc khi quyết định ký trước 01/07/2025 mà xã chưa có ý kiến của Chủ tịch UBND cấp huyện (district-opinions) từ trước ngày ký. Từ 01/07/2025 không còn bước cấp huyện. Các hộ posted chuyển sang decided; sau đó mọi thay đổi phiếu, họp dân, niêm yết, khiếu nại của xã trong đợt, và quyết định thứ hai → 423.",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(DecisionCreateSchema) },
    responses: {
      201: jsonResponse(DecisionSchema, "Đã ghi quyết định"),
      ...commonErrors,
      ...conflictError,
      ...lockedError,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await communeScope(c, input.communeId, EVENT_PERMISSION.decide);
    return outcomeResponse(
      c,
      await recordDecision(c, campaign, procedureContext(campaign, scope), input, vietnamToday()),
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/decisions",
    ...allow("assessment.read"),
    tags,
    summary: "Các quyết định công nhận của đợt",
    request: { params: CampaignParams, query: z.object({ communeId: z.uuid().optional() }) },
    responses: { 200: jsonResponse(z.object({ items: z.array(DecisionSchema) }), "Quyết định"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await listScope(c, "assessment.read", c.req.valid("query"));
    const communeId = await communeOfScope(c, scope);
    return c.json({ items: await listDecisions(c.get("tenant").d1, campaign.id, communeId) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/decisions/{id}",
    ...allow("assessment.read"),
    tags,
    summary: "Một quyết định công nhận",
    request: { params: CampaignParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
    responses: { 200: jsonResponse(DecisionSchema, "Quyết định"), ...commonErrors },
  }),
  async (c) => {
    const { campaign: campaignId, id } = c.req.valid("param");
    const campaign = await campaignOf(c, campaignId);
    const decision = await readDecision(c.get("tenant").d1, id);
    if (!decision || decision.campaignId !== campaign.id) throw fail.notFound("Không tìm thấy quyết định.");
    await listScope(c, "assessment.read", { communeId: decision.communeId });
    return c.json(decision, 200);
  },
);

const opinionTags = ["Ý kiến cấp huyện"];

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/district-opinions",
    ...allow("district_opinion.record"),
    tags: opinionTags,
    summary: "Ý kiến của Chủ tịch UBND cấp huyện về kết quả rà soát của xã (trước 01/07/2025)",
    description:
      "Bước trước quyết định công nhận ký trước 01/07/2025 (Quyết định 24/2021/QĐ-TTg). Mỗi xã một ý kiến trong đợt (lần thứ hai → 409); sau quyết định của xã → 423. Ngày cho ý kiến phải trước 01/07/2025.",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(DistrictOpinionCreateSchema) },
    responses: {
      201: jsonResponse(DistrictOpinionSchema, "Đã ghi ý kiến"),
      ...commonErrors,
      ...conflictError,
      ...lockedError,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    await communeScope(c, input.communeId, "district_opinion.record");
    return outcomeResponse(c, await recordOpinion(c, campaign, input));
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/district-opinions",
    ...allow("assessment.read"),
    tags: opinionTags,
    summary: "Các ý kiến của Chủ tịch UBND cấp huyện trong đợt",
    request: { params: CampaignParams, query: z.object({ communeId: z.uuid().optional() }) },
    responses: {
      200: jsonResponse(z.object({ items: z.array(DistrictOpinionSchema) }), "Ý kiến"),
      ...commonErrors,
    },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await listScope(c, "assessment.read", c.req.valid("query"));
    const communeId = await communeOfScope(c, scope);
    return c.json({ items: await listOpinions(c.get("tenant").d1, campaign.id, communeId) }, 200);
  },
);

export default app;
