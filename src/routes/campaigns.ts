// Campaigns (đợt rà soát: periodic, rolling, census), their household list carried forward from
// the previous campaign, and the requests (Mẫu số 01 / 04) that add households to it.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize, currentUser } from "../auth/guard";
import { diff } from "../coordination/audit-chain";
import { coordinatedWrite, outcomeResponse, repeatedAnswer, tenantWrite } from "../coordination/client";
import {
  campaignBefore,
  createCampaignSql,
  guardNoSameCampaignSql,
  listCampaigns,
  publicCampaign,
  readCampaign,
  type StoredCampaign,
  sameCampaign,
} from "../db/tenant/campaigns";
import { readCounters } from "../db/tenant/counters";
import { listRequests } from "../db/tenant/procedure";
import { unitPath } from "../db/tenant/units";
import type { Issue } from "../domain";
import { addDays, resolveStandard } from "../domain";
import { fail } from "../http/errors";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  lockedError,
  router,
  TenantParams,
} from "../http/openapi";
import {
  CampaignCreateSchema,
  type CampaignKind,
  CampaignSchema,
  RequestCreateSchema,
  RequestSchema,
} from "../schemas/procedure";
import { campaignOf, householdTarget, listScope, procedureContext, vietnamToday } from "./campaign-scope";

export const CampaignParams = TenantParams.extend({
  campaign: z.uuid().openapi({ param: { name: "campaign", in: "path" } }),
});
export const IdempotencyHeader = z.object({
  "idempotency-key": z
    .string()
    .max(200)
    .optional()
    .openapi({ param: { name: "idempotency-key", in: "header" }, description: "Khoá chống gửi lặp" }),
});
const tags = ["Đợt rà soát"];

const CampaignWithCounts = CampaignSchema.extend({
  listed: z.number().int().openapi({ description: "Số hộ trong danh sách rà soát của đợt" }),
  listedBy: z.record(z.string(), z.number().int()).openapi({ description: "Số hộ theo lý do có trong danh sách" }),
}).openapi("CampaignWithCounts");

async function withCounts(d1: D1Database, c: StoredCampaign) {
  const counters = await readCounters(d1, c.id);
  const listedBy: Record<string, number> = {};
  let listed = 0;
  for (const k of counters) {
    if (k.key === "listed") listed += k.value;
    else if (k.key.startsWith("listed:")) listedBy[k.key.slice(7)] = (listedBy[k.key.slice(7)] ?? 0) + k.value;
  }
  return { ...publicCampaign(c), listed, listedBy };
}

const KIND_NAME: Record<CampaignKind, string> = {
  periodic: "Rà soát định kỳ hộ nghèo, hộ cận nghèo",
  census: "Tổng điều tra, rà soát hộ nghèo, hộ cận nghèo",
  rolling: "Rà soát thường xuyên hộ nghèo, hộ cận nghèo",
};

