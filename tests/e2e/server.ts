// The whole product for browser tests and local demos: builds the web app, prepares a fresh local
// state (registry, the two demo districts, their migrations), starts `wrangler dev` on it in its
// own process group, and creates the demo accounts and places through the API.
//   npx tsx tests/e2e/server.ts --port 8803 --state /tmp/ra-soat-web   (a local demo that stays up)
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROVINCE, DEMO_TENANTS } from "../../scripts/demo/places";
import { waitForHealth } from "../../scripts/lib/client";
import type { Target } from "../../scripts/lib/wrangler";
import { migrateAll } from "../../scripts/migrate-all";
import { demoSeeded, seedDemo } from "../../scripts/seed";
import { addTenant } from "../../scripts/tenant-add";

export const ROOT = resolve(import.meta.dirname, "../..");

export interface Server {
  base: string;
  state: string;
  stop(): void;
}

export function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export function buildWeb(): void {
  // NODE_ENV=production: vitest sets it to "test", which would make Vite build a development app.
  const r = spawnSync("npx", ["vite", "build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production" },
  });
  if (r.status !== 0) throw new Error("vite build failed");
}

export async function startServer(opts: { port?: number; state?: string; build?: boolean } = {}): Promise<Server> {
  // E2E_BASE: run against a server already up (a local demo started with this file's CLI).
  if (process.env.E2E_BASE) return { base: process.env.E2E_BASE, state: "", stop() {} };
  if (opts.build !== false) buildWeb();
  const state = opts.state ?? join(mkdtempSync(join(tmpdir(), "ra-soat-e2e-")), "state");
  const fresh = !existsSync(state);
  const target: Target = { config: join(ROOT, "wrangler.jsonc"), persistTo: state, remote: false };
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const registered = migrateAll(target);
    for (const t of DEMO_TENANTS)
      if (!registered.includes(t.code)) addTenant(target, { code: t.code, name: t.name, province: DEMO_PROVINCE.code });
  } finally {
    process.chdir(cwd);
  }
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  const dev: ChildProcess = spawn(
    "npx",
    [
      "wrangler",
      "dev",
      "--config",
      target.config,
      "--persist-to",
      state,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--var",
      `BOOTSTRAP_ADMIN:${DEMO_ACCOUNTS.province}:${DEMO_PASSWORD}`,
      "--var",
      `BOOTSTRAP_PROVINCE:${DEMO_PROVINCE.code}`,
      "--show-interactive-dev-session=false",
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: process.env.E2E_WRANGLER_LOG ? "inherit" : "ignore",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    },
  );
  const stop = () => {
    try {
      process.kill(-dev.pid!, "SIGKILL");
    } catch {
      // already stopped
    }
    if (!opts.state) rmSync(join(state, ".."), { recursive: true, force: true });
  };
  try {
    await waitForHealth(base, 120_000);
    if (fresh || !(await demoSeeded(base))) await seedDemo({ base });
  } catch (e) {
    stop();
    throw e;
  }
  return { base, state, stop };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "8803" },
      state: { type: "string", default: "/tmp/ra-soat-web-state" },
    },
  });
  const server = await startServer({ port: Number(values.port), state: values.state! });
  console.log(
    `Rà soát: ${server.base} (state ${server.state}); accounts ${Object.values(DEMO_ACCOUNTS).join(", ")} / ${DEMO_PASSWORD}`,
  );
  process.on("SIGINT", () => (server.stop(), process.exit(0)));
  process.on("SIGTERM", () => (server.stop(), process.exit(0)));
}
