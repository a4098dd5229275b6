// Scheduled upkeep (the Cron Trigger in wrangler.jsonc, see src/index.ts): each province's
// snapshot of the day and its check for people registered in two tenants, and the removal of
// expired export files with their records.

import { registryDb, schema } from "../db/registry";
import { deleteProvinceExports, expiredProvinceExports, provincesWithTenants } from "../db/registry/province";
import { deleteExports, expiredExports } from "../db/tenant/exports";
import { vietnamDate } from "../domain";
import { tenantDatabase } from "../tenancy/middleware";
import { crossTenantDuplicates, refreshSnapshot } from "./province";

/** Deletes every expired export of every tenant and province (file and record); returns how many. */
export async function expireExports(env: Env, now = new Date()): Promise<number> {
  const tenants = await registryDb(env.REGISTRY).select({ binding: schema.tenants.binding }).from(schema.tenants).all();
  const sources = [
    ...tenants.flatMap((t) => {
      const d1 = tenantDatabase(env, t.binding);
      return d1
        ? [
            {
              expired: (n: number) => expiredExports(d1, now.toISOString(), n),
              remove: (ids: string[]) => deleteExports(d1, ids),
            },
          ]
        : [];
    }),
    {
      expired: (n: number) => expiredProvinceExports(env.REGISTRY, now.toISOString(), n),
      remove: (ids: string[]) => deleteProvinceExports(env.REGISTRY, ids),
    },
  ];
  let removed = 0;
  for (const source of sources)
    for (;;) {
      const batch = await source.expired(100);
      if (!batch.length) break;
      const keys = batch.flatMap((e) => (e.object_key ? [e.object_key] : []));
      if (keys.length) await env.EXPORTS.delete(keys);
      await source.remove(batch.map((e) => e.id));
      removed += batch.length;
    }
  return removed;
}

/** The nightly run: every province's snapshot of the current year and its duplicate check; expiry. */
export async function nightly(env: Env, at: Date): Promise<void> {
  const year = Number(vietnamDate(at).slice(0, 4));
  for (const province of await provincesWithTenants(env.REGISTRY)) {
    await refreshSnapshot(env, province, year);
    await crossTenantDuplicates(env, province, at);
  }
  await expireExports(env, at);
}
