// Communes and villages of a tenant (đơn vị hành chính: xã/phường/thị trấn, thôn/bản/tổ dân phố).
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize, currentUser } from "../auth/guard";
import { diff } from "../coordination/audit-chain";
import { outcomeResponse, repeatedAnswer, tenantWrite } from "../coordination/client";
import {
  forgetUnitPaths,
  getUnit,
  getUnitByCode,
  guardUnitSql,
  insertUnitSql,
  listUnits,
  type UnitRow,
  unitPath,
  updateUnitSql,
} from "../db/tenant/units";
import { decodeCursor, paginate } from "../http/cursor";
import { fail } from "../http/errors";
import {
  baseVersion,
  commonErrors,
  conflictError,
  IfMatchHeader,
  IsoDate,
  jsonBody,
  jsonResponse,
  PageQuery,
  page,
  router,
  TenantParams,
  Uuid,
} from "../http/openapi";

const Level = z
  .enum(["commune", "village"])
  .openapi({ description: "commune = xã/phường/thị trấn; village = thôn/bản/tổ dân phố" });
const Area = z.enum(["urban", "rural"]).openapi({ description: "urban = thành thị; rural = nông thôn" });
const CommuneKind = z.enum(["xa", "phuong", "thi_tran"]);
const VillageKind = z.enum(["thon", "ban", "to_dan_pho"]);
const Kind = z.union([CommuneKind, VillageKind]);

export const UnitSchema = z
  .object({
    id: Uuid,
    code: z.string(),
    name: z.string(),
    level: Level,
    parentId: Uuid.nullable(),
    kind: Kind.nullable(),
    area: Area,
    validFrom: IsoDate,
    validTo: IsoDate.nullable(),
    version: z.number().int(),
  })
  .openapi("Unit");

const Code = z
  .string()
  .trim()
  .min(1)
  .max(32)
  .regex(/^[\p{L}\p{N}._-]+$/u, "Mã chỉ gồm chữ, số, dấu chấm, gạch ngang, gạch dưới.");
const Name = z.string().trim().min(1).max(120);

const CreateUnit = z
  .strictObject({
    id: Uuid.optional(),
    code: Code,
    name: Name,
    level: Level,
    parentId: Uuid.nullable().optional(),
    kind: Kind.optional(),
    area: Area.optional(),
    validFrom: IsoDate.optional(),
  })
  .openapi("UnitCreate");

const PatchUnit = z
  .strictObject({
    code: Code.optional(),
    name: Name.optional(),
    parentId: Uuid.optional().openapi({ description: "Chuyển thôn sang xã khác (move a village to another commune)" }),
    kind: Kind.optional(),
    area: Area.optional(),
    validTo: IsoDate.nullable().optional(),
    version: z.number().int().min(1).optional(),
  })
  .openapi("UnitPatch");

const UnitParams = TenantParams.extend({ id: Uuid.openapi({ param: { name: "id", in: "path" } }) });

const toUnit = (u: UnitRow): z.infer<typeof UnitSchema> => ({
  id: u.id,
  code: u.code,
  name: u.name,
  level: u.level,
  parentId: u.parentId,
  kind: u.kind,
  area: u.area,
  validFrom: u.validFrom,
  validTo: u.validTo,
  version: u.version,
});

