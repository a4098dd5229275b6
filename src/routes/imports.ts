// Importing households from a list kept in Excel (.xlsx) or saved as CSV into a village or a
// commune. A dry run reads the whole file and answers what would happen (sheet, header row,
// columns, households, errors) without writing; an import stores the file, then an ImportJob
// imports it in the background with progress, and the rows that cannot be imported are listed in
// a downloadable error report (XLSX or CSV).
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { allow, authorize, currentUser } from "../auth/guard";
import { getImport, type ImportRow, insertImport, listImports } from "../db/tenant/imports";
import { getUnit, listUnits, unitPath } from "../db/tenant/units";
import type { AppEnv } from "../env";
import { ApiError, fail } from "../http/errors";
import { idempotent } from "../http/idempotency";
import { commonErrors, jsonResponse, router, TenantParams } from "../http/openapi";
import { errorReport } from "../imports/error-report";
import { checkList, type ImportTarget } from "../imports/preview";
import { ImportFileError } from "../imports/reader";
import { errorReportKey } from "../imports/run";
import { bytesToHex } from "../lib/encoding";
import { bytesSource } from "../lib/zip";
import { contentDisposition } from "../reports/export";
import { XLSX_TYPE } from "../reports/xlsx";
import { type Import, ImportLayoutSchema, ImportPreviewSchema, ImportSchema } from "../schemas/import";

const tags = ["Sổ hộ"];

/** A preview reads the file in memory: a list of 50,000 households is about 10–15 MB. */
const MAX_PREVIEW_BYTES = 32 * 1024 * 1024;
/** Errors in a preview's answer; the error file of a preview has them all. */
const PREVIEW_ERRORS = 100;

const ImportParams = TenantParams.extend({ id: z.uuid().openapi({ param: { name: "id", in: "path" } }) });

function toImport(tenant: string, r: ImportRow): Import {
  const errors = r.status === "done" && r.errorCount > 0 ? `/api/v1/tenants/${tenant}/imports/${r.id}/errors` : null;
  const layout = r.layout ? ImportLayoutSchema.safeParse(JSON.parse(r.layout)) : null;
  return {
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
    errorReportUrl: errors && `${errors}.csv`,
    errorReportXlsxUrl: errors && `${errors}.xlsx`,
    layout: layout?.success ? layout.data : null,
    error: r.error,
    createdAt: r.createdAt,
    finishedAt: r.finishedAt,
  };
}

/** The unit a file goes into (checked and authorised) and how its rows find their village. */
async function importTarget(
  c: Context<AppEnv>,
  villageId: string | undefined,
  communeId: string | undefined,
): Promise<{ unitId: string; target: ImportTarget }> {
  const tenant = c.get("tenant");
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
  const villagesByCode =
    unit.level === "commune"
      ? Object.fromEntries(
          (await listUnits(tenant.db, { parentId: unit.id, level: "village" })).map((v) => [v.code, v.id]),
        )
      : null;
  return { unitId: unit.id, target: { villageId: unit.level === "village" ? unit.id : null, villagesByCode } };
}

