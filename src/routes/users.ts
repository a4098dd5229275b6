// Accounts of a tenant, managed by its district administrators.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, authorize, currentUser } from "../auth/guard";
import { hashPassword } from "../auth/passwords";
import { ROLES, type Role } from "../auth/policy";
import { securityEvent } from "../auth/security-log";
import { diff } from "../coordination/audit-chain";
import { appendTenantAudit } from "../coordination/client";
import {
  deleteSessionsOfUser,
  getUser,
  getUserByUsername,
  insertUser,
  listUsers,
  registryDb,
  setPasswordHash,
  type UserRow,
  updateUser,
} from "../db/registry";
import { getUnit, type UnitRow } from "../db/tenant/units";
import type { TenantContext } from "../env";
import { type FieldIssue, fail } from "../http/errors";
import { idempotent } from "../http/idempotency";
import {
  baseVersion,
  commonErrors,
  conflictError,
  IfMatchHeader,
  jsonBody,
  jsonResponse,
  router,
  TenantParams,
  Uuid,
} from "../http/openapi";
import { usernamePrefix } from "../lib/ids";
import { acceptablePassword, Password, PasswordReset, UserSchema } from "./auth";

const TENANT_ROLES = ROLES.filter((r) => !r.startsWith("province_")) as Exclude<
  Role,
  "province_admin" | "province_viewer"
>[];
const TenantRole = z.enum(TENANT_ROLES as [string, ...string[]]).openapi({ description: "Vai trò trong huyện" });

export const AccountSchema = UserSchema.extend({
  disabled: z.boolean(),
  version: z.number().int(),
  createdAt: z.string(),
}).openapi("Account");

export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .min(3)
  .max(64)
  .regex(/^[a-z0-9._-]+$/, "Tên đăng nhập chỉ gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới.");

const CreateAccount = z
  .strictObject({
    username: Username.openapi({
      example: "lucngan.canbo",
      description: "Bắt đầu bằng mã huyện không gạch ngang và dấu chấm",
    }),
    password: Password,
    displayName: z.string().trim().min(1).max(120),
    role: TenantRole,
    unitId: Uuid.nullable().optional(),
  })
  .openapi("AccountCreate");

const PatchAccount = z
  .strictObject({
    displayName: z.string().trim().min(1).max(120).optional(),
    role: TenantRole.optional(),
    unitId: Uuid.nullable().optional(),
    disabled: z.boolean().optional(),
    version: z.number().int().min(1).optional(),
  })
  .openapi("AccountPatch");

const UserParams = TenantParams.extend({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

export const toAccount = (u: UserRow): z.infer<typeof AccountSchema> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  tenant: u.tenant,
  unitId: u.unitId,
  disabled: u.disabled,
  version: u.version,
  createdAt: u.createdAt,
});

/** The unit an account is attached to must suit its role (API.md, users). */
function unitFitsRole(role: string, unit: UnitRow | undefined, unitId: string | null | undefined): FieldIssue | null {
  if (role === "district_admin" || role === "district_viewer")
    return unitId ? { path: "unitId", message: "Tài khoản cấp huyện không gắn với xã hay thôn." } : null;
  if (!unit) return { path: "unitId", message: "Cần chọn một đơn vị của huyện." };
  if (role === "commune_officer" && unit.level !== "commune")
    return { path: "unitId", message: "Cán bộ xã phải gắn với một xã." };
  return null;
}

