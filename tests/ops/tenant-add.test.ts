// `npm run tenant:add` onboards a third district that is usable at once: run the real command
// against a copy of the configuration and a fresh local state, start wrangler dev on them, and
// work in the new tenant through the API.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse } from "jsonc-parser";
import { afterAll, describe, expect, it } from "vitest";
import { ApiClient } from "../../scripts/lib/client";
import { type DevServer, PROJECT_ROOT as root, startDevServer } from "../../scripts/lib/dev-server";

const dir = mkdtempSync(join(tmpdir(), "ra-soat-tenant-"));
const config = join(dir, "wrangler.jsonc");
const state = join(dir, "state");
let dev: DevServer | undefined;

afterAll(async () => {
  await dev?.stop();
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

    const add = spawnSync(
      "npx",
      [
        "tsx",
        "scripts/tenant-add.ts",
        "yen-the",
        "Huyện Yên Thế",
        "--province",
        "bac-giang",
        "--config",
        config,
        "--persist-to",
        state,
      ],
      {
        cwd: root,
        encoding: "utf8",
      },
    );
    expect(add.status, add.stderr + add.stdout).toBe(0);
    const after = parse(readFileSync(config, "utf8"));
    const entry = after.d1_databases.find((d: any) => d.binding === "DB_YEN_THE");
    expect(entry).toMatchObject({ database_name: "ra-soat-yen-the" });
    expect(resolve(dir, entry.migrations_dir)).toBe(join(root, "migrations/tenant"));

    dev = await startDevServer({
      config,
      persistTo: state,
      vars: { BOOTSTRAP_ADMIN: "root.tinh:khoi-tao-123", BOOTSTRAP_PROVINCE: "bac-giang" },
    });
    const base = dev.base;

    const province = await new ApiClient(base).login("root.tinh", "khoi-tao-123");
    const tenants = await province.must("GET", "/api/v1/tenants");
    expect(tenants.items.map((t: any) => t.code)).toContain("yen-the");
    await province.must("POST", "/api/v1/tenants/yen-the/users", {
      username: "yenthe.admin",
      password: "mat-khau-123",
      displayName: "Quản trị Yên Thế",
      role: "district_admin",
    });
    const admin = await new ApiClient(base).login("yenthe.admin", "mat-khau-123");
    const commune = await admin.must("POST", "/api/v1/tenants/yen-the/units", {
      code: "07240",
      name: "Xã Đồng Tâm",
      level: "commune",
    });
    expect(commune).toMatchObject({ name: "Xã Đồng Tâm", area: "rural" });
    const units = await admin.must("GET", "/api/v1/tenants/yen-the/units");
    expect(units.items.map((u: any) => u.id)).toEqual([commune.id]);
    expect((await admin.call("GET", "/api/v1/tenants/luc-ngan/units")).status).toBe(404);
  }, 180_000);
});