const fileResponse = (body: Uint8Array | ReadableStream, format: "csv" | "xlsx", name: string) =>
  new Response(body, {
    headers: {
      "Content-Type": format === "xlsx" ? XLSX_TYPE : "text/csv; charset=utf-8",
      "Content-Disposition": contentDisposition(name, name, format),
    },
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

const FILE_TYPES = {
  "text/csv": { schema: z.string().openapi({ description: "CSV, UTF-8 hoặc Windows-1258" }) },
  [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
};

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/imports",
    ...allow("household.write"),
    tags,
    summary: "Nhập danh sách hộ từ tệp Excel (.xlsx) hoặc CSV (import households)",
    description:
      "Thân yêu cầu là tệp .xlsx hoặc CSV (UTF-8 hoặc CSV của Excel; dấu phẩy, chấm phẩy hoặc tab), mỗi dòng một người, các dòng của một hộ liền nhau. Các dòng tên cơ quan, tên danh sách và dòng trống phía trên được bỏ qua: dòng tiêu đề là dòng đầu tiên (trong 20 dòng đầu) ghi đủ các cột bắt buộc; cột STT và các cột khác được bỏ qua; ô gộp mang giá trị cho mọi dòng của nó; trang tính đầu tiên có dòng tiêu đề được đọc. Cột: Mã hộ, (Mã thôn khi nhập vào xã), Địa chỉ, Chủ hộ, Họ và tên, Giới tính, Năm sinh, Dân tộc, Quan hệ với chủ hộ, Số CCCD, BHYT. Nhập lại cùng tệp không tạo hộ mới. `dryRun=true`: đọc hết tệp và trả lời điều sẽ xảy ra mà không ghi gì; với `Accept: text/csv` hoặc kiểu XLSX, trả về tệp các dòng lỗi.",
    request: {
      params: TenantParams,
      query: z.object({
        villageId: z.uuid().optional(),
        communeId: z.uuid().optional(),
        fileName: z.string().max(200).optional(),
        dryRun: z.enum(["true", "false"]).optional().openapi({ description: "Xem trước, không ghi gì" }),
      }),
      body: { required: true, content: FILE_TYPES },
    },
    responses: {
      200: {
        description: "Xem trước (dryRun=true): điều sẽ xảy ra, không ghi gì; hoặc tệp các dòng lỗi theo Accept",
        content: {
          "application/json": { schema: ImportPreviewSchema },
          "text/csv": { schema: z.string() },
          [XLSX_TYPE]: { schema: z.string().openapi({ format: "binary" }) },
        },
      },
      202: jsonResponse(ImportSchema, "Đã nhận tệp; đang nhập"),
      ...commonErrors,
      413: commonErrors[400],
    },
  }),
  async (c) => {
    const { villageId, communeId, fileName, dryRun } = c.req.valid("query");
    const tenant = c.get("tenant");
    const user = currentUser(c);
    const { unitId, target } = await importTarget(c, villageId, communeId);
    const body = c.req.raw.body;
    if (!body) throw fail.validation([{ path: "", message: "Tệp rỗng." }]);

    if (dryRun === "true") {
      const tooLarge = new ApiError(
        "payload_too_large",
        `Tệp quá lớn để xem trước (tối đa ${MAX_PREVIEW_BYTES / 1024 / 1024} MB): hãy chia danh sách thành nhiều tệp.`,
      );
      if (Number(c.req.header("Content-Length") ?? 0) > MAX_PREVIEW_BYTES) throw tooLarge;
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      if (bytes.length > MAX_PREVIEW_BYTES) throw tooLarge;
      const accept = c.req.header("Accept") ?? "";
      const asFile = accept.includes(XLSX_TYPE) ? "xlsx" : accept.includes("text/csv") ? "csv" : null;
      const check = await checkList(bytesSource(bytes), target, asFile ? undefined : PREVIEW_ERRORS).catch((err) => {
        if (err instanceof ImportFileError)
          throw fail.validation([{ path: "file", message: err.message }], err.message);
        throw err;
      });
      if (asFile)
        return fileResponse(
          errorReport(asFile, check.errors, {
            fileName: fileName ?? null,
            layout: check.layout,
            errorCount: check.errorCount,
          }),
          asFile,
          "loi-nhap-xem-truoc",
        );
      const { layout, ...counts } = check;
      return c.json({ ...layout, ...counts }, 200);
    }

    return idempotent(c, { villageId, communeId, fileName }, async () => {
      const id = crypto.randomUUID();
      const objectKey = `imports/${id}/source`;
      const [toStore, toHash] = body.tee();
      const digest = new crypto.DigestStream("SHA-256");
      const [stored] = await Promise.all([c.env.EXPORTS.put(objectKey, toStore), toHash.pipeTo(digest)]);
      if (!stored || stored.size === 0) throw fail.validation([{ path: "", message: "Tệp rỗng." }]);
      const row = await insertImport(tenant.db, {
        id,
        unitId,
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
        ...target,
        objectKey,
        fileName: fileName ?? null,
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

for (const format of ["csv", "xlsx"] as const)
  app.openapi(
    createRoute({
      method: "get",
      path: `/api/v1/tenants/{tenant}/imports/{id}/errors.${format}`,
      ...allow("household.read"),
      tags,
      summary: `Các dòng không nhập được (${format.toUpperCase()}) (row error report)`,
      request: { params: ImportParams },
      responses: {
        200: {
          description: format.toUpperCase(),
          content: { [format === "xlsx" ? XLSX_TYPE : "text/csv"]: { schema: z.string() } },
        },
        ...commonErrors,
      },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      await visibleImport(c, id);
      const object = await c.env.EXPORTS.get(errorReportKey(id, format));
      if (!object) throw fail.notFound("Lần nhập này không có dòng lỗi.");
      return fileResponse(object.body, format, `loi-nhap-${id}`);
    },
  );

export default app;
