// Sign in, sign out, and who am I.
import { createRoute, z } from "@hono/zod-openapi";
import { deleteCookie, setCookie } from "hono/cookie";
import { bootstrapAdmin } from "../auth/bootstrap";
import { allow, currentUser } from "../auth/guard";
import { requestToken, SESSION_COOKIE } from "../auth/middleware";
import { decoyHash, hashPassword, verifyPassword } from "../auth/passwords";
import { ROLES } from "../auth/policy";
import { newToken } from "../auth/tokens";
import {
  clearLoginFailures,
  deleteSession,
  getUserByUsername,
  insertSession,
  loginBlockedFor,
  recordLoginFailure,
  registryDb,
  setPasswordHash,
} from "../db/registry";
import { type SessionUser, settings } from "../env";
import { fail } from "../http/errors";
import { commonErrors, jsonBody, jsonResponse, router } from "../http/openapi";
import { sha256Hex as sha256 } from "../lib/encoding";

export const UserSchema = z
  .object({
    id: z.string(),
    username: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    tenant: z.string().nullable(),
    unitId: z.string().nullable(),
  })
  .openapi("CurrentUser");

export const toPublicUser = (u: SessionUser): z.infer<typeof UserSchema> => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  tenant: u.tenant,
  unitId: u.unitId,
});

const Login = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi("Login");

const app = router();

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/auth/login",
    ...allow("public"),
    tags: ["Tài khoản"],
    summary: "Đăng nhập (sign in)",
    security: [],
    request: { body: jsonBody(Login) },
    responses: {
      200: jsonResponse(z.object({ token: z.string(), user: UserSchema }), "Đã đăng nhập; cookie session được đặt"),
      400: commonErrors[400],
      401: commonErrors[401],
      429: jsonResponse(
        z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
        "Thử quá nhiều lần (rate_limited)",
      ),
    },
  }),
  async (c) => {
    const { username, password } = c.req.valid("json");
    const cfg = settings(c.env);
    const db = registryDb(c.env.REGISTRY);
    const userKey = `user:${username.toLowerCase()}`;
    const addressKey = `ip:${c.req.header("CF-Connecting-IP") ?? "local"}`;
    const blocked = Math.max(await loginBlockedFor(db, userKey), await loginBlockedFor(db, addressKey));
    if (blocked > 0) throw fail.rateLimited(blocked);

    const row = (await getUserByUsername(db, username)) ?? (await bootstrapAdmin(c.env, db, username, password));
    const check = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
    if (!row || !check.ok || row.disabled) {
      const window = { windowSeconds: cfg.loginWindowSeconds, blockSeconds: cfg.loginBlockSeconds };
      await Promise.all([
        recordLoginFailure(db, userKey, { ...window, max: cfg.loginMaxFailuresPerUser }),
        recordLoginFailure(db, addressKey, { ...window, max: cfg.loginMaxFailuresPerAddress }),
      ]);
      throw fail.unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.");
    }
    await clearLoginFailures(db, userKey);
    if (check.needsRehash) await setPasswordHash(db, row.id, await hashPassword(password));

    const token = newToken();
    await insertSession(db, await sha256(token), row.id, cfg.sessionTtlSeconds);
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: "Lax",
      secure: new URL(c.req.url).protocol === "https:",
      path: "/",
      maxAge: cfg.sessionTtlSeconds,
    });
    const user: SessionUser = {
      id: row.id,
      username: row.username,
      displayName: row.displayName,
      role: row.role,
      province: row.province,
      tenant: row.tenant,
      unitId: row.unitId,
    };
    return c.json({ token, user: toPublicUser(user) }, 200);
  },
);

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/auth/logout",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Đăng xuất (sign out)",
    responses: { 204: { description: "Đã đăng xuất" }, 401: commonErrors[401] },
  }),
  async (c) => {
    currentUser(c);
    const found = requestToken(c);
    if (found) await deleteSession(registryDb(c.env.REGISTRY), await sha256(found.token));
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/me",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Người dùng hiện tại (current user)",
    responses: { 200: jsonResponse(UserSchema, "Người dùng"), 401: commonErrors[401] },
  }),
  (c) => c.json(toPublicUser(currentUser(c)), 200),
);

export default app;
