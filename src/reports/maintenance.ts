// Scheduled upkeep (the Cron Trigger in wrangler.jsonc, see src/index.ts): expired export files
// are removed from R2 with their records.
import { registryDb, schema } from "../db/registry";
import { deleteExports, expiredExports } from "../db/tenant/exports";
import { tenantDatabase } from "../tenancy/middleware";

/** Deletes every expired export of every tenant (file and record); returns how many. */
export async function expireExports(env: Env, now = new Date()): Promise<number> {
  const tenants = await registryDb(env.REGISTRY).select({ binding: schema.tenants.binding }).from(schema.tenants).all();
  let removed = 0;
  for (const t of tenants) {
    const d1 = tenantDatabase(env, t.binding);
    if (!d1) continue;
    for (;;) {
      const batch = await expiredExports(d1, now.toISOString(), 100);
      if (!batch.length) break;
      const keys = batch.flatMap((e) => (e.object_key ? [e.object_key] : []));
      if (keys.length) await env.EXPORTS.delete(keys);
      await deleteExports(d1, batch.map((e) => e.id));
      removed += batch.length;
    }
  }
  return removed;
}
