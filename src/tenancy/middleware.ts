// Resolves /api/v1/tenants/{tenant}/… to that tenant's database, after checking the user may act
// there. A tenant the user cannot see answers 404, exactly like one that does not exist.
import { drizzle } from "drizzle-orm/d1";
import { createMiddleware } from "hono/factory";
import { canEnterTenant } from "../auth/policy";
import { getTenant, registryDb } from "../db/registry";
import * as tenantSchema from "../db/tenant/schema";
import type { AppEnv, TenantDb } from "../env";
import { fail } from "../http/errors";

export function tenantDatabase(env: Env, binding: string): D1Database | undefined {
  const candidate = (env as unknown as Record<string, unknown>)[binding];
  return candidate && typeof (candidate as D1Database).prepare === "function" ? (candidate as D1Database) : undefined;
}

/** One handle per binding: building a drizzle handle walks the whole schema, on every request otherwise. */
const handles = new WeakMap<D1Database, TenantDb>();

export function tenantDb(d1: D1Database): TenantDb {
  let db = handles.get(d1);
  if (!db) handles.set(d1, (db = drizzle(d1, { schema: tenantSchema })));
  return db;
}

export const resolveTenant = createMiddleware<AppEnv>(async (c, next) => {
  const user = c.get("user");
  if (!user) throw fail.unauthenticated();
  const code = c.req.param("tenant") ?? "";
  const row = code ? await getTenant(registryDb(c.env.REGISTRY), code) : undefined;
  if (!row || row.status !== "active" || !canEnterTenant(user, row))
    throw fail.notFound("Không tìm thấy đơn vị (tenant) này.");
  const d1 = tenantDatabase(c.env, row.binding);
  if (!d1) throw new Error(`Tenant ${row.code} has no database binding ${row.binding}`);
  c.set("tenant", {
    code: row.code,
    name: row.name,
    province: row.province,
    d1,
    binding: row.binding,
    db: tenantDb(d1),
  });
  await next();
});
