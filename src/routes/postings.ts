// Public postings (niêm yết công khai) of a village's agreed list, with the complaint window
// counted in working days on the official calendar and the tenant's own changes to it.
import { createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/guard";
import { coordinatedWrite } from "../coordination/client";
import { readAssessmentsOf } from "../db/tenant/assessments";
import { householdHeads } from "../db/tenant/households";
import { listPostings, readPosting } from "../db/tenant/procedure";
import { readSettings } from "../db/tenant/settings";
import { CATEGORIES, EVENT_PERMISSION, labels, postingWindow } from "../domain";
import { fail } from "../http/errors";
import { commonErrors, conflictError, jsonBody, jsonResponse, lockedError, router } from "../http/openapi";
import { PostingCreateSchema, PostingSchema } from "../schemas/procedure";
import { assertNotDecided, campaignOf, listScope, procedureContext, villageScope } from "./campaign-scope";
import { CampaignParams, IdempotencyHeader } from "./campaigns";

const tags = ["Họp dân, niêm yết"];

const PostedList = PostingSchema.extend({
  households: z.array(
    z.object({
      householdId: z.uuid(),
      headName: z.string(),
      address: z.string(),
      category: z.enum(CATEGORIES).nullable(),
      categoryLabel: z.string().nullable(),
      state: z.string(),
    }),
  ),
}).openapi("PostedList");

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/postings",
    ...allow("posting.record"),
    tags,
    summary: "Niêm yết công khai danh sách đã thống nhất của thôn",
    description:
      "Các hộ agreed của thôn chuyển sang posted (không có hộ nào → 409). Thời gian niêm yết tính workingDays ngày làm việc (mặc định theo cài đặt của huyện, 3) từ startsOn, bỏ thứ Bảy, Chủ nhật và ngày nghỉ lễ, Tết; endsOn là ngày làm việc cuối cùng. startsOn có thể là ngày đã qua.",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(PostingCreateSchema) },
    responses: { 201: jsonResponse(PostingSchema, "Đã niêm yết"), ...commonErrors, ...conflictError, ...lockedError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await villageScope(c, input.villageId, EVENT_PERMISSION.post);
    await assertNotDecided(c, campaign.id, scope.communeId);
    const settings = await readSettings(c.get("tenant").d1);
    const window = postingWindow(input.startsOn, input.workingDays ?? settings.workingDays, settings.calendar);
    const posting = {
      id: input.id ?? crypto.randomUUID(),
      startsOn: window.startsOn,
      endsOn: window.endsOn,
      workingDays: window.workingDays,
    };
    return coordinatedWrite(
      c,
      scope.villageId,
      { kind: "posting.record", ctx: procedureContext(campaign, scope), posting },
      input,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/postings",
    ...allow("assessment.read"),
    tags,
    summary: "Các đợt niêm yết của đợt rà soát",
    request: {
      params: CampaignParams,
      query: z.object({ villageId: z.uuid().optional(), communeId: z.uuid().optional() }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(PostingSchema) }), "Mới nhất trước"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await listScope(c, "assessment.read", c.req.valid("query"));
    return c.json(
      { items: await listPostings(c.get("tenant").d1, campaign.id, scope.villageIds, scope.communeId) },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/postings/{id}",
    ...allow("assessment.read"),
    tags,
    summary: "Danh sách niêm yết: các hộ và kết quả",
    request: { params: CampaignParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) }) },
    responses: { 200: jsonResponse(PostedList, "Danh sách niêm yết"), ...commonErrors },
  }),
  async (c) => {
    const { campaign: campaignId, id } = c.req.valid("param");
    const campaign = await campaignOf(c, campaignId);
    const { d1 } = c.get("tenant");
    const posting = await readPosting(d1, id);
    if (!posting || posting.campaignId !== campaign.id) throw fail.notFound("Không tìm thấy đợt niêm yết.");
    await listScope(c, "assessment.read", { villageId: posting.villageId });
    const assessments = new Map(
      (await readAssessmentsOf(d1, campaign.id, posting.householdIds)).map((a) => [a.householdId, a]),
    );
    const heads = await householdHeads(d1, posting.householdIds);
    const households = posting.householdIds.map((householdId) => {
      const h = heads.get(householdId);
      const a = assessments.get(householdId);
      return {
        householdId,
        headName: h?.headName ?? "",
        address: h?.address ?? "",
        category: a?.category ?? null,
        categoryLabel: a?.category ? labels.category[a.category] : null,
        state: a?.state ?? "",
      };
    });
    return c.json({ ...posting, households }, 200);
  },
);

export default app;