const today = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const AREA_OF_KIND = { xa: "rural", phuong: "urban", thi_tran: "urban" } as const;

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/units",
    ...allow("unit.read"),
    tags: ["Đơn vị"],
    summary: "Danh sách xã và thôn (flat list of communes and villages)",
    request: { params: TenantParams, query: PageQuery.extend({ parentId: Uuid.optional(), level: Level.optional() }) },
    responses: { 200: jsonResponse(page(UnitSchema), "Đơn vị"), ...commonErrors },
  }),
  async (c) => {
    const user = currentUser(c);
    const { parentId, level, limit, cursor } = c.req.valid("query");
    const { db } = c.get("tenant");
    authorize(
      c,
      "unit.read",
      parentId ? await unitPath(db, parentId) : user.unitId ? await unitPath(db, user.unitId) : [],
    );
    const rows = await listUnits(db, {
      ...(parentId ? { parentId } : {}),
      ...(level ? { level } : {}),
      within: user.unitId,
      after: decodeCursor(cursor, 3),
      limit: limit + 1,
    });
    const result = paginate(rows, limit, (u) => [u.level, u.name, u.id]);
    return c.json({ items: result.items.map(toUnit), nextCursor: result.nextCursor }, 200);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/units/{id}",
    ...allow("unit.read"),
    tags: ["Đơn vị"],
    summary: "Một đơn vị (one unit)",
    request: { params: UnitParams },
    responses: { 200: jsonResponse(UnitSchema, "Đơn vị"), ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { db } = c.get("tenant");
    const unit = await getUnit(db, id);
    if (!unit) throw fail.notFound("Không tìm thấy đơn vị.");
    authorize(c, "unit.read", await unitPath(db, id));
    c.header("ETag", `"${unit.version}"`);
    return c.json(toUnit(unit), 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/units",
    ...allow("unit.manage"),
    tags: ["Đơn vị"],
    summary: "Thêm xã hoặc thôn (create a commune or village)",
    request: { params: TenantParams, body: jsonBody(CreateUnit) },
    responses: { 201: jsonResponse(UnitSchema, "Đã tạo"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const { db } = c.get("tenant");
    const parent = input.parentId ? await getUnit(db, input.parentId) : undefined;
    authorize(c, "unit.manage", parent ? await unitPath(db, parent.id) : []);
    const issues = [];
    if (input.level === "commune" && input.parentId)
      issues.push({ path: "parentId", message: "Xã không có đơn vị cha trong huyện." });
    if (input.level === "village" && !parent)
      issues.push({ path: "parentId", message: "Thôn phải thuộc một xã của huyện." });
    if (parent && parent.level !== "commune") issues.push({ path: "parentId", message: "Đơn vị cha phải là một xã." });
    if (input.kind && !(input.level === "commune" ? CommuneKind : VillageKind).safeParse(input.kind).success)
      issues.push({ path: "kind", message: "Loại đơn vị không khớp với cấp." });
    if (input.level === "village" && parent && input.area && input.area !== parent.area)
      issues.push({ path: "area", message: "Thôn thuộc khu vực (thành thị/nông thôn) của xã." });
    if (issues.length) throw fail.validation(issues);
    const repeated = await repeatedAnswer(c, input);
    if (repeated) return outcomeResponse(c, repeated);
    if (await getUnitByCode(db, input.code)) throw fail.conflict("Mã đơn vị đã tồn tại.");
    const area =
      input.level === "village"
        ? parent!.area
        : (input.area ??
          (input.kind && input.kind in AREA_OF_KIND ? AREA_OF_KIND[input.kind as keyof typeof AREA_OF_KIND] : "rural"));
    const id = input.id ?? crypto.randomUUID();
    if (await getUnit(db, id)) throw fail.conflict("Mã định danh (id) đã được dùng.");
    const now = new Date().toISOString();
    const row: UnitRow = {
      id,
      code: input.code,
      name: input.name,
      level: input.level,
      parentId: input.parentId ?? null,
      kind: input.kind ?? null,
      area,
      validFrom: input.validFrom ?? today(),
      validTo: null,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    const created = await tenantWrite(
      c,
      {
        kind: "batch",
        guards: [],
        statements: [insertUnitSql(db, row)],
        audit: [{ entityType: "unit", entityId: id, action: "create", changes: diff({}, toUnit(row)) }],
        response: { status: 201, body: toUnit(row) },
      },
      input,
    );
    return outcomeResponse(c, created);
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/api/v1/tenants/{tenant}/units/{id}",
    ...allow("unit.manage"),
    tags: ["Đơn vị"],
    summary: "Đổi tên, chuyển, đổi khu vực (rename, move, change urban/rural)",
    request: { params: UnitParams, headers: IfMatchHeader, body: jsonBody(PatchUnit) },
    responses: { 200: jsonResponse(UnitSchema, "Đã lưu"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const version = baseVersion(c.req.valid("header")["if-match"], input.version);
    const { db } = c.get("tenant");
    const unit = await getUnit(db, id);
    if (!unit) throw fail.notFound("Không tìm thấy đơn vị.");
    authorize(c, "unit.manage", await unitPath(db, id));
    const issues = [];
    let parentArea: UnitRow["area"] | undefined;
    if (input.parentId !== undefined) {
      if (unit.level !== "village") issues.push({ path: "parentId", message: "Chỉ chuyển được thôn sang xã khác." });
      const parent = await getUnit(db, input.parentId);
      if (!parent || parent.level !== "commune")
        issues.push({ path: "parentId", message: "Đơn vị cha phải là một xã của huyện." });
      else authorize(c, "unit.manage", await unitPath(db, parent.id));
      parentArea = parent?.area;
    }
    if (input.area !== undefined && unit.level === "village")
      issues.push({ path: "area", message: "Khu vực của thôn theo xã; hãy sửa ở xã." });
    if (input.kind && !(unit.level === "commune" ? CommuneKind : VillageKind).safeParse(input.kind).success)
      issues.push({ path: "kind", message: "Loại đơn vị không khớp với cấp." });
    if (issues.length) throw fail.validation(issues);
    if (input.code && input.code !== unit.code && (await getUnitByCode(db, input.code)))
      throw fail.conflict("Mã đơn vị đã tồn tại.");
    const { version: _v, ...changes } = input;
    const after: UnitRow = {
      ...unit,
      ...changes,
      ...(parentArea ? { area: parentArea } : {}),
      version: unit.version + 1,
      updatedAt: new Date().toISOString(),
    };
    const outcome = await tenantWrite(
      c,
      {
        kind: "batch",
        guards: [guardUnitSql(id, version)],
        statements: updateUnitSql(db, after, after.area !== unit.area),
        audit: [
          {
            entityType: "unit",
            entityId: id,
            action: input.parentId ? "move" : "update",
            changes: diff(toUnit(unit), toUnit(after)),
          },
        ],
        response: { status: 200, body: toUnit(after) },
      },
      { id, ...input, version },
    );
    if (outcome.stale) {
      const current = await getUnit(db, id);
      throw fail.conflict("Đơn vị đã được người khác sửa; hãy tải lại.", { current: current && toUnit(current) });
    }
    if (input.parentId) forgetUnitPaths(db);
    return outcomeResponse(c, outcome);
  },
);

export default app;
