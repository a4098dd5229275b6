// Complaints (khiếu nại) during the public posting and their re-check (phúc tra) by the commune.
// Commune officers, district staff and the Fatherland Front supervisors file and follow them;
// commune officers resolve them.
import { createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/guard";
import { coordinatedWrite } from "../coordination/client";
import { listComplaints, readComplaint } from "../db/tenant/procedure";
import { EVENT_PERMISSION } from "../domain";
import { fail } from "../http/errors";
import { commonErrors, conflictError, jsonBody, jsonResponse, lockedError, router } from "../http/openapi";
import { ComplaintCreateSchema, ComplaintResolveSchema, ComplaintSchema } from "../schemas/procedure";
import { campaignOf, householdTarget, listScope, procedureContext, vietnamToday } from "./campaign-scope";
import { CampaignParams, IdempotencyHeader } from "./campaigns";

const tags = ["Khiếu nại, phúc tra"];
const ComplaintParams = CampaignParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/complaints",
    ...allow("complaint.file"),
    tags,
    summary: "Nhận khiếu nại trong thời gian niêm yết",
    description:
      "Chỉ nhận khi thôn của hộ đang trong thời gian niêm yết (hôm nay, giờ Việt Nam, từ startsOn đến endsOn), nếu không → 409. Hộ đang niêm yết (hoặc bị loại ở Phiếu A) chuyển sang phúc tra (rechecking).",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(ComplaintCreateSchema) },
    responses: { 201: jsonResponse(ComplaintSchema, "Đã nhận"), ...commonErrors, ...conflictError, ...lockedError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { campaign, scope } = await householdTarget(
      c,
      c.req.valid("param").campaign,
      input.householdId,
      EVENT_PERMISSION.complain,
      { field: "householdId", lock: true },
    );
    const complaint = {
      id: input.id ?? crypto.randomUUID(),
      householdId: input.householdId,
      type: input.type,
      channel: input.channel,
      text: input.text,
    };
    return coordinatedWrite(
      c,
      scope.villageId,
      { kind: "complaint.file", ctx: procedureContext(campaign, scope), today: vietnamToday(), complaint },
      input,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/complaints",
    ...allow("assessment.read"),
    tags,
    summary: "Các khiếu nại của đợt (theo dõi, giám sát)",
    request: {
      params: CampaignParams,
      query: z.object({
        villageId: z.uuid().optional(),
        communeId: z.uuid().optional(),
        householdId: z.uuid().optional(),
        status: z.enum(["open", "upheld", "rejected"]).optional(),
      }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(ComplaintSchema) }), "Mới nhất trước"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const query = c.req.valid("query");
    const scope = await listScope(c, "assessment.read", query);
    return c.json(
      {
        items: await listComplaints(c.get("tenant").d1, campaign.id, {
          ...scope,
          status: query.status,
          householdId: query.householdId,
        }),
      },
      200,
    );
  },
);

async function complaintOf(c: Parameters<typeof campaignOf>[0], campaignId: string, id: string) {
  const campaign = await campaignOf(c, campaignId);
  const complaint = await readComplaint(c.get("tenant").d1, id);
  if (!complaint || complaint.campaignId !== campaign.id) throw fail.notFound("Không tìm thấy khiếu nại.");
  return { campaign, complaint };
}

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/complaints/{id}",
    ...allow("assessment.read"),
    tags,
    summary: "Một khiếu nại",
    request: { params: ComplaintParams },
    responses: { 200: jsonResponse(ComplaintSchema, "Khiếu nại"), ...commonErrors },
  }),
  async (c) => {
    const { campaign, id } = c.req.valid("param");
    const found = await complaintOf(c, campaign, id);
    await listScope(c, "assessment.read", { villageId: found.complaint.villageId });
    return c.json(found.complaint, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/complaints/{id}/resolve",
    ...allow("complaint.resolve"),
    tags,
    summary: "Kết luận phúc tra",
    description:
      "upheld: khiếu nại đúng — phiếu đã được sửa qua PUT sau khi nhận khiếu nại; rejected: không có cơ sở. Hộ trở lại niêm yết (posted) khi không còn khiếu nại nào khác đang mở.",
    request: { params: ComplaintParams, headers: IdempotencyHeader, body: jsonBody(ComplaintResolveSchema) },
    responses: { 200: jsonResponse(ComplaintSchema, "Đã kết luận"), ...commonErrors, ...conflictError, ...lockedError },
  }),
  async (c) => {
    const params = c.req.valid("param");
    const input = c.req.valid("json");
    const { complaint } = await complaintOf(c, params.campaign, params.id);
    const { campaign, scope } = await householdTarget(
      c,
      params.campaign,
      complaint.householdId,
      EVENT_PERMISSION.resolve,
      { lock: true },
    );
    return coordinatedWrite(
      c,
      scope.villageId,
      {
        kind: "complaint.resolve",
        ctx: procedureContext(campaign, scope),
        complaintId: complaint.id,
        outcome: input.outcome,
        reason: input.reason,
      },
      { id: complaint.id, ...input },
    );
  },
);

export default app;
