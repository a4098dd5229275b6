// Every test file of the Workers project gets its own storage; this makes each file start from
// migrated, empty databases.
import { applyD1Migrations } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll } from "vitest";

beforeAll(async () => {
  await applyD1Migrations(env.REGISTRY, env.REGISTRY_MIGRATIONS);
  await applyD1Migrations(env.DB_LUC_NGAN, env.TENANT_MIGRATIONS);
  await applyD1Migrations(env.DB_SON_DONG, env.TENANT_MIGRATIONS);
});
