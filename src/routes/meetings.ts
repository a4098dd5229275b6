// Village meetings (họp dân): the vote on each accepted household, recorded whole through the
// village's room, and the minutes (biên bản) to print.
import { createRoute, z } from "@hono/zod-openapi";
import { html, raw } from "hono/html";
import { allow } from "../auth/guard";
import { coordinatedWrite } from "../coordination/client";
import { listMeetings, readMeeting } from "../db/tenant/procedure";
import { getUnit } from "../db/tenant/units";
import { EVENT_PERMISSION, formatDateVi, labels } from "../domain";
import { fail } from "../http/errors";
import { commonErrors, conflictError, jsonBody, jsonResponse, lockedError, router } from "../http/openapi";
import { MeetingCreateSchema, MeetingSchema } from "../schemas/procedure";
import { assertNotDecided, campaignOf, listScope, procedureContext, villageScope } from "./campaign-scope";
import { CampaignParams, IdempotencyHeader } from "./campaigns";

const tags = ["Họp dân, niêm yết"];
const MeetingParams = CampaignParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/meetings",
    ...allow("meeting.record"),
    tags,
    summary: "Ghi biên bản họp dân và kết quả biểu quyết từng hộ",
    description:
      "Hộ được thống nhất khi số người đồng ý ≥ 50% số người dự họp (agree × 2 ≥ attendees) và chuyển sang agreed; nếu không, phiếu trở lại returned để rà soát và họp lại. Biên bản được ghi trọn hoặc không ghi gì: hộ ở thôn khác hoặc lặp lại, số đồng ý lớn hơn số dự họp → 400; hộ chưa được xã chấp nhận → 409.",
    request: { params: CampaignParams, headers: IdempotencyHeader, body: jsonBody(MeetingCreateSchema) },
    responses: {
      201: jsonResponse(MeetingSchema, "Đã ghi biên bản"),
      ...commonErrors,
      ...conflictError,
      ...lockedError,
    },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await villageScope(c, input.villageId, EVENT_PERMISSION.meeting);
    await assertNotDecided(c, campaign.id, scope.communeId);
    const meeting = {
      id: input.id ?? crypto.randomUUID(),
      heldOn: input.heldOn,
      chair: input.chair,
      secretary: input.secretary,
      attendees: input.attendees,
      notes: input.notes ?? null,
      results: input.results,
    };
    return coordinatedWrite(
      c,
      scope.villageId,
      { kind: "meeting.record", ctx: procedureContext(campaign, scope), meeting },
      input,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/meetings",
    ...allow("assessment.read"),
    tags,
    summary: "Các cuộc họp dân của đợt",
    request: {
      params: CampaignParams,
      query: z.object({ villageId: z.uuid().optional(), communeId: z.uuid().optional() }),
    },
    responses: { 200: jsonResponse(z.object({ items: z.array(MeetingSchema) }), "Mới nhất trước"), ...commonErrors },
  }),
  async (c) => {
    const campaign = await campaignOf(c, c.req.valid("param").campaign);
    const scope = await listScope(c, "assessment.read", c.req.valid("query"));
    return c.json(
      { items: await listMeetings(c.get("tenant").d1, campaign.id, scope.villageIds, scope.communeId) },
      200,
    );
  },
);

async function meetingInScope(c: Parameters<typeof campaignOf>[0], campaignId: string, id: string) {
  const campaign = await campaignOf(c, campaignId);
  const meeting = await readMeeting(c.get("tenant").d1, id);
  if (!meeting || meeting.campaignId !== campaign.id) throw fail.notFound("Không tìm thấy cuộc họp.");
  await listScope(c, "assessment.read", { villageId: meeting.villageId });
  return { campaign, meeting };
}

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/meetings/{id}",
    ...allow("assessment.read"),
    tags,
    summary: "Một cuộc họp dân với kết quả từng hộ",
    request: { params: MeetingParams },
    responses: { 200: jsonResponse(MeetingSchema, "Cuộc họp"), ...commonErrors },
  }),
  async (c) => {
    const { campaign, id } = c.req.valid("param");
    return c.json((await meetingInScope(c, campaign, id)).meeting, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/meetings/{id}/minutes",
    ...allow("assessment.read"),
    tags,
    summary: "Biên bản họp dân để in (HTML)",
    request: { params: MeetingParams },
    responses: {
      200: {
        description: "Trang HTML in được (hai bản: thôn và xã)",
        content: { "text/html": { schema: z.string() } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const params = c.req.valid("param");
    const { campaign, meeting } = await meetingInScope(c, params.campaign, params.id);
    const { db } = c.get("tenant");
    const village = await getUnit(db, meeting.villageId);
    const commune = village?.parentId ? await getUnit(db, village.parentId) : undefined;
    const agreed = meeting.results.filter((r) => r.agreed).length;
    const page = html`<!doctype html>
<html lang="vi">
  <head>
    <meta charset="utf-8" />
    <title>Biên bản họp dân — ${village?.name ?? ""}</title>
    <style>
      body { font-family: "Times New Roman", serif; max-width: 48rem; margin: 2rem auto; line-height: 1.5; }
      h1 { text-align: center; font-size: 1.3rem; } .c { text-align: center; }
      table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #000; padding: 0.25rem 0.5rem; }
      .sign { display: flex; justify-content: space-around; margin-top: 3rem; text-align: center; }
      @media print { body { margin: 0; } }
    </style>
  </head>
  <body>
    <p class="c"><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong><br />Độc lập - Tự do - Hạnh phúc</p>
    <h1>BIÊN BẢN HỌP DÂN<br />thống nhất kết quả rà soát hộ nghèo, hộ cận nghèo</h1>
    <p class="c">${campaign.name}</p>
    <p>Hôm nay, ngày ${formatDateVi(meeting.heldOn)}, tại ${village?.name ?? ""}${commune ? `, ${commune.name}` : ""}.</p>
    <p>Chủ trì: ${meeting.chair}. Thư ký: ${meeting.secretary}. Số người dự họp: ${meeting.attendees}.</p>
    <p>Kết quả biểu quyết (hộ được thống nhất khi số người đồng ý từ 50% số người dự họp trở lên): ${agreed}/${meeting.results.length} hộ được thống nhất.</p>
    <table>
      <thead><tr><th>STT</th><th>Chủ hộ</th><th>Kết quả rà soát</th><th>Số đồng ý</th><th>Tỷ lệ</th><th>Kết luận</th></tr></thead>
      <tbody>
        ${meeting.results.map(
          (r, i) =>
            html`<tr><td>${i + 1}</td><td>${r.headName ?? r.householdId}</td><td>${r.category ? labels.category[r.category] : ""}</td><td>${r.agree}/${meeting.attendees}</td><td>${raw(((r.agree * 100) / meeting.attendees).toFixed(1).replace(".", ","))}%</td><td>${r.agreed ? "Thống nhất" : "Không thống nhất, rà soát lại"}</td></tr>`,
        )}
      </tbody>
    </table>
    ${meeting.notes ? html`<p>Ý kiến khác: ${meeting.notes}</p>` : ""}
    <p>Biên bản lập thành hai bản: một bản lưu tại thôn, một bản gửi Ủy ban nhân dân xã.</p>
    <div class="sign"><div>THƯ KÝ<br /><br /><br />${meeting.secretary}</div><div>CHỦ TRÌ<br /><br /><br />${meeting.chair}</div></div>
  </body>
</html>`;
    return c.html(page, 200);
  },
);

export default app;
