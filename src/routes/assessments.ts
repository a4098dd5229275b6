// A household's assessment in a campaign (Phiếu A screening, Phiếu B answers, the computed result)
// and the review actions that move it: every write goes through the VillageRoom of its village.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow } from "../auth/guard";
import { coordinatedWrite } from "../coordination/client";
import { listAssessments, publicAssessment, readAssessment } from "../db/tenant/assessments";
import { readHousehold } from "../db/tenant/households";
import { readSettings } from "../db/tenant/settings";
import {
  type Area,
  ASSESSMENT_STATES,
  CATEGORIES,
  COMMENT_REQUIRED,
  computeScoreA,
  EVENT_PERMISSION,
  type StandardCode,
  scoreTableFor,
} from "../domain";
import type { AppEnv } from "../env";
import { decodeCursor, paginate } from "../http/cursor";
import { fail } from "../http/errors";
import {
  baseVersion,
  commonErrors,
  conflictError,
  IfMatchHeader,
  jsonBody,
  jsonResponse,
  lockedError,
  PageQuery,
  page,
  router,
} from "../http/openapi";
import { ActionSchema, type Answers, AssessmentPutSchema, AssessmentSchema, LIST_REASONS } from "../schemas/procedure";
import { campaignOf, householdTarget, listScope, procedureContext } from "./campaign-scope";
import { CampaignParams, IdempotencyHeader } from "./campaigns";

const HouseholdParams = CampaignParams.extend({
  householdId: z.uuid().openapi({ param: { name: "householdId", in: "path" } }),
});
const tags = ["Phiếu rà soát"];

/**
 * Score A from the Phiếu B answers, on the score table for the pack and the tenant's region (an
 * official table when one is loaded; only an example ships). A pack without a table takes a score A
 * computed elsewhere (`scoreA`).
 */
