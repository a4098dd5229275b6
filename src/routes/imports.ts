// Importing households from a CSV file (e.g. last year's list saved from Excel) into a village or
// a commune. The file is stored, then an ImportJob imports it in the background with progress;
// rows that cannot be imported are listed in a downloadable error report.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { getImport, type ImportRow, insertImport, listImports } from "../db/tenant/imports";
import { getUnit, listUnits, unitPath } from "../db/tenant/units";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { idempotent } from "../http/idempotency";
import { commonErrors, jsonResponse, router, TenantParams } from "../http/openapi";
import { errorReportKey } from "../imports/run";
import { bytesToHex } from "../lib/encoding";

const tags = ["Sổ hộ"];

const ImportSchema = z
  .object({
    id: z.uuid(),
    unitId: z.uuid(),
    fileName: z.string().nullable(),
    status: z.enum(["queued", "running", "done", "failed"]),
    progress: z.number().min(0).max(1),
    rows: z.number().int(),
    households: z.number().int(),
    created: z.number().int(),
    skipped: z.number().int().openapi({ description: "Hộ đã có trong sổ (tệp nhập lại)" }),
    invalid: z.number().int(),
    errorCount: z.number().int(),
    errorReportUrl: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .openapi("Import");

const ImportParams = TenantParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

const toImport = (tenant: string, r: ImportRow): z.infer<typeof ImportSchema> => ({
  id: r.id,
  unitId: r.unitId,
  fileName: r.fileName,
  status: r.status,
  progress: r.status === "done" ? 1 : r.fileBytes ? Math.min(0.99, r.bytesRead / r.fileBytes) : 0,
  rows: r.rows,
  households: r.households,
  created: r.created,
  skipped: r.skipped,
  invalid: r.invalid,
  errorCount: r.errorCount,
  errorReportUrl:
    r.status === "done" && r.errorCount > 0 ? `/api/v1/tenants/${tenant}/imports/${r.id}/errors.csv` : null,
  error: r.error,
  createdAt: r.createdAt,
  finishedAt: r.finishedAt,
});

/** The import, if it is in the user's scope (404 otherwise). */
async function visibleImport(c: Context<AppEnv>, id: string): Promise<ImportRow> {
  const tenant = c.get("tenant");
  const row = await getImport(tenant.db, id);
  if (!row) throw fail.notFound("Không tìm thấy lần nhập.");
  authorize(c, "household.read", await unitPath(tenant.db, row.unitId));
  return row;
}

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/imports",
    ...allow("household.write"),
    tags,
    summary: "Nhập danh sách hộ từ tệp CSV (import households from CSV)",
    description:
      "Thân yêu cầu là tệp CSV (UTF-8 hoặc CSV của Excel; dấu phẩy, chấm phẩy hoặc tab), mỗi dòng một người, các dòng của một hộ liền nhau. Cột: Mã hộ, (Mã thôn khi nhập vào xã), Địa chỉ, Chủ hộ, Họ và tên, Giới tính, Năm sinh, Dân tộc, Quan hệ với chủ hộ, Số CCCD, BHYT. Nhập lại cùng tệp không tạo hộ mới.",
    request: {
      params: TenantParams,
      query: z.object({
        villageId: z.uuid().optional(),
        communeId: z.uuid().optional(),
        fileName: z.string().max(200).optional(),
      }),
      body: { required: true, content: { "text/csv": { schema: z.string() } } },
    },
    responses: { 202: jsonResponse(ImportSchema, "Đã nhận tệp; đang nhập"), ...commonErrors, 413: commonErrors[400] },
  }),
  async (c) => {
    const { villageId, communeId, fileName } = c.req.valid("query");
    const tenant = c.get("tenant");
    const user = currentUser(c);
    if (!villageId === !communeId)
      throw fail.validation([
        { path: "villageId", message: "Chọn đúng một nơi nhập: villageId (thôn) hoặc communeId (xã)." },
      ]);
    const unit = await getUnit(tenant.db, (villageId ?? communeId)!);
    if (!unit || unit.level !== (villageId ? "village" : "commune"))
      throw fail.validation([
        { path: villageId ? "villageId" : "communeId", message: villageId ? "Không có thôn này." : "Không có xã này." },
      ]);
    authorize(c, "household.write", await unitPath(tenant.db, unit.id));
    const body = c.req.raw.body;
    if (!body) throw fail.validation([{ path: "", message: "Tệp rỗng." }]);

    return idempotent(c, { villageId, communeId, fileName }, async () => {
      const id = crypto.randomUUID();
      const objectKey = `imports/${id}/source.csv`;
      const [toStore, toHash] = body.tee();
      const digest = new crypto.DigestStream("SHA-256");
      const [stored] = await Promise.all([c.env.EXPORTS.put(objectKey, toStore), toHash.pipeTo(digest)]);
      if (!stored || stored.size === 0) throw fail.validation([{ path: "", message: "Tệp rỗng." }]);
      const villagesByCode =
        unit.level === "commune"
          ? Object.fromEntries(
              (await listUnits(tenant.db, { parentId: unit.id, level: "village" })).map((v) => [v.code, v.id]),
            )
          : null;
      const row = await insertImport(tenant.db, {
        id,
        unitId: unit.id,
        fileName: fileName ?? null,
        fileBytes: stored.size,
        fileHash: bytesToHex(new Uint8Array(await digest.digest)),
        status: "queued",
        createdBy: user.id,
        createdAt: new Date().toISOString(),
      });
      await c.env.IMPORT_JOB.get(c.env.IMPORT_JOB.idFromName(`${tenant.code}:${id}`)).start({
        tenant: tenant.code,
        binding: tenant.binding,
        importId: id,
        villageId: unit.level === "village" ? unit.id : null,
        villagesByCode,
        objectKey,
        actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
      });
      return { status: 202 as const, body: toImport(tenant.code, row) };
    });
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/imports/{id}",
    ...allow("household.read"),
    tags,
    summary: "Tiến độ một lần nhập (import progress)",
    request: { params: ImportParams },
    responses: { 200: jsonResponse(ImportSchema, "Lần nhập"), ...commonErrors },
  }),
  async (c) => {
    const row = await visibleImport(c, c.req.valid("param").id);
    return c.json(toImport(c.get("tenant").code, row), 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/imports",
    ...allow("household.write"),
    tags,
    summary: "Các lần nhập gần đây (recent imports)",
    request: { params: TenantParams },
    responses: {
      200: jsonResponse(z.object({ items: z.array(ImportSchema), nextCursor: z.null() }), "Các lần nhập"),
      ...commonErrors,
    },
  }),
  async (c) => {
    const tenant = c.get("tenant");
    const scope = currentUser(c).unitId;
    authorize(c, "household.write", scope ? await unitPath(tenant.db, scope) : []);
    // A commune officer or reviewer sees the imports into their own area only.
    const visible: ImportRow[] = [];
    for (const row of await listImports(tenant.db, 100))
      if (!scope || (await unitPath(tenant.db, row.unitId)).includes(scope)) visible.push(row);
    return c.json({ items: visible.map((r) => toImport(tenant.code, r)), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/imports/{id}/errors.csv",
    ...allow("household.read"),
    tags,
    summary: "Báo cáo các dòng lỗi (CSV, UTF-8) (row error report)",
    request: { params: ImportParams },
    responses: { 200: { description: "CSV", content: { "text/csv": { schema: z.string() } } }, ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    await visibleImport(c, id);
    const object = await c.env.EXPORTS.get(errorReportKey(id));
    if (!object) throw fail.notFound("Lần nhập này không có dòng lỗi.");
    return new Response(object.body, {
      headers: {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": `attachment; filename="loi-nhap-${id}.csv"`,
      },
    });
  },
);

export default app;