/** The period of a campaign (DOMAIN.md §4): periodic and census 1/9–14/12; rolling from the 15th, decided within 15 days. */
function period(kind: CampaignKind, year: number, month: number | undefined, today: string) {
  if (kind !== "rolling") {
    if (month !== undefined)
      throw fail.validation([{ path: "month", message: "Chỉ đợt rà soát thường xuyên mới ghi tháng." }]);
    return { start: `${year}-09-01`, end: `${year}-12-14`, name: `${KIND_NAME[kind]} năm ${year}` };
  }
  const m = month ?? (Number(today.slice(0, 4)) === year ? Number(today.slice(5, 7)) : 1);
  const start = `${year}-${String(m).padStart(2, "0")}-15`;
  return { start, end: addDays(start, 15), name: `${KIND_NAME.rolling} tháng ${m}/${year}` };
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns",
    ...allow("campaign.read"),
    tags,
    summary: "Các đợt rà soát (campaigns)",
    request: {
      params: TenantParams,
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(CampaignSchema) }), "Mới nhất trước"), ...commonErrors },
  }),
  async (c) => {
    const user = currentUser(c);
    authorize(c, "campaign.read", user.unitId ? await unitPath(c.get("tenant").db, user.unitId) : []);
    const items = await listCampaigns(c.get("tenant").d1, c.req.valid("query"));
    return c.json({ items: items.map(publicCampaign) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns",
    ...allow("campaign.manage"),
    tags,
    summary: "Mở đợt rà soát và lập danh sách hộ (create a campaign and its household list)",
    description:
      "Chuẩn nghèo mặc định theo năm của danh sách mà đợt lập: định kỳ, tổng điều tra năm Y → danh sách năm Y + 1; thường xuyên năm Y → danh sách năm Y. Tổng điều tra: mọi hộ trong sổ. Định kỳ, thường xuyên: các hộ nghèo, cận nghèo theo kết quả đã công nhận gần nhất (danh sách kỳ trước chuyển sang); các hộ có đơn (Mẫu 01, 04) được thêm sau qua `requests`.",
    request: { params: TenantParams, headers: IdempotencyHeader, body: jsonBody(CampaignCreateSchema) },
    responses: {
      201: jsonResponse(CampaignSchema, "Đã mở đợt; số hộ trong danh sách xem ở GET"),
      ...commonErrors,
      ...conflictError,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    authorize(c, "campaign.manage", []);
    const { d1 } = c.get("tenant");
    const issues: Issue[] = [];
    const standard = resolveStandard({ standard: input.standard, year: input.year, kind: input.kind }, issues);
    if (!standard) throw fail.validation(issues, "Không xác định được chuẩn nghèo của đợt rà soát.");
    const p = period(input.kind, input.year, input.month, vietnamToday());
    const repeated = await repeatedAnswer(c, input);
    if (repeated) return outcomeResponse(c, repeated);
    const same = await sameCampaign(d1, input.kind, p.start);
    if (same) throw fail.conflict("Đã có đợt rà soát cùng loại, cùng thời gian.", { current: publicCampaign(same) });
    if (input.id && (await readCampaign(d1, input.id))) throw fail.conflict("Mã định danh (id) đã được dùng.");
    const previous = await campaignBefore(d1, p.start);
    const now = new Date().toISOString();
    const campaign: StoredCampaign = {
      id: input.id ?? crypto.randomUUID(),
      year: input.year,
      kind: input.kind,
      standard: standard.code,
      status: "open",
      name: input.name ?? p.name,
      periodStart: p.start,
      periodEnd: p.end,
      reviewDate: input.reviewDate ?? p.start,
      previousCampaignId: previous?.id ?? null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const created = await tenantWrite(
      c,
      {
        kind: "batch",
        guards: [guardNoSameCampaignSql(campaign.kind, campaign.periodStart)],
        statements: createCampaignSql(campaign),
        audit: [
          {
            entityType: "campaign",
            entityId: campaign.id,
            action: "create",
            changes: diff({}, publicCampaign(campaign)),
          },
        ],
        response: { status: 201, body: publicCampaign(campaign) },
      },
      input,
    );
    return outcomeResponse(c, created);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}",
    ...allow("campaign.read"),
    tags,
    summary: "Một đợt rà soát, với số hộ trong danh sách",
    request: { params: CampaignParams },
    responses: { 200: jsonResponse(CampaignWithCounts, "Đợt rà soát"), ...commonErrors },
  }),
  async (c) => {
    const user = currentUser(c);
    authorize(c, "campaign.read", user.unitId ? await unitPath(c.get("tenant").db, user.unitId) : []);
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    return c.json(await withCounts(c.get("tenant").d1, campaign), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/requests",
    ...allow("request.file"),
    tags,
    summary: "Ghi nhận đơn đề nghị rà soát (Mẫu số 01) hoặc công nhận thoát nghèo (Mẫu số 04)",
    description: "Hộ chưa có trong danh sách của đợt được thêm vào với lý do request_01 hoặc request_04.",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(RequestCreateSchema) },
    responses: { 201: jsonResponse(RequestSchema, "Đã ghi nhận"), ...commonErrors, ...conflictError, ...lockedError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { campaign, scope } = await householdTarget(
      c,
      c.req.valid("param").campaign,
      input.householdId,
      "request.file",
      { field: "householdId", lock: true },
    );
    const request = {
      id: input.id ?? crypto.randomUUID(),
      householdId: input.householdId,
      form: input.form,
      note: input.note ?? null,
    };
    return coordinatedWrite(
      c,
      scope.villageId,
      { kind: "request.file", ctx: procedureContext(campaign, scope), request },
      input,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/requests",
    ...allow("assessment.read"),
    tags,
    summary: "Các đơn đề nghị của đợt",
    request: {
      params: CampaignParams,
      query: z.object({ villageId: z.uuid().optional(), communeId: z.uuid().optional() }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(RequestSchema) }), "Các đơn"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await listScope(c, "assessment.read", c.req.valid("query"));
    return c.json({ items: await listRequests(c.get("tenant").d1, campaign.id, scope) }, 200);
  },
);

export default app;
