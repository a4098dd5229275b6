// The official report forms as JSON tables (API.md: `campaigns/{campaign}/reports/{form}`).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { roleAllows } from "../auth/policy";
import { readCampaign } from "../db/tenant/campaigns";
import type { ListKey } from "../db/tenant/reports";
import { getUnit, type UnitRow, unitPath } from "../db/tenant/units";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { fail } from "../http/errors";
import { commonErrors, jsonResponse, router } from "../http/openapi";
import { buildListPage, buildSummary, type ReportInput } from "../reports/build";
import { type FormCode, isListForm } from "../reports/types";
import { DecidedOnly, FormParam, ReportSchema } from "../schemas/report";
import { openAnomaliesByVillage } from "./anomalies";
import { CampaignParams } from "./campaigns";

const tags = ["Báo cáo"];

/**
 * The unit a report is asked for: `unitId` when given (404 when it is not a unit of the tenant),
 * else the user's own unit, or null (the whole tenant) for district-wide users.
 */
export async function reportUnit(c: Context<AppEnv>, unitId: string | undefined): Promise<UnitRow | null> {
  const id = unitId ?? currentUser(c).unitId ?? null;
  if (!id) return null;
  const unit = await getUnit(c.get("tenant").db, id);
  if (!unit) throw fail.notFound("Không tìm thấy đơn vị.");
  return unit;
}

/**
 * Checks the user may read `form` at `unit` (else 403, or 404 outside their scope) and returns
 * the unit's path. Lists by name hold personal data: they also need the right to read households.
 */
export async function authorizeReport(c: Context<AppEnv>, unit: UnitRow | null, form: FormCode): Promise<string[]> {
  const path = unit ? await unitPath(c.get("tenant").db, unit.id) : [];
  authorize(c, "report.read", path);
  if (isListForm(form)) authorize(c, "household.read", path);
  return path;
}

/** The campaign and unit of a report, after checking the user may read it there. */
export async function reportTarget(c: Context<AppEnv>, campaignId: string, unitId: string | undefined, form: FormCode) {
  const tenant = c.get("tenant");
  const unit = await reportUnit(c, unitId);
  const path = await authorizeReport(c, unit, form);
  const campaign = await readCampaign(tenant.d1, campaignId);
  if (!campaign) throw fail.notFound("Không tìm thấy đợt rà soát.");
  const input: Omit<ReportInput, "decidedOnly"> = {
    d1: tenant.d1,
    db: tenant.db,
    tenantName: tenant.name,
    campaign,
    unit,
  };
  return { input, unit, path };
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/reports/{form}",
    ...allow("report.read"),
    tags,
    summary: "Biểu báo cáo chính thức dưới dạng bảng (official report forms as data)",
    description:
      "Mỗi dòng là một đơn vị trực thuộc đơn vị được hỏi (xã của huyện, thôn của xã), kèm khu vực; `subtotals` là khối thành thị, nông thôn; `total` là tổng. Tỷ lệ là phần trăm, làm tròn nửa lên đến hai chữ số thập phân. Danh sách theo tên (poor-list, near-poor-list) phân trang bằng `limit` và `cursor`.",
    request: {
      params: CampaignParams.extend({ form: FormParam }),
      query: z.object({
        unitId: z
          .uuid()
          .optional()
          .openapi({ param: { name: "unitId", in: "query" } }),
        decidedOnly: DecidedOnly,
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(500)
          .default(100)
          .openapi({ param: { name: "limit", in: "query" }, description: "Danh sách theo tên: số hộ mỗi trang" }),
        cursor: z
          .string()
          .max(1000)
          .optional()
          .openapi({ param: { name: "cursor", in: "query" } }),
      }),
    },
    responses: { 200: jsonResponse(ReportSchema, "Biểu báo cáo"), ...commonErrors },
  }),
  async (c) => {
    const { campaign, form } = c.req.valid("param");
    const query = c.req.valid("query");
    const { input } = await reportTarget(c, campaign, query.unitId, form);
    const decidedOnly = query.decidedOnly === "true";
    if (isListForm(form)) {
      const page = await buildListPage(
        { ...input, decidedOnly },
        form,
        decodeCursor(query.cursor, 3) as ListKey | undefined,
        query.limit,
      );
      const { next, ...report } = page;
      return c.json({ ...report, nextCursor: next ? encodeCursor(next) : null }, 200);
    }
    const user = currentUser(c);
    const withAnomalies = form === "progress" && roleAllows(user.role, "anomaly.read");
    const report = await buildSummary(
      {
        ...input,
        decidedOnly,
        ...(withAnomalies ? { openAnomalies: () => openAnomaliesByVillage(c, input.campaign) } : {}),
      },
      form,
    );
    return c.json(report, 200);
  },
);

export default app;