async function scoreAOf(
  c: Context<AppEnv>,
  answers: Answers,
  standard: StandardCode,
  area: Area,
): Promise<number | null> {
  if (answers.scoreA !== undefined) return answers.scoreA;
  if (!answers.scoreAnswers) return null;
  const region = area === "urban" ? "urban" : (await readSettings(c.get("tenant").d1)).scoreRegion;
  const table = scoreTableFor(standard, region);
  if (!table)
    throw fail.validation([
      {
        path: "scoreAnswers",
        message: `Chưa có bảng điểm Phiếu B cho chuẩn ${standard} (vùng ${region}); hãy gửi điểm A (scoreA) hoặc phân loại theo thu nhập.`,
      },
    ]);
  const scored = computeScoreA(table, region, answers.scoreAnswers);
  if (!scored.ok)
    throw fail.validation(
      scored.issues.map((i) => ({ path: i.path.replace(/^answers/, "scoreAnswers"), message: i.message })),
      "Câu trả lời Phiếu B không hợp lệ.",
    );
  return scored.value.scoreA;
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/assessments",
    ...allow("assessment.read"),
    tags,
    summary: "Danh sách hộ của đợt rà soát, với trạng thái và kết quả (the campaign's list)",
    description: "Gồm cả các hộ đã có trong danh sách nhưng chưa lưu phiếu (version 0, answers null).",
    request: {
      params: CampaignParams,
      query: PageQuery.extend({
        villageId: z.uuid().optional(),
        communeId: z.uuid().optional(),
        state: z.enum(ASSESSMENT_STATES).optional(),
        category: z.enum(CATEGORIES).optional(),
        listReason: z.enum(LIST_REASONS).optional(),
      }),
    },
    responses: { 200: jsonResponse(page(AssessmentSchema), "Các phiếu"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const query = c.req.valid("query");
    const scope = await listScope(c, "assessment.read", query);
    const rows = await listAssessments(c.get("tenant").d1, {
      campaignId: campaign.id,
      villageIds: scope.villageIds,
      communeId: scope.communeId,
      state: query.state,
      category: query.category,
      listReason: query.listReason,
      after: decodeCursor(query.cursor, 3),
      limit: query.limit + 1,
    });
    const result = paginate(rows, query.limit, (a) => [a.villageId, a.headName, a.id]);
    return c.json({ items: result.items.map((a) => publicAssessment(a, a)), nextCursor: result.nextCursor }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/assessments/{householdId}",
    ...allow("assessment.read"),
    tags,
    summary: "Phiếu của một hộ trong đợt (404 khi chưa lưu lần nào)",
    request: { params: HouseholdParams },
    responses: { 200: jsonResponse(AssessmentSchema, "Phiếu; ETag là phiên bản"), ...commonErrors },
  }),
  async (c) => {
    const { campaign: campaignId, householdId } = c.req.valid("param");
    const { campaign } = await householdTarget(c, campaignId, householdId, "assessment.read");
    const { d1 } = c.get("tenant");
    const a = await readAssessment(d1, campaign.id, householdId);
    if (!a || a.answers === null) throw fail.notFound("Hộ chưa có phiếu đã lưu trong đợt này.");
    const h = await readHousehold(d1, householdId);
    c.header("ETag", `"${a.version}"`);
    return c.json(publicAssessment(a, h), 200);
  },
);

app.openapi(
  createRoute({
    method: "put",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/assessments/{householdId}",
    ...allow("assessment.write"),
    tags,
    summary: "Lưu phiếu của hộ và tính kết quả (save the answers, versioned)",
    description:
      "Lần lưu đầu không cần phiên bản; các lần sau cần If-Match hoặc version. Được sửa khi phiếu ở trạng thái draft, returned, rechecking. Chỉ số đã suy ra từ thông tin của hộ chỉ được đổi qua overrides kèm lý do. Phiếu A không đạt (phieuA.passed = false) đưa hộ ra khỏi rà soát (excluded). Hộ chưa có trong danh sách được thêm với lý do added_by_reviewer.",
    request: {
      params: HouseholdParams,
      headers: IdempotencyHeader.extend(IfMatchHeader.shape),
      body: jsonBody(AssessmentPutSchema),
    },
    responses: {
      200: jsonResponse(AssessmentSchema, "Đã lưu, kèm kết quả"),
      ...commonErrors,
      ...conflictError,
      ...lockedError,
    },
  }),
  async (c) => {
    const { campaign: campaignId, householdId } = c.req.valid("param");
    const input = c.req.valid("json");
    const { campaign, scope } = await householdTarget(c, campaignId, householdId, EVENT_PERMISSION.save, {
      lock: true,
    });
    const ifMatch = c.req.valid("header")["if-match"];
    const version = ifMatch === undefined && input.version === undefined ? null : baseVersion(ifMatch, input.version);
    const { version: _v, ...answers } = input;
    const scoreA = await scoreAOf(c, answers, campaign.standard, scope.area);
    return coordinatedWrite(
      c,
      scope.villageId,
      {
        kind: "assessment.save",
        ctx: procedureContext(campaign, scope),
        householdId,
        baseVersion: version,
        answers,
        scoreA,
      },
      { householdId, ...input, version },
    );
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/assessments/{householdId}/actions",
    ...allow("assessment.submit", "assessment.review"),
    tags,
    summary: "Gửi, chấp nhận, trả lại, mở lại phiếu (review actions)",
    description:
      "submit: draft/returned → submitted (cần đủ thu nhập và mọi chỉ số); return: submitted → returned (cần comment); accept: submitted → accepted; reopen: accepted → returned (cần comment). Vai trò không được phép: 403; trạng thái không cho phép: 409.",
    request: { params: HouseholdParams, headers: IdempotencyHeader, body: jsonBody(ActionSchema) },
    responses: {
      200: jsonResponse(AssessmentSchema, "Trạng thái mới"),
      ...commonErrors,
      ...conflictError,
      ...lockedError,
    },
  }),
  async (c) => {
    const { campaign: campaignId, householdId } = c.req.valid("param");
    const input = c.req.valid("json");
    const { campaign, scope } = await householdTarget(c, campaignId, householdId, EVENT_PERMISSION[input.action], {
      lock: true,
    });
    const comment = input.comment || null;
    if (COMMENT_REQUIRED.has(input.action) && !comment)
      throw fail.validation([{ path: "comment", message: "Cần ghi rõ lý do trả lại phiếu (comment)." }]);
    return coordinatedWrite(
      c,
      scope.villageId,
      { kind: "assessment.action", ctx: procedureContext(campaign, scope), householdId, action: input.action, comment },
      { householdId, ...input },
    );
  },
);

export default app;
