// Scheduled upkeep (the Cron Trigger in wrangler.jsonc, see src/index.ts): each province's
// snapshot of the day and its check for people registered in two tenants, the removal of
// expired export files with their records and of ended sessions, and the sealing of audit chains
// written before they were keyed.

import { roomWrite } from "../coordination/client";
import { deleteExpiredSessions, registryDb, schema } from "../db/registry";
import { deleteProvinceExports, expiredProvinceExports, provincesWithTenants } from "../db/registry/province";
import { unsealedChains } from "../db/tenant/audit";
import { deleteExports, expiredExports } from "../db/tenant/exports";
import { vietnamDate } from "../domain";
import { settings } from "../env";
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

/** Who seals the chains: no person, the nightly run. */
const SEALER = { id: "system", username: "system", displayName: "Hệ thống (niêm phong nhật ký)", role: "system" };

/**
 * Appends one keyed entry to every audit chain of every tenant that still ends with an unkeyed
 * one (written before AUDIT_HMAC_KEY), through the chain's room like any write: from then on its
 * older entries are covered by the key too. Returns how many chains were sealed.
 */
export async function sealAuditChains(env: Env): Promise<number> {
  const tenants = await registryDb(env.REGISTRY).select().from(schema.tenants).all();
  let sealed = 0;
  for (const t of tenants) {
    const d1 = tenantDatabase(env, t.binding);
    if (!d1) continue;
    for (const chain of await unsealedChains(d1)) {
      const outcome = await roomWrite(env, {
        tenant: t.code,
        binding: t.binding,
        villageId: chain,
        actor: SEALER,
        command: {
          kind: "batch",
          guards: [],
          statements: [],
          audit: [{ entityType: "audit_chain", entityId: chain, action: "seal", changes: [] }],
          response: { status: 200, body: null },
        },
      });
      if (outcome.status === 200) sealed++;
    }
  }
  return sealed;
}

/** The nightly run: every province's snapshot of the current year and its duplicate check; expiry. */
export async function nightly(env: Env, at: Date): Promise<void> {
  await sealAuditChains(env);
  await deleteExpiredSessions(registryDb(env.REGISTRY), settings(env).sessionIdleSeconds);
  const year = Number(vietnamDate(at).slice(0, 4));
  for (const province of await provincesWithTenants(env.REGISTRY)) {
    await refreshSnapshot(env, province, year);
    await crossTenantDuplicates(env, province, at);
  }
  await expireExports(env, at);
}
