// Reads the local D1 databases of a `wrangler dev` state straight from their SQLite files, as an
// independent witness of what was stored (not through the API under test). Read-only; safe while
// the server runs (the files are in WAL mode).
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";

export interface LocalD1 {
  registry: DatabaseSync;
  /** luc-ngan, the district under test */
  tenant: DatabaseSync;
  /** son-dong, the other district */
  other: DatabaseSync;
  close(): void;
}

const has = (db: DatabaseSync, sql: string, ...args: string[]) => db.prepare(sql).get(...args) !== undefined;

/** Opens the three databases of a district state, telling them apart by what they hold. */
export function openLocalD1(state: string, tenantUnit: string, otherUnit: string): LocalD1 {
  const dir = join(state, "v3/d1/miniflare-D1DatabaseObject");
  const found: Partial<Record<"registry" | "tenant" | "other", DatabaseSync>> = {};
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".sqlite") && f !== "metadata.sqlite")) {
    const db = new DatabaseSync(join(dir, f), { readOnly: true });
    if (has(db, "SELECT 1 FROM sqlite_master WHERE name = 'tenants'")) found.registry = db;
    else if (
      has(db, "SELECT 1 FROM sqlite_master WHERE name = 'units'") &&
      has(db, "SELECT 1 FROM units WHERE id = ?", tenantUnit)
    )
      found.tenant = db;
    else if (
      has(db, "SELECT 1 FROM sqlite_master WHERE name = 'units'") &&
      has(db, "SELECT 1 FROM units WHERE id = ?", otherUnit)
    )
      found.other = db;
    else db.close();
  }
  const { registry, tenant, other } = found;
  if (!registry || !tenant || !other) throw new Error(`local D1 databases not found in ${dir}`);
  return {
    registry,
    tenant,
    other,
    close() {
      registry.close();
      tenant.close();
      other.close();
    },
  };
}

/**
 * A digest of the rows of `tables` (every column but those `ignored` per table, in primary-key
 * order): equal digests, equal data.
 */
export function digest(db: DatabaseSync, tables: string[], ignored: Record<string, string[]> = {}): string {
  const h = createHash("sha256");
  for (const t of tables) {
    h.update(`\u0000${t}\u0000`);
    for (const row of db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).iterate()) {
      for (const column of ignored[t] ?? []) delete (row as Record<string, unknown>)[column];
      h.update(JSON.stringify(row));
    }
  }
  return h.digest("hex");
}

/** Tables of a database that hold application data (not SQLite's, D1's or Cloudflare's own). */
export function dataTables(db: DatabaseSync): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[])
    .map((r) => r.name)
    .filter((n) => !n.startsWith("sqlite_") && !n.startsWith("_cf_") && n !== "d1_migrations");
}

/** SQLite's counter of commits made by other connections: it moves whenever the server commits. */
export function dataVersion(db: DatabaseSync): number {
  return (db.prepare("PRAGMA data_version").get() as { data_version: number }).data_version;
}

/**
 * The content of some tables, cheaply: recomputed only when the server has committed since the
 * last look (local D1 commits on some reads too, so a moved data_version alone proves nothing).
 */
export class ContentWitness {
  private seen = -1;
  private value = "";
  constructor(
    private readonly db: DatabaseSync,
    private readonly tables: string[] = dataTables(db),
    private readonly ignored: Record<string, string[]> = {},
  ) {}

  current(): string {
    const v = dataVersion(this.db);
    if (v !== this.seen) {
      this.value = digest(this.db, this.tables, this.ignored);
      this.seen = v;
    }
    return this.value;
  }
}
