// Sign in, sign out, who am I, my password and my sessions.
import { createRoute, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { bootstrapAdmin } from "../auth/bootstrap";
import { allow, currentUser } from "../auth/guard";
import { clearSessionCookie, setSessionCookie } from "../auth/middleware";
import { passwordProblem } from "../auth/password-policy";
import { decoyHash, hashPassword, verifyPassword } from "../auth/passwords";
import { ROLES } from "../auth/policy";
import { securityEvent } from "../auth/security-log";
import { newToken } from "../auth/tokens";
import {
  type AttemptLimit,
  deleteSession,
  deleteSessionById,
  deleteSessionsOfUser,
  getUser,
  getUserByUsername,
  insertSession,
  type RegistryDb,
  registryDb,
  reserveLoginAttempt,
  sessionId,
  sessionsOfUser,
  setPasswordHash,
  settleLoginAttempt,
  type UserRow,
} from "../db/registry";
import { type AppEnv, type SessionUser, settings } from "../env";
import { fail } from "../http/errors";
import { commonErrors, jsonBody, jsonResponse, rateLimitedError, router } from "../http/openapi";
import { clientAddress } from "../http/rate-limit";
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

/** A password as the API takes it; the rules (length, username, common list) are checked by `acceptablePassword`. */
export const Password = z
  .string()
  .min(1)
  .max(256)
  .openapi({ description: "Ít nhất 10 ký tự, không chứa tên đăng nhập, không thuộc danh sách mật khẩu phổ biến" });

export const PasswordReset = z.strictObject({ password: Password }).openapi("PasswordReset");

/** Refuses (400, naming `path`) a password the policy does not allow for `username`. */
export function acceptablePassword(c: Context<AppEnv>, path: string, password: string, username: string): void {
  const problem = passwordProblem(password, username, { development: settings(c.env).development });
  if (problem) throw fail.validation([{ path, message: problem }], "Mật khẩu chưa đủ an toàn.");
}

const Login = z
  .strictObject({
    username: z.string().trim().min(1).max(64),
    password: z.string().min(1).max(256),
  })
  .openapi("Login");

/** The limits on password checks for a username and the address asking (API.md: per username, looser per address). */
function attemptLimits(c: Context<AppEnv>, username: string): (AttemptLimit & { clearOnSuccess?: boolean })[] {
  const cfg = settings(c.env);
  return [
    { key: `user:${username.toLowerCase()}`, max: cfg.loginMaxFailuresPerUser, clearOnSuccess: true },
    { key: `ip:${clientAddress(c)}`, max: cfg.loginMaxFailuresPerAddress },
  ];
}

/**
 * Tests a password for `username` as one reserved attempt (see reserveLoginAttempt): 429 when
 * the username or address has used up its attempts; otherwise the account when the password is
 * right, undefined when not (the failure is counted).
 */
async function checkPassword(
  c: Context<AppEnv>,
  db: RegistryDb,
  username: string,
  password: string,
  account: () => Promise<UserRow | undefined>,
): Promise<UserRow | undefined> {
  const cfg = settings(c.env);
  const limits = attemptLimits(c, username);
  const wait = await reserveLoginAttempt(db, limits, { windowSeconds: cfg.loginWindowSeconds });
  if (wait > 0) {
    securityEvent("login_locked", { username, address: clientAddress(c), retryAfter: Math.ceil(wait) });
    throw fail.rateLimited(wait);
  }
  let outcome: "failed" | "succeeded" | "released" = "released";
  try {
    const row = await account();
    const check = await verifyPassword(password, row?.passwordHash ?? (await decoyHash()));
    const ok = row && check.ok && !row.disabled;
    outcome = ok ? "succeeded" : "failed";
    if (!ok) return undefined;
    if (check.needsRehash) await setPasswordHash(db, row.id, await hashPassword(password));
    return row;
  } finally {
    await settleLoginAttempt(db, limits, outcome, { blockSeconds: cfg.loginBlockSeconds });
  }
}

/** A new session for the account: its token (also set as the cookie). */
async function openSession(c: Context<AppEnv>, db: RegistryDb, userId: string): Promise<string> {
  const cfg = settings(c.env);
  const token = newToken();
  await insertSession(db, await sha256(token), userId, cfg.sessionTtlSeconds, c.req.header("User-Agent") ?? null);
  setSessionCookie(c, token, cfg.sessionTtlSeconds);
  return token;
}

const sessionUser = (row: UserRow): SessionUser => ({
  id: row.id,
  username: row.username,
  displayName: row.displayName,
  role: row.role,
  province: row.province,
  tenant: row.tenant,
  unitId: row.unitId,
});

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
      200: jsonResponse(
        z.object({ token: z.string(), user: UserSchema }),
        "Đã đăng nhập; cookie session (qua https: __Host-session) được đặt",
      ),
      400: commonErrors[400],
      401: commonErrors[401],
      ...rateLimitedError,
    },
  }),
  async (c) => {
    const { username, password } = c.req.valid("json");
    const db = registryDb(c.env.REGISTRY);
    const row = await checkPassword(
      c,
      db,
      username,
      password,
      async () => (await getUserByUsername(db, username)) ?? (await bootstrapAdmin(c.env, db, username, password)),
    );
    if (!row) {
      securityEvent("login_failed", { username, address: clientAddress(c) });
      throw fail.unauthenticated("Tên đăng nhập hoặc mật khẩu không đúng.");
    }
    const token = await openSession(c, db, row.id);
    securityEvent("login_succeeded", { userId: row.id, address: clientAddress(c) });
    return c.json({ token, user: toPublicUser(sessionUser(row)) }, 200);
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
    const hash = c.get("sessionHash");
    if (hash) await deleteSession(registryDb(c.env.REGISTRY), hash);
    clearSessionCookie(c);
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

const PasswordChange = z
  .strictObject({ currentPassword: z.string().min(1).max(256), newPassword: Password })
  .openapi("PasswordChange");

app.openapi(
  createRoute({
    method: "post",
    path: "/api/v1/me/password",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Đổi mật khẩu của tôi (change my password)",
    description:
      "Cần mật khẩu hiện tại (sai: 400; sai nhiều lần: 429 như khi đăng nhập). Mọi phiên của tài khoản, kể cả phiên này, bị huỷ; câu trả lời mang phiên mới (token và cookie).",
    request: { body: jsonBody(PasswordChange) },
    responses: {
      200: jsonResponse(z.object({ token: z.string() }), "Đã đổi; phiên mới"),
      ...commonErrors,
      ...rateLimitedError,
    },
  }),
  async (c) => {
    const { currentPassword, newPassword } = c.req.valid("json");
    const me = currentUser(c);
    const db = registryDb(c.env.REGISTRY);
    acceptablePassword(c, "newPassword", newPassword, me.username);
    const row = await checkPassword(c, db, me.username, currentPassword, () => getUser(db, me.id));
    if (!row)
      throw fail.validation(
        [{ path: "currentPassword", message: "Mật khẩu hiện tại không đúng." }],
        "Không đổi được mật khẩu.",
      );
    if (newPassword === currentPassword)
      throw fail.validation([{ path: "newPassword", message: "Mật khẩu mới phải khác mật khẩu hiện tại." }]);
    await setPasswordHash(db, me.id, await hashPassword(newPassword));
    await deleteSessionsOfUser(db, me.id);
    securityEvent("password_changed", { userId: me.id, by: me.id });
    return c.json({ token: await openSession(c, db, me.id) }, 200);
  },
);

const SessionSchema = z
  .object({
    id: z.string(),
    createdAt: z.string(),
    lastSeenAt: z.string(),
    expiresAt: z.string(),
    userAgent: z.string().nullable(),
    current: z.boolean(),
  })
  .openapi("Session");

const SessionParams = z.object({
  id: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .openapi({ param: { name: "id", in: "path" } }),
});

app.openapi(
  createRoute({
    method: "get",
    path: "/api/v1/me/sessions",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Các phiên đăng nhập của tôi (my sessions)",
    responses: {
      200: jsonResponse(z.object({ items: z.array(SessionSchema), nextCursor: z.null() }), "Các phiên còn hiệu lực"),
      401: commonErrors[401],
    },
  }),
  async (c) => {
    const me = currentUser(c);
    const rows = await sessionsOfUser(registryDb(c.env.REGISTRY), me.id, settings(c.env).sessionIdleSeconds);
    const items = rows.map((s) => ({
      id: sessionId(s.tokenHash),
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt ?? s.createdAt,
      expiresAt: s.expiresAt,
      userAgent: s.userAgent,
      current: s.tokenHash === c.get("sessionHash"),
    }));
    return c.json({ items, nextCursor: null }, 200);
  },
);

app.openapi(
  createRoute({
    method: "delete",
    path: "/api/v1/me/sessions/{id}",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Kết thúc một phiên đăng nhập của tôi (end one of my sessions)",
    request: { params: SessionParams },
    responses: { 204: { description: "Đã kết thúc" }, ...commonErrors },
  }),
  async (c) => {
    const { id } = c.req.valid("param");
    const me = currentUser(c);
    if (!(await deleteSessionById(registryDb(c.env.REGISTRY), me.id, id)))
      throw fail.notFound("Không có phiên đăng nhập này.");
    const hash = c.get("sessionHash");
    if (hash && sessionId(hash) === id) clearSessionCookie(c);
    securityEvent("session_ended", { userId: me.id, session: id });
    return c.body(null, 204);
  },
);

app.openapi(
  createRoute({
    method: "delete",
    path: "/api/v1/me/sessions",
    ...allow("signed-in"),
    tags: ["Tài khoản"],
    summary: "Kết thúc mọi phiên khác của tôi (sign out everywhere else)",
    responses: { 204: { description: "Chỉ còn phiên này" }, 401: commonErrors[401] },
  }),
  async (c) => {
    const me = currentUser(c);
    await deleteSessionsOfUser(registryDb(c.env.REGISTRY), me.id, c.get("sessionHash") ?? undefined);
    securityEvent("sessions_revoked", { userId: me.id, by: me.id, keptCurrent: true });
    return c.body(null, 204);
  },
);

export default app;
