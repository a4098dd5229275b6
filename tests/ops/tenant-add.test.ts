// `npm run tenant:add` onboards a third district that is usable at once: run the real command
// against a copy of the configuration and a fresh local state, start wrangler dev on them, and
// work in the new tenant through the API.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "jsonc-parser";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient, waitForHealth } from "../../scripts/lib/client";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "ra-soat-tenant-"));
const config = join(dir, "wrangler.jsonc");
const state = join(dir, "state");
let dev: ChildProcess | undefined;

function freePort(): Promise<number> {
  return new Promise((ok) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

afterAll(() => {
  if (dev?.pid) {
    try {
      process.kill(-dev.pid, "SIGKILL");
    } catch {
      // already stopped
    }
  }
  rmSync(dir, { recursive: true, force: true });
});

describe("tenant:add", () => {
  it("creates a third tenant that is immediately usable", async () => {
    const original = parse(readFileSync(join(root, "wrangler.jsonc"), "utf8"));
    const copy = {
      ...original,
      main: join(root, "src/index.ts"),
      assets: undefined,
      d1_databases: original.d1_databases.map((d: any) => ({ ...d, migrations_dir: join(root, d.migrations_dir) })),
    };
    writeFileSync(config, `// test copy\n${JSON.stringify(copy, null, 2)}\n`);

    const add = spawnSync("npx", ["tsx", "scripts/tenant-add.ts", "yen-the", "Huyện Yên Thế", "--province", "bac-giang", "--config", config, "--persist-to", state], {
      cwd: root,
      encoding: "utf8",
    });
    expect(add.status, add.stderr + add.stdout).toBe(0);
    const after = parse(readFileSync(config, "utf8"));
    const entry = after.d1_databases.find((d: any) => d.binding === "DB_YEN_THE");
    expect(entry).toMatchObject({ database_name: "ra-soat-yen-the" });
    expect(resolve(dir, entry.migrations_dir)).toBe(join(root, "migrations/tenant"));

    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    dev = spawn(
      "npx",
      ["wrangler", "dev", "--config", config, "--persist-to", state, "--ip", "127.0.0.1", "--port", String(port), "--var", "BOOTSTRAP_ADMIN:root.tinh:khoi-tao-123", "--var", "BOOTSTRAP_PROVINCE:bac-giang", "--show-interactive-dev-session=false"],
      { cwd: root, detached: true, stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
    );
    await waitForHealth(base, 90_000);

    const province = await new ApiClient(base).login("root.tinh", "khoi-tao-123");
    const tenants = await province.must("GET", "/api/v1/tenants");
    expect(tenants.items.map((t: any) => t.code)).toContain("yen-the");
    await province.must("POST", "/api/v1/tenants/yen-the/users", { username: "yenthe.admin", password: "mat-khau-123", displayName: "Quản trị Yên Thế", role: "district_admin" });
    const admin = await new ApiClient(base).login("yenthe.admin", "mat-khau-123");
    const commune = await admin.must("POST", "/api/v1/tenants/yen-the/units", { code: "07240", name: "Xã Đồng Tâm", level: "commune" });
    expect(commune).toMatchObject({ name: "Xã Đồng Tâm", area: "rural" });
    const units = await admin.must("GET", "/api/v1/tenants/yen-the/units");
    expect(units.items.map((u: any) => u.id)).toEqual([commune.id]);
    expect((await admin.call("GET", "/api/v1/tenants/luc-ngan/units")).status).toBe(404);
  }, 180_000);
});