async function accountInTenant(tenant: TenantContext, registry: ReturnType<typeof registryDb>, id: string) {
  const row = await getUser(registry, id);
  if (!row || row.tenant !== tenant.code) throw fail.notFound("Không tìm thấy tài khoản.");
  return row;
}

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/tenants/{tenant}/users",
    ...allow("user.read"),
    tags: ["Tài khoản"],
    summary: "Tài khoản của huyện (accounts of the tenant)",
    request: { params: TenantParams },
    responses: {
      200: jsonResponse(z.object({ items: z.array(AccountSchema), nextCursor: z.null() }), "Danh sách"),
      ...commonErrors,
    },
  }),
  async (c) => {
    const tenant = c.get("tenant");
    authorize(c, "user.read", []);
    const rows = await listUsers(registryDb(c.env.REGISTRY), tenant.code);
    return c.json({ items: rows.map(toAccount), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/users",
    ...allow("user.manage"),
    tags: ["Tài khoản"],
    summary: "Tạo tài khoản (create an account)",
    request: { params: TenantParams, body: jsonBody(CreateAccount) },
    responses: { 201: jsonResponse(AccountSchema, "Đã tạo"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const tenant = c.get("tenant");
    authorize(c, "user.manage", []);
    // Names outside the tenant's prefix are refused whether or not they exist anywhere: creating
    // an account says nothing about another tenant's accounts.
    const prefix = usernamePrefix(tenant.code);
    if (!input.username.startsWith(prefix) || input.username.length === prefix.length)
      throw fail.validation([
        { path: "username", message: `Tên đăng nhập của tài khoản huyện này phải bắt đầu bằng "${prefix}".` },
      ]);
    acceptablePassword(c, "password", input.password, input.username);
    const unit = input.unitId ? await getUnit(tenant.db, input.unitId) : undefined;
    const issue = unitFitsRole(input.role, unit, input.unitId);
    if (issue) throw fail.validation([issue]);
    return idempotent(c, { ...input, password: undefined }, async () => {
      const registry = registryDb(c.env.REGISTRY);
      if (await getUserByUsername(registry, input.username)) throw fail.conflict("Tên đăng nhập đã được dùng.");
      const now = new Date().toISOString();
      const row = await insertUser(registry, {
        id: crypto.randomUUID(),
        username: input.username,
        passwordHash: await hashPassword(input.password),
        displayName: input.displayName,
        role: input.role as Role,
        province: tenant.province,
        tenant: tenant.code,
        unitId: unit?.id ?? null,
        createdAt: now,
        updatedAt: now,
      });
      await appendTenantAudit(c, [
        { entityType: "account", entityId: row.id, action: "create", changes: diff({}, toAccount(row)) },
      ]);
      return { status: 201 as const, body: toAccount(row) };
    });
  },
);

app.openapi(
  createRoute({
    method: "patch",
    path: "/api/v1/tenants/{tenant}/users/{id}",
    ...allow("user.manage"),
    tags: ["Tài khoản"],
    summary: "Sửa, chuyển đơn vị, khoá tài khoản (edit, move, disable)",
    request: {
      params: UserParams,
      headers: IfMatchHeader,
      body: jsonBody(PatchAccount),
    },
    responses: { 200: jsonResponse(AccountSchema, "Đã lưu"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const input = c.req.valid("json");
    const version = baseVersion(c.req.valid("header")["if-match"], input.version);
    const tenant = c.get("tenant");
    authorize(c, "user.manage", []);
    const registry = registryDb(c.env.REGISTRY);
    const existing = await accountInTenant(tenant, registry, id);
    const role = input.role ?? existing.role;
    const unitId = input.unitId !== undefined ? input.unitId : existing.unitId;
    if (input.role !== undefined || input.unitId !== undefined) {
      const issue = unitFitsRole(role, unitId ? await getUnit(tenant.db, unitId) : undefined, unitId);
      if (issue) throw fail.validation([issue]);
    }
    return idempotent(c, { id, ...input, version }, async () => {
      const { version: _v, ...changes } = input;
      const updated = await updateUser(registry, id, version, { ...changes, role: role as Role, unitId });
      if (!updated)
        throw fail.conflict("Tài khoản đã được người khác sửa; hãy tải lại.", {
          current: toAccount(await accountInTenant(tenant, registry, id)),
        });
      // A disabled account, or one whose role or unit changed, signs in again with its new rights.
      if (input.disabled || input.role !== undefined || input.unitId !== undefined)
        await deleteSessionsOfUser(registry, id);
      await appendTenantAudit(c, [
        {
          entityType: "account",
          entityId: id,
          action: input.disabled ? "disable" : "update",
          changes: diff(toAccount(existing), toAccount(updated)),
        },
      ]);
      return { status: 200 as const, body: toAccount(updated) };
    });
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/tenants/{tenant}/users/{id}/password",
    ...allow("user.manage"),
    tags: ["Tài khoản"],
    summary: "Đặt lại mật khẩu (reset password)",
    request: { params: UserParams, body: jsonBody(PasswordReset) },
    responses: { 204: { description: "Đã đặt lại; các phiên cũ bị huỷ" }, ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { password } = c.req.valid("json");
    const tenant = c.get("tenant");
    authorize(c, "user.manage", []);
    const registry = registryDb(c.env.REGISTRY);
    const account = await accountInTenant(tenant, registry, id);
    acceptablePassword(c, "password", password, account.username);
    await setPasswordHash(registry, id, await hashPassword(password));
    await deleteSessionsOfUser(registry, id);
    securityEvent("password_reset", { userId: id, by: currentUser(c).id });
    await appendTenantAudit(c, [{ entityType: "account", entityId: id, action: "reset_password", changes: [] }]);
    return c.body(null, 204);
  },
);

export default app;
