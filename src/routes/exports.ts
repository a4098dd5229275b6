// Exports (API.md): ask for a report as an XLSX or CSV file (202, the job runs outside the
// request), follow its progress, and download it, streamed from R2, while it has not expired.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { roleAllows } from "../auth/policy";
import { exportJob } from "../coordination/export-job";
import { type ExportRow, getExport, insertExport, listExportsOf } from "../db/tenant/exports";
import { getUnit } from "../db/tenant/units";
import type { AppEnv } from "../env";
import { decodeCursor, paginate } from "../http/cursor";
import { ApiError, fail } from "../http/errors";
import { idempotent } from "../http/idempotency";
import {
  commonErrors,
  conflictError,
  jsonBody,
  jsonResponse,
  PageQuery,
  page,
  router,
  TenantParams,
} from "../http/openapi";
import { EXPORT_FORMATS, EXPORT_TTL_DAYS } from "../reports/export";
import { FORMS, type FormCode } from "../reports/types";
import { IdempotencyHeader } from "./campaigns";
import { authorizeReport, reportTarget } from "./reports";

const tags = ["Báo cáo"];

const ExportCreateSchema = z
  .strictObject({
    campaignId: z.uuid(),
    form: z.enum(FORMS),
    format: z.enum(EXPORT_FORMATS),
    unitId: z.uuid().optional(),
    decidedOnly: z.boolean().optional(),
  })
  .openapi("ExportCreate");

const ExportSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.number().min(0).max(1),
    downloadUrl: z.string().optional(),
    campaignId: z.string().nullable(),
    form: z.string(),
    format: z.enum(EXPORT_FORMATS),
    unitId: z.string().nullable(),
    decidedOnly: z.boolean(),
    bytes: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    expiresAt: z.string(),
  })
  .openapi("Export");

const ExportParams = TenantParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

function publicExport(c: Context<AppEnv>, e: ExportRow) {
  return {
    id: e.id,
    status: e.status,
    progress: e.progress / 100,
    ...(e.status === "done" ? { downloadUrl: `/api/v1/tenants/${c.get("tenant").code}/exports/${e.id}/download` } : {}),
    campaignId: e.campaign_id,
    form: e.form,
    format: e.format,
    unitId: e.unit_id,
    decidedOnly: e.decided_only === 1,
    bytes: e.bytes,
    error: e.error,
    createdAt: e.created_at,
    finishedAt: e.finished_at,
    expiresAt: e.expires_at,
  };
}

/**
 * An export the user may see: the same rights as reading that report at that unit, and the right
 * to read the falsification signals when the file carries them (a district's progress export).
 */
async function visibleExport(c: Context<AppEnv>, id: string): Promise<ExportRow> {
  const e = await getExport(c.get("tenant").d1, id);
  if (!e || e.expires_at <= new Date().toISOString())
    throw fail.notFound("Không tìm thấy tệp xuất (có thể đã hết hạn).");
  const unit = e.unit_id ? ((await getUnit(c.get("tenant").db, e.unit_id)) ?? null) : null;
  const path = await authorizeReport(c, unit, e.form as FormCode);
  if (e.with_anomalies === 1 || (e.with_anomalies === null && e.form === "progress"))
    authorize(c, "anomaly.read", path);
  return e;
}

/** The file as stored, streamed from R2 with the name and type it was written with. */
export async function downloadResponse(bucket: R2Bucket, key: string): Promise<never> {
  const object = await bucket.get(key);
  if (!object) throw fail.notFound("Tệp đã bị xoá.");
  const headers = new Headers();
  object.writeHttpMetadata(headers);
  headers.set("Content-Length", String(object.size));
  headers.set("Cache-Control", "private, no-store");
  return new Response(object.body, { status: 200, headers }) as never;
}

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/exports",
    ...allow("export.create"),
    tags,
    summary: "Xuất biểu báo cáo ra tệp xlsx hoặc csv (export a report)",
    description:
      "Tệp được tạo ngoài yêu cầu; theo dõi bằng `GET …/exports/{id}`, tải về bằng `downloadUrl` khi xong. Tệp được giữ 7 ngày.",
    request: { params: TenantParams, headers: IdempotencyHeader, body: jsonBody(ExportCreateSchema) },
    responses: { 202: jsonResponse(ExportSchema, "Đã nhận yêu cầu"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const user = currentUser(c);
    const { unit, path } = await reportTarget(c, input.campaignId, input.unitId, input.form);
    authorize(c, "export.create", path);
    const tenant = c.get("tenant");
    return idempotent(c, input, async () => {
      const now = new Date();
      const id = crypto.randomUUID();
      const withAnomalies = input.form === "progress" && roleAllows(user.role, "anomaly.read");
      await insertExport(tenant.d1, {
        id,
        campaignId: input.campaignId,
        form: input.form,
        format: input.format,
        unitId: unit?.id ?? null,
        decidedOnly: input.decidedOnly ?? false,
        withAnomalies,
        createdBy: user.id,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + EXPORT_TTL_DAYS * 86400_000).toISOString(),
      });
      await exportJob(c.env, id).start({
        kind: "tenant",
        exportId: id,
        tenant: { code: tenant.code, name: tenant.name, province: tenant.province, binding: tenant.binding },
        campaignId: input.campaignId,
        form: input.form,
        format: input.format,
        unitId: unit?.id ?? null,
        decidedOnly: input.decidedOnly ?? false,
        withAnomalies,
      });
      return { status: 202 as const, body: publicExport(c, (await getExport(tenant.d1, id))!) };
    });
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/exports",
    ...allow("signed-in"),
    tags,
    summary: "Các tệp xuất của tôi, mới nhất trước (my exports)",
    request: { params: TenantParams, query: PageQuery },
    responses: { 200: jsonResponse(page(ExportSchema), "Các tệp xuất"), ...commonErrors },
  }),
  async (c) => {
    const { limit, cursor } = c.req.valid("query");
    const user = currentUser(c);
    const rows = await listExportsOf(c.get("tenant").d1, user.id, limit + 1, decodeCursor(cursor, 2));
    const now = new Date().toISOString();
    const result = paginate(rows, limit, (r) => [r.created_at, r.id]);
    return c.json(
      {
        items: result.items.filter((r) => r.expires_at > now).map((r) => publicExport(c, r)),
        nextCursor: result.nextCursor,
      },
      200,
    );
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/exports/{id}",
    ...allow("report.read"),
    tags,
    summary: "Trạng thái và tiến độ của một tệp xuất (export status)",
    request: { params: ExportParams },
    responses: { 200: jsonResponse(ExportSchema, "Trạng thái"), ...commonErrors },
  }),
  async (c) => {
    const e = await visibleExport(c, c.req.valid("param").id);
    return c.json(publicExport(c, e), 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/exports/{id}/download",
    ...allow("report.read"),
    tags,
    summary: "Tải tệp xuất (download, streamed)",
    request: { params: ExportParams },
    responses: {
      200: {
        description: "Tệp xlsx hoặc csv",
        content: {
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
            schema: z.string().openapi({ format: "binary" }),
          },
          "text/csv": { schema: z.string() },
        },
      },
      409: jsonResponse(
        z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
        "Tệp chưa tạo xong (conflict)",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const e = await visibleExport(c, c.req.valid("param").id);
    if (e.status !== "done" || !e.object_key)
      throw new ApiError(
        "conflict",
        e.status === "failed" ? "Tạo tệp không thành công; hãy xuất lại." : "Tệp đang được tạo; hãy thử lại sau.",
      );
    return downloadResponse(c.env.EXPORTS, e.object_key);
  },
);

export default app;
