// A fresh local state for benchmarks and Node-side checks that need many rows: a copy of the
// configuration with one database per tenant, the migrations applied and the tenants registered
// through the real commands, then rows written straight into the local D1 files with node:sqlite
// (a million rows in seconds, where the API would take most of an hour). Only for local state.
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { parse } from "jsonc-parser";
import { hashPassword } from "../../src/auth/passwords";
import { addTenant, bindingFor } from "../tenant-add";
import { PROJECT_ROOT } from "./dev-server";
import { execute, type Target } from "./wrangler";

export interface LocalTenant {
  code: string;
  name: string;
  province: string;
}

export interface LocalState {
  dir: string;
  config: string;
  state: string;
  target: Target;
  /** The local SQLite file of the registry ("REGISTRY") and of each tenant (by code). */
  files: Map<string, string>;
}

function sqliteFiles(root: string): string[] {
  return readdirSync(root).flatMap((f) => {
    const p = join(root, f);
    return statSync(p).isDirectory() ? sqliteFiles(p) : f.endsWith(".sqlite") ? [p] : [];
  });
}

export function prepareLocalState(prefix: string, tenants: LocalTenant[]): LocalState {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const state = join(dir, "state");
  const config = join(dir, "wrangler.jsonc");
  const target: Target = { config, persistTo: state, remote: false };
  const original = parse(readFileSync(join(PROJECT_ROOT, "wrangler.jsonc"), "utf8"));
  const registry = original.d1_databases.find((d: { binding: string }) => d.binding === "REGISTRY");
  writeFileSync(
    config,
    JSON.stringify({
      ...original,
      main: join(PROJECT_ROOT, "src/index.ts"),
      assets: undefined,
      d1_databases: [
        { ...registry, migrations_dir: join(PROJECT_ROOT, registry.migrations_dir) },
        ...tenants.map((t) => ({
          binding: bindingFor(t.code),
          database_name: `ra-soat-${t.code}`,
          database_id: `local-${t.code}`,
          migrations_dir: join(PROJECT_ROOT, "migrations/tenant"),
        })),
      ],
    }),
  );
  for (const t of tenants) {
    addTenant(target, t);
    // A marker to tell the tenants' files apart below.
    execute(
      target,
      bindingFor(t.code),
      `INSERT INTO settings (key, value, updated_at) VALUES ('local-state-tenant', '${t.code}', '')`,
    );
  }
  const files = new Map<string, string>();
  for (const f of sqliteFiles(join(state, "v3", "d1"))) {
    const db = new DatabaseSync(f);
    try {
      const tables = db
        .prepare("SELECT name FROM sqlite_master WHERE type = 'table'")
        .all()
        .map((r) => r.name);
      if (tables.includes("tenants")) files.set("REGISTRY", f);
      else if (tables.includes("settings")) {
        const marker = db.prepare("SELECT value FROM settings WHERE key = 'local-state-tenant'").get() as
          | { value: string }
          | undefined;
        if (marker) files.set(marker.value, f);
      }
    } finally {
      db.close();
    }
  }
  for (const t of tenants) if (!files.has(t.code)) throw new Error(`No local database file found for ${t.code}`);
  return { dir, config, state, target, files };
}

export type Row = Record<string, string | number | null>;

/** Inserts rows (column → value) into a local D1 file, in one transaction. */
export function insertRows(file: string, tables: { table: string; rows: Row[] }[]): void {
  const db = new DatabaseSync(file);
  db.exec("BEGIN");
  for (const t of tables) {
    if (!t.rows.length) continue;
    const cols = Object.keys(t.rows[0]!);
    const stmt = db.prepare(`INSERT INTO ${t.table} (${cols.join(",")}) VALUES (${cols.map(() => "?").join(",")})`);
    for (const r of t.rows) stmt.run(...cols.map((c) => r[c] ?? null));
  }
  db.exec("COMMIT");
  db.close();
}

/** Accounts written into the local registry, all with `password`. */
export async function insertAccounts(
  state: LocalState,
  password: string,
  accounts: { username: string; role: string; province: string; tenant: string | null; unitId?: string | null }[],
): Promise<void> {
  const hash = await hashPassword(password);
  const now = new Date().toISOString();
  insertRows(state.files.get("REGISTRY")!, [
    {
      table: "users",
      rows: accounts.map((a) => ({
        id: crypto.randomUUID(),
        username: a.username,
        password_hash: hash,
        display_name: a.username,
        role: a.role,
        province: a.province,
        tenant: a.tenant,
        unit_id: a.unitId ?? null,
        created_at: now,
        updated_at: now,
      })),
    },
  ]);
}
