// Authentication middleware: who is calling (bearer token or session cookie), and the rule that a
// cookie-authenticated change must come from the app's own origin.
import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { findSessionUser, registryDb } from "../db/registry";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { sha256Hex } from "../lib/encoding";

export const SESSION_COOKIE = "session";

/** The token a request carries, and where it came from. */
export function requestToken(c: Context<AppEnv>) {
  const auth = c.req.header("Authorization");
  if (auth?.startsWith("Bearer ")) return { token: auth.slice(7).trim(), via: "bearer" as const };
  const cookie = getCookie(c, SESSION_COOKIE);
  if (cookie) return { token: cookie, via: "cookie" as const };
  return null;
}

/** Sets `user` (or null) and `authVia`; never refuses by itself. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  c.set("user", null);
  c.set("authVia", null);
  const found = requestToken(c);
  if (found && found.token.length > 0 && found.token.length <= 200) {
    const user = await findSessionUser(registryDb(c.env.REGISTRY), await sha256Hex(found.token));
    if (user) {
      c.set("user", user);
      c.set("authVia", found.via);
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
