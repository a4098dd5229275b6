// The official report forms as JSON tables (API.md: `campaigns/{campaign}/reports/{form}`).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { authorize, currentUser } from "../auth/guard";
import { roleAllows } from "../auth/policy";
import { reportCampaign, type ListKey } from "../db/tenant/reports";
import { getUnit, unitPath, type UnitRow } from "../db/tenant/units";
import type { AppEnv } from "../env";
import { decodeCursor, encodeCursor } from "../http/cursor";
import { fail } from "../http/errors";
import { commonErrors, jsonResponse, router, TenantParams } from "../http/openapi";
import { buildListPage, buildSummary, type ReportInput } from "../reports/build";
import { isListForm, type FormCode } from "../reports/types";
import { DecidedOnly, FormParam, ReportSchema } from "../schemas/report";
import { openAnomaliesByVillage } from "./anomalies";

const tags = ["Báo cáo"];

export const CampaignParams = TenantParams.extend({ campaign: z.uuid().openapi({ param: { name: "campaign", in: "path" } }) });

/**
 * The campaign and unit a report is asked for, after checking the user may read it there. No
 * unit: the user's own unit, or the whole tenant for district-wide users. Lists by name hold
 * personal data: they also need the right to read households.
 */
export async function reportTarget(c: Context<AppEnv>, campaignId: string, unitId: string | undefined, form: FormCode): Promise<{ input: Omit<ReportInput, "decidedOnly">; unit: UnitRow | null }> {
  const tenant = c.get("tenant");
  const user = currentUser(c);
  const campaign = await reportCampaign(tenant.d1, campaignId);
  const id = unitId ?? user.unitId ?? null;
  const unit = id ? ((await getUnit(tenant.db, id)) ?? null) : null;
  if (id && !unit) throw fail.notFound("Không tìm thấy đơn vị.");
  const path = unit ? await unitPath(tenant.db, unit.id) : [];
  authorize(c, "report.read", path);
  if (isListForm(form)) authorize(c, "household.read", path);
  if (!campaign) throw fail.notFound("Không tìm thấy đợt rà soát.");
  return { input: { d1: tenant.d1, db: tenant.db, tenantName: tenant.name, campaign, unit }, unit };
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/campaigns/{campaign}/reports/{form}",
    tags,
    summary: "Biểu báo cáo chính thức dưới dạng bảng (official report forms as data)",
    description:
      "Mỗi dòng là một đơn vị trực thuộc đơn vị được hỏi (xã của huyện, thôn của xã), kèm khu vực; `subtotals` là khối thành thị, nông thôn; `total` là tổng. Tỷ lệ là phần trăm, làm tròn nửa lên đến hai chữ số thập phân. Danh sách theo tên (poor-list, near-poor-list) phân trang bằng `limit` và `cursor`.",
    request: {
      params: CampaignParams.extend({ form: FormParam }),
      query: z.object({
        unitId: z.uuid().optional().openapi({ param: { name: "unitId", in: "query" } }),
        decidedOnly: DecidedOnly,
        limit: z.coerce.number().int().min(1).max(500).default(100).openapi({ param: { name: "limit", in: "query" }, description: "Danh sách theo tên: số hộ mỗi trang" }),
        cursor: z.string().max(1000).optional().openapi({ param: { name: "cursor", in: "query" } }),
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
      const page = await buildListPage({ ...input, decidedOnly }, form, decodeCursor(query.cursor, 3) as ListKey | undefined, query.limit);
      const { next, ...report } = page;
      return c.json({ ...report, nextCursor: next ? encodeCursor(next) : null }, 200);
    }
    const user = currentUser(c);
    const withAnomalies = form === "progress" && roleAllows(user.role, "anomaly.read");
    const report = await buildSummary({ ...input, decidedOnly, ...(withAnomalies ? { openAnomalies: () => openAnomaliesByVillage(c, input.campaign) } : {}) }, form);
    return c.json(report, 200);
  },
);

export default app;
