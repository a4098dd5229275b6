// The province level (API.md): the roll-up of every tenant's results from their summary counters,
// its dated snapshots, and the province export of the results form (one row per tenant).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, requireRole } from "../auth/guard";
import { exportJob } from "../coordination/export-job";
import {
  getProvinceExport,
  insertProvinceExport,
  type ProvinceExportRow,
  readSnapshot,
  snapshotDates,
} from "../db/registry/province";
import type { AppEnv } from "../env";
import { ApiError, fail } from "../http/errors";
import { commonErrors, IsoDate, jsonBody, jsonResponse, router } from "../http/openapi";
import { EXPORT_FORMATS, EXPORT_TTL_DAYS } from "../reports/export";
import { provinceSummary, refreshSnapshot } from "../reports/province";
import { DecidedOnly } from "../schemas/report";
import { downloadResponse } from "./exports";

const tags = ["Tỉnh"];

const Counts = {
  households: z.number().int(),
  persons: z.number().int(),
  poor: z.number().int(),
  nearPoor: z.number().int(),
  averageLiving: z.number().int(),
  poorRate: z.number(),
  nearPoorRate: z.number(),
  averageLivingRate: z.number(),
};

const SummarySchema = z
  .object({
    province: z.string(),
    year: z.number().int(),
    standard: z.string().nullable(),
    decidedOnly: z.boolean(),
    takenAt: z.string(),
    totals: z.object(Counts),
    tenants: z.array(
      z.object({ code: z.string(), name: z.string(), campaignId: z.string().nullable(), ...Counts, asOf: z.string() }),
    ),
  })
  .openapi("ProvinceSummary");

const Year = z.coerce.number().int().min(2016).max(2100);

const ProvinceExportSchema = z
  .object({
    id: z.uuid(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.number().min(0).max(1),
    downloadUrl: z.string().optional(),
    year: z.number().int(),
    form: z.string(),
    format: z.enum(EXPORT_FORMATS),
    bytes: z.number().int().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .openapi("ProvinceExport");

const publicExport = (e: ProvinceExportRow) => ({
  id: e.id,
  status: e.status,
  progress: e.progress / 100,
  ...(e.status === "done" ? { downloadUrl: `/api/v1/province/exports/${e.id}/download` } : {}),
  year: e.year,
  form: e.form,
  format: e.format,
  bytes: e.bytes,
  error: e.error,
  createdAt: e.created_at,
  expiresAt: e.expires_at,
});

async function visibleExport(c: Context<AppEnv>, id: string): Promise<ProvinceExportRow> {
  const user = requireRole(c, "province.read");
  const e = await getProvinceExport(c.env.REGISTRY, id);
  if (!e || e.province !== user.province || e.expires_at <= new Date().toISOString())
    throw fail.notFound("Không tìm thấy tệp xuất (có thể đã hết hạn).");
  return e;
}

const ExportParams = z.object({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/province/summary",
    ...allow("province.read"),
    tags,
    summary: "Tổng hợp kết quả rà soát của các huyện trong tỉnh (province roll-up)",
    description:
      "Đọc bộ đếm tổng hợp của từng huyện song song; số liệu bằng tổng các biểu kết quả của từng huyện. Mỗi lần đọc được lưu làm ảnh chụp của ngày; `on=YYYY-MM-DD` trả lại ảnh chụp đã lưu của ngày đó.",
    request: {
      query: z.object({
        year: Year.openapi({ param: { name: "year", in: "query" }, example: 2025 }),
        decidedOnly: DecidedOnly,
        on: IsoDate.optional().openapi({ param: { name: "on", in: "query" }, description: "Ngày của ảnh chụp đã lưu" }),
      }),
    },
    responses: { 200: jsonResponse(SummarySchema, "Tổng hợp"), ...commonErrors },
  }),
  async (c) => {
    const user = requireRole(c, "province.read");
    const { year, decidedOnly, on } = c.req.valid("query");
    if (on) {
      const snap = await readSnapshot(c.env.REGISTRY, user.province, year, on);
      if (!snap) throw fail.notFound("Không có ảnh chụp số liệu của ngày này.");
      return c.json(snap.data as z.infer<typeof SummarySchema>, 200);
    }
    // The day's snapshot keeps the default (every result) numbers; decided-only ones are read live.
    const summary =
      decidedOnly === "true"
        ? await provinceSummary(c.env, user.province, year, true)
        : await refreshSnapshot(c.env, user.province, year);
    return c.json(summary, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/province/snapshots",
    ...allow("province.read"),
    tags,
    summary: "Các ngày có ảnh chụp số liệu của tỉnh (snapshot dates)",
    request: { query: z.object({ year: Year.openapi({ param: { name: "year", in: "query" } }) }) },
    responses: {
      200: jsonResponse(
        z.object({ items: z.array(z.object({ takenOn: z.string(), takenAt: z.string() })) }),
        "Các ngày",
      ),
      ...commonErrors,
    },
  }),
  async (c) => {
    const user = requireRole(c, "province.read");
    return c.json({ items: await snapshotDates(c.env.REGISTRY, user.province, c.req.valid("query").year) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/province/exports",
    ...allow("province.read"),
    tags,
    summary: "Xuất biểu kết quả của tỉnh, mỗi huyện một dòng (province export)",
    request: {
      body: jsonBody(
        z
          .strictObject({
            year: z.number().int().min(2016).max(2100),
            format: z.enum(EXPORT_FORMATS),
            decidedOnly: z.boolean().optional(),
          })
          .openapi("ProvinceExportCreate"),
      ),
    },
    responses: { 202: jsonResponse(ProvinceExportSchema, "Đã nhận yêu cầu"), ...commonErrors },
  }),
  async (c) => {
    const user = requireRole(c, "province.read");
    requireRole(c, "export.create");
    const input = c.req.valid("json");
    const id = crypto.randomUUID();
    const now = new Date();
    await insertProvinceExport(c.env.REGISTRY, {
      id,
      province: user.province,
      year: input.year,
      form: "results",
      format: input.format,
      createdBy: user.id,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + EXPORT_TTL_DAYS * 86400_000).toISOString(),
    });
    await exportJob(c.env, id).start({
      kind: "province",
      exportId: id,
      province: user.province,
      year: input.year,
      format: input.format,
      decidedOnly: input.decidedOnly ?? false,
    });
    return c.json(publicExport((await getProvinceExport(c.env.REGISTRY, id))!), 202);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/province/exports/{id}",
    ...allow("province.read"),
    tags,
    summary: "Trạng thái tệp xuất của tỉnh",
    request: { params: ExportParams },
    responses: { 200: jsonResponse(ProvinceExportSchema, "Trạng thái"), ...commonErrors },
  }),
  async (c) => c.json(publicExport(await visibleExport(c, c.req.valid("param").id)), 200),
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/province/exports/{id}/download",
    ...allow("province.read"),
    tags,
    summary: "Tải tệp xuất của tỉnh (streamed)",
    request: { params: ExportParams },
    responses: {
      200: { description: "Tệp xlsx hoặc csv" },
      409: { description: "Tệp chưa tạo xong" },
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
