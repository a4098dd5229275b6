// Tenant settings of the procedure (posting days, the calendar's local changes, the score region)
// and the working calendar they give.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize, currentUser } from "../auth/guard";
import { readSettings, writeSettings } from "../db/tenant/settings";
import { unitPath } from "../db/tenant/units";
import { calendarSource, officialDaysOff, postingWindow, swappedWorkingDays } from "../domain";
import { commonErrors, IsoDate, jsonBody, jsonResponse, router, TenantParams } from "../http/openapi";
import { SettingsPatchSchema, SettingsSchema } from "../schemas/procedure";

const tags = ["Cài đặt, lịch làm việc"];
const app = router();

const readScope = async (c: Parameters<typeof currentUser>[0]) => {
  const user = currentUser(c);
  authorize(c, "campaign.read", user.unitId ? await unitPath(c.get("tenant").db, user.unitId) : []);
};

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/settings",
    ...allow("campaign.read"),
    tags,
    summary: "Cài đặt rà soát của huyện",
    request: { params: TenantParams },
    responses: { 200: jsonResponse(SettingsSchema, "Cài đặt (giá trị mặc định khi chưa đặt)"), ...commonErrors },
  }),
  async (c) => {
    await readScope(c);
    return c.json(await readSettings(c.get("tenant").d1), 200);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/api/v1/tenants/{tenant}/settings",
    ...allow("campaign.manage"),
    tags,
    summary: "Đổi cài đặt rà soát của huyện (quản trị huyện)",
    request: { params: TenantParams, body: jsonBody(SettingsPatchSchema) },
    responses: { 200: jsonResponse(SettingsSchema, "Cài đặt sau khi đổi"), ...commonErrors },
  }),
  async (c) => {
    authorize(c, "campaign.manage", []);
    const { d1 } = c.get("tenant");
    await writeSettings(d1, c.req.valid("json"), new Date().toISOString());
    return c.json(await readSettings(d1), 200);
  },
);

const DayOff = z.object({
  date: IsoDate,
  name: z.string(),
  verify: z.boolean().openapi({ description: "Ngày theo quy tắc chung, chưa đối chiếu thông báo chính thức" }),
  source: z.string().openapi({ description: "Văn bản thông báo, hoặc quy tắc tính" }),
});

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/calendar",
    ...allow("campaign.read"),
    tags,
    summary: "Ngày nghỉ lễ, Tết của một năm và thay đổi của huyện",
    request: { params: TenantParams, query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }) },
    responses: {
      200: jsonResponse(
        z.object({
          year: z.number().int(),
          daysOff: z.array(DayOff),
          swappedWorkingDays: z.array(IsoDate).openapi({ description: "Thứ Bảy làm bù" }),
          source: z.object({ source: z.string(), fromNotice: z.boolean() }).openapi({
            description: "Nguồn lịch của năm: thông báo đã nhập, hoặc tính theo Bộ luật Lao động (cần đối chiếu)",
          }),
          tenant: SettingsSchema.shape.calendar,
        }),
        "Lịch",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    await readScope(c);
    const { year } = c.req.valid("query");
    const { calendar } = await readSettings(c.get("tenant").d1);
    const inYear = (d: string) => d.startsWith(`${year}-`);
    return c.json(
      {
        year,
        daysOff: officialDaysOff(year),
        swappedWorkingDays: swappedWorkingDays(year),
        source: calendarSource(year),
        tenant: { daysOff: calendar.daysOff.filter(inYear), workingDays: calendar.workingDays.filter(inYear) },
      },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/calendar/posting-window",
    ...allow("campaign.read"),
    tags,
    summary: "Tính thời gian niêm yết: N ngày làm việc từ một ngày",
    request: {
      params: TenantParams,
      query: z.object({ startsOn: IsoDate, workingDays: z.coerce.number().int().min(1).max(60).optional() }),
    },
    responses: {
      200: jsonResponse(
        z.object({
          startsOn: IsoDate,
          endsOn: IsoDate,
          workingDays: z.number().int(),
          skipped: z.array(z.object({ date: IsoDate, reason: z.string() })),
        }),
        "Thời gian niêm yết",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    await readScope(c);
    const q = c.req.valid("query");
    const settings = await readSettings(c.get("tenant").d1);
    return c.json(postingWindow(q.startsOn, q.workingDays ?? settings.workingDays, settings.calendar), 200);
  },
);

export default app;
