import { readdirSync, readFileSync } from "node:fs";
import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** The household lists LibreOffice wrote (tests/fixtures/imports), for the Workers tests: name → base64. */
function importFixtures(): Record<string, string> {
  const dir = "tests/fixtures/imports";
  return Object.fromEntries(
    readdirSync(dir)
      .filter((f) => /\.(xlsx|csv)$/.test(f))
      .map((f) => [f, readFileSync(`${dir}/${f}`).toString("base64")]),
  );
}

// Two kinds of tests: pure code in Node (fast), and everything that touches bindings inside the
// real Workers runtime (workerd + Miniflare's local D1, Durable Objects and R2).
export default defineConfig(async () => {
  const registryMigrations = await readD1Migrations("migrations/registry");
  const tenantMigrations = await readD1Migrations("migrations/tenant");
  return {
    test: {
      projects: [
        {
          test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node" },
        },
        {
          // The web app in real Chromium against wrangler dev on a fresh local state.
          test: {
            name: "e2e",
            include: ["tests/e2e/**/*.test.ts"],
            environment: "node",
            globalSetup: ["tests/e2e/global-setup.ts"],
            fileParallelism: false,
            testTimeout: 120_000,
            hookTimeout: 300_000,
          },
        },
        {
          // Load, crashes, hostile input and access against wrangler dev, each file on its own copy
          // of a test district and its own server; RELIABILITY_PROFILE=full for the long run.
          test: {
            name: "reliability",
            include: ["tests/reliability/**/*.test.ts"],
            environment: "node",
            globalSetup: ["tests/reliability/global-setup.ts"],
            fileParallelism: false,
            testTimeout: 600_000,
            hookTimeout: 180_000,
          },
        },
        {
          // Operations scripts run for real against wrangler on a temporary local state.
          test: {
            name: "ops",
            include: ["tests/ops/**/*.test.ts"],
            environment: "node",
            testTimeout: 180_000,
            hookTimeout: 60_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: "./wrangler.jsonc" },
              miniflare: {
                bindings: {
                  BOOTSTRAP_ADMIN: "root.tinh:khoi-tao-123",
                  BOOTSTRAP_PROVINCE: "bac-giang",
                  REGISTRY_MIGRATIONS: registryMigrations,
                  TENANT_MIGRATIONS: tenantMigrations,
                  IMPORT_FIXTURES: importFixtures(),
                },
              },
            }),
          ],
          test: {
            name: "workers",
            include: ["tests/api/**/*.test.ts"],
            setupFiles: ["tests/api/setup.ts"],
          },
        },
      ],
    },
  };
});
