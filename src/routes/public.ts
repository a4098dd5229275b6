// Public pages' data (no sign-in): a village's list during its posting window, for the printable
// page citizens read. Only head of household, address and category, with the window's dates.
import { createRoute, z } from "@hono/zod-openapi";
import { allow } from "../auth/guard";
import { getTenant, registryDb } from "../db/registry";
import { openPosting, postedHouseholds, villageNames } from "../db/tenant/public-list";
import { CATEGORIES } from "../domain";
import { fail } from "../http/errors";
import { jsonResponse, router, Uuid } from "../http/openapi";
import { tenantDatabase } from "../tenancy/middleware";

/** Today in Vietnam (UTC+7, no daylight saving). */
const vietnamToday = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);

export const PostedListSchema = z
  .object({
    tenantName: z.string(),
    communeName: z.string(),
    villageName: z.string(),
    startsOn: z.iso.date(),
    endsOn: z.iso.date(),
    households: z.array(z.object({ headName: z.string(), address: z.string(), category: z.enum(CATEGORIES) })),
  })
  .openapi("PostedList");

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/public/{tenant}/villages/{villageId}/posted-list",
    ...allow("public"),
    tags: ["Công khai"],
    summary: "Danh sách niêm yết của thôn trong thời gian niêm yết (public, no sign-in)",
    description:
      "Chỉ họ tên chủ hộ, địa chỉ và phân loại; không có số định danh hay thông tin thành viên. 404 ngoài thời gian niêm yết.",
    security: [],
    request: {
      params: z.object({
        tenant: z
          .string()
          .min(1)
          .max(64)
          .openapi({ param: { name: "tenant", in: "path" }, example: "luc-ngan" }),
        villageId: Uuid.openapi({ param: { name: "villageId", in: "path" } }),
      }),
    },
    responses: {
      200: jsonResponse(PostedListSchema, "Danh sách đang niêm yết"),
      404: { description: "Không có danh sách đang niêm yết" },
    },
  }),
  async (c) => {
    const { tenant: code, villageId } = c.req.valid("param");
    const notPosted = () => fail.notFound("Thôn này hiện không có danh sách đang niêm yết.");
    const tenant = await getTenant(registryDb(c.env.REGISTRY), code);
    const d1 = tenant?.status === "active" ? tenantDatabase(c.env, tenant.binding) : undefined;
    if (!tenant || !d1) throw notPosted();
    const units = await villageNames(d1, villageId);
    const posting = units ? await openPosting(d1, villageId, vietnamToday()) : null;
    if (!units || !posting) throw notPosted();
    c.header("Cache-Control", "public, max-age=300");
    return c.json(
      {
        tenantName: tenant.name,
        ...units,
        startsOn: posting.startsOn,
        endsOn: posting.endsOn,
        households: await postedHouseholds(d1, posting),
      },
      200,
    );
  },
);

export default app;
