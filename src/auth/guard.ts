// The one way a route asks for permission: the role must allow the action (else 403), and the
// target unit must lie in the user's scope (else 404, as if it did not exist).
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import type { AppEnv, SessionUser } from "../env";
import { fail } from "../http/errors";
import { type Action, inScope, roleAllows } from "./policy";

export function currentUser(c: Context<AppEnv>): SessionUser {
  const user = c.get("user");
  if (!user) throw fail.unauthenticated();
  return user;
}

/** Checks the role only (for routes whose results are then filtered to the user's scope). */
export function requireRole(c: Context<AppEnv>, action: Action): SessionUser {
  const user = currentUser(c);
  if (!roleAllows(user.role, action)) throw fail.forbidden();
  return user;
}

/** Checks role and scope against a unit of the current tenant, given by its path (see unitPath). */
export function authorize(c: Context<AppEnv>, action: Action, unitPath: readonly string[]): SessionUser {
  const user = requireRole(c, action);
  const tenant = c.get("tenant");
  if (!inScope(user, { province: tenant.province, tenant: tenant.code, unitPath })) throw fail.notFound();
  return user;
}

/** Who may call a route: anyone, any signed-in user, or a role allowed one of the actions. */
export type Access = "public" | "signed-in" | Action;

/**
 * Declares who may call a route; spread into `createRoute`. The declaration is published in the
 * OpenAPI document as `x-policy` (the access-matrix test reads it from there, so a new route is
 * tested without being listed anywhere) and enforced here: a role that has none of the actions
 * gets 403 before the request body is even read. The handler still calls `authorize` for the
 * scope (which units) and, where one route serves several actions, for the one asked.
 */
export function allow(...access: [Access, ...Access[]]) {
  const actions = access.filter((a): a is Action => a !== "public" && a !== "signed-in");
  const policy = actions.length
    ? { access: "role" as const, actions }
    : { access: access[0] as "public" | "signed-in" };
  // Signing in is required by the app for every route not listed as public (src/app.ts).
  if (!actions.length) return { "x-policy": policy } as const;
  const middleware = createMiddleware<AppEnv>(async (c, next) => {
    const user = currentUser(c);
    if (!actions.some((a) => roleAllows(user.role, a))) throw fail.forbidden();
    await next();
  });
  return { "x-policy": policy, middleware } as const;
}
