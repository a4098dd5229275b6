// The one way a route asks for permission: the role must allow the action (else 403), and the
// target unit must lie in the user's scope (else 404, as if it did not exist).
import type { Context } from "hono";
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
