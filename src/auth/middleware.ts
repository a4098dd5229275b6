// Authentication middleware: who is calling (bearer token or session cookie), and the rule that a
// cookie-authenticated change must come from the app's own origin.
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { findSessionUser, registryDb } from "../db/registry";
import { type AppEnv, settings } from "../env";
import { fail } from "../http/errors";
import { sha256Hex } from "../lib/encoding";

/** The session cookie of API.md, as sent over plain http (local runs). */
export const SESSION_COOKIE = "session";
/**
 * Over https the cookie is `__Host-session`: a browser takes it only with Secure, Path=/ and no
 * Domain, so no other (sub)domain or plain-http page can plant or overwrite it.
 */
export const SECURE_SESSION_COOKIE = "__Host-session";

const isHttps = (c: Context<AppEnv>) => new URL(c.req.url).protocol === "https:";

/** The token a request carries, and where it came from (either cookie name is read). */
function requestToken(c: Context<AppEnv>) {
  const auth = c.req.header("Authorization");
  if (auth?.startsWith("Bearer ")) return { token: auth.slice(7).trim(), via: "bearer" as const };
  const cookie = getCookie(c, SECURE_SESSION_COOKIE) ?? getCookie(c, SESSION_COOKIE);
  if (cookie) return { token: cookie, via: "cookie" as const };
  return null;
}

/** Hands the browser its session cookie: HttpOnly, SameSite=Lax, `__Host-` and Secure over https. */
export function setSessionCookie(c: Context<AppEnv>, token: string, maxAge: number): void {
  const secure = isHttps(c);
  // Hono names it `__Host-session` and checks the prefix's rules itself.
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "Lax",
    secure,
    path: "/",
    maxAge,
    ...(secure ? { prefix: "host" as const } : {}),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  const secure = isHttps(c);
  deleteCookie(c, SESSION_COOKIE, { path: "/", secure, ...(secure ? { prefix: "host" as const } : {}) });
}

/** Sets `user` (or null), `authVia` and `sessionHash`; never refuses by itself. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  c.set("authVia", null);
  c.set("sessionHash", null);
  const found = requestToken(c);
  if (found && found.token.length > 0 && found.token.length <= 200) {
    const hash = await sha256Hex(found.token);
    const user = await findSessionUser(registryDb(c.env.REGISTRY), hash, settings(c.env).sessionIdleSeconds);
    if (user) {
      c.set("user", user);
      c.set("authVia", found.via);
      c.set("sessionHash", hash);
    }
  }
  await next();
});

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A browser sends the session cookie with cross-site requests too; a change made with the cookie
 * must therefore prove it comes from our own pages: its Origin is ours, or (when a browser sends
 * no Origin) Sec-Fetch-Site says same-origin. Bearer tokens are not sent automatically, so they
 * need no such proof.
 */
export const requireSameOriginForCookieWrites = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get("authVia") === "cookie" && !SAFE_METHODS.has(c.req.method)) {
    const origin = c.req.header("Origin");
    const own = new URL(c.req.url).origin;
    const fetchSite = c.req.header("Sec-Fetch-Site");
    const sameOrigin = origin ? origin === own : fetchSite === "same-origin";
    if (!sameOrigin) throw fail.forbidden("Yêu cầu thay đổi dữ liệu phải được gửi từ chính ứng dụng.");
  }
  await next();
});

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get("user")) throw fail.unauthenticated();
  await next();
});
