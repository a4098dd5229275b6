// The province's own accounts (province administrators and viewers), managed by its province
// administrators: listed, opened, and their passwords reset by another administrator (one's own
// password is changed with the old one, at /me/password). Not audited in a tenant's chain: these
// accounts belong to no tenant; each change is a security event in the Worker's log.
import { createRoute, z } from "@hono/zod-openapi";
import { allow, currentUser } from "../auth/guard";
import { hashPassword } from "../auth/passwords";
import { securityEvent } from "../auth/security-log";
import {
  deleteSessionsOfUser,
  getUser,
  getUserByUsername,
  insertUser,
  listProvinceUsers,
  registryDb,
  setPasswordHash,
} from "../db/registry";
import { fail } from "../http/errors";
import { commonErrors, conflictError, jsonBody, jsonResponse, router } from "../http/openapi";
import { usernamePrefix } from "../lib/ids";
import { acceptablePassword, Password, PasswordReset } from "./auth";
import { AccountSchema, toAccount, Username } from "./users";

const tags = ["Tài khoản"];

const CreateProvinceAccount = z
  .strictObject({
    username: Username,
    password: Password,
    displayName: z.string().trim().min(1).max(120),
    role: z.enum(["province_admin", "province_viewer"]),
  })
  .openapi("ProvinceAccountCreate");

const AccountParams = z.object({
  id: z
    .string()
    .min(1)
    .max(64)
    .openapi({ param: { name: "id", in: "path" } }),
});

const app = router();

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/province/users",
    ...allow("province.user.manage"),
    tags,
    summary: "Tài khoản cấp tỉnh (the province's accounts)",
    responses: {
      200: jsonResponse(z.object({ items: z.array(AccountSchema), nextCursor: z.null() }), "Danh sách"),
      ...commonErrors,
    },
  }),
  async (c) => {
    const me = currentUser(c);
    const rows = await listProvinceUsers(registryDb(c.env.REGISTRY), me.province);
    return c.json({ items: rows.map(toAccount), nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/province/users",
    ...allow("province.user.manage"),
    tags,
    summary: "Tạo tài khoản cấp tỉnh (open a province account)",
    description: "Tên đăng nhập bắt đầu bằng mã tỉnh không gạch ngang và dấu chấm, ví dụ `bacgiang.`.",
    request: { body: jsonBody(CreateProvinceAccount) },
    responses: { 201: jsonResponse(AccountSchema, "Đã tạo"), ...commonErrors, ...conflictError },
  }),
  async (c) => {
    const input = c.req.valid("json");
    const me = currentUser(c);
    const prefix = usernamePrefix(me.province);
    if (!input.username.startsWith(prefix) || input.username.length === prefix.length)
      throw fail.validation([{ path: "username", message: `Tên đăng nhập cấp tỉnh phải bắt đầu bằng "${prefix}".` }]);
    acceptablePassword(c, "password", input.password, input.username);
    const db = registryDb(c.env.REGISTRY);
    if (await getUserByUsername(db, input.username)) throw fail.conflict("Tên đăng nhập đã được dùng.");
    const now = new Date().toISOString();
    const row = await insertUser(db, {
      id: crypto.randomUUID(),
      username: input.username,
      passwordHash: await hashPassword(input.password),
      displayName: input.displayName,
      role: input.role,
      province: me.province,
      tenant: null,
      unitId: null,
      createdAt: now,
      updatedAt: now,
    });
    securityEvent("account_created", { userId: row.id, role: row.role, by: me.id });
    return c.json(toAccount(row), 201);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/province/users/{id}/password",
    ...allow("province.user.manage"),
    tags,
    summary: "Đặt lại mật khẩu của một tài khoản cấp tỉnh khác (reset another province account's password)",
    description: "Mọi phiên của tài khoản đó bị huỷ. Mật khẩu của chính mình đổi ở `POST /api/v1/me/password`.",
    request: { params: AccountParams, body: jsonBody(PasswordReset) },
    responses: { 204: { description: "Đã đặt lại; các phiên cũ bị huỷ" }, ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const { password } = c.req.valid("json");
    const me = currentUser(c);
    const db = registryDb(c.env.REGISTRY);
    const target = await getUser(db, id);
    if (!target || target.tenant !== null || target.province !== me.province)
      throw fail.notFound("Không tìm thấy tài khoản cấp tỉnh này.");
    if (target.id === me.id)
      throw fail.forbidden("Mật khẩu của chính mình đổi ở trang tài khoản, với mật khẩu hiện tại.");
    acceptablePassword(c, "password", password, target.username);
    await setPasswordHash(db, id, await hashPassword(password));
    await deleteSessionsOfUser(db, id);
    securityEvent("password_reset", { userId: id, by: me.id });
    return c.body(null, 204);
  },
);

export default app;
