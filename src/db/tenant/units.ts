// Queries of the units (communes and villages) of one tenant database.
import { and, asc, eq, isNull, ne, or, sql } from "drizzle-orm";
import type { SqlStatement } from "../../coordination/commands/batch";
import type { TenantDb } from "../../env";
import { TtlCache } from "../../lib/ttl-cache";
import { units } from "./schema";

/**
 * Unit paths are read by every authorisation and change only when a unit moves: each isolate keeps
 * them for a minute per tenant database; a change through this isolate drops them at once.
 */
const pathCaches = new WeakMap<object, TtlCache<string, string[]>>();
function pathCache(db: TenantDb): TtlCache<string, string[]> {
  let cache = pathCaches.get(db.$client);
  if (!cache) {
    cache = new TtlCache(60_000, 20_000);
    pathCaches.set(db.$client, cache);
  }
  return cache;
}

export type UnitRow = typeof units.$inferSelect;
export type NewUnit = typeof units.$inferInsert;

export function getUnit(db: TenantDb, id: string): Promise<UnitRow | undefined> {
  return db.select().from(units).where(eq(units.id, id)).get();
}

export function getUnitByCode(db: TenantDb, code: string): Promise<UnitRow | undefined> {
  return db.select().from(units).where(eq(units.code, code)).get();
}

/** Ids from the top of the tenant down to the unit itself ([] when the unit does not exist). */
export async function unitPath(db: TenantDb, id: string): Promise<string[]> {
  const cache = pathCache(db);
  const cached = cache.get(id);
  if (cached) return cached;
  const rows = await db.all<{ id: string; depth: number }>(sql`
    WITH RECURSIVE up(id, parent_id, depth) AS (
      SELECT id, parent_id, 0 FROM units WHERE id = ${id}
      UNION ALL
      SELECT u.id, u.parent_id, up.depth + 1 FROM units u JOIN up ON u.id = up.parent_id WHERE up.depth < 8
    )
    SELECT id, depth FROM up ORDER BY depth DESC`);
  const path = rows.map((r) => r.id);
  if (path.length) cache.set(id, path);
  return path;
}

export function listUnits(
  db: TenantDb,
  filter: {
    parentId?: string | null;
    within?: string | null;
    level?: "commune" | "village";
    after?: (string | number)[];
    limit?: number;
  },
): Promise<UnitRow[]> {
  const conds = [];
  if (filter.after)
    conds.push(
      sql`(${units.level}, ${units.name}, ${units.id}) > (${filter.after[0]}, ${filter.after[1]}, ${filter.after[2]})`,
    );
  if (filter.parentId !== undefined)
    conds.push(filter.parentId === null ? isNull(units.parentId) : eq(units.parentId, filter.parentId));
  if (filter.within) conds.push(or(eq(units.id, filter.within), eq(units.parentId, filter.within)));
  if (filter.level) conds.push(eq(units.level, filter.level));
  return db
    .select()
    .from(units)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(asc(units.level), asc(units.name), asc(units.id))
    .limit(filter.limit ?? -1)
    .all();
}

/** Drizzle's SQL of a query, as the tenant room's prepared batch takes it. */
function statement(q: { toSQL(): { sql: string; params: unknown[] } }): SqlStatement {
  const { sql: text, params } = q.toSQL();
  return { sql: text, params: params as SqlStatement["params"] };
}

export function insertUnitSql(db: TenantDb, row: UnitRow): SqlStatement {
  return statement(db.insert(units).values(row));
}

/** Aborts the room's batch unless the unit is still at `version`. */
export function guardUnitSql(id: string, version: number): SqlStatement {
  return {
    sql: "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM units WHERE id = ? AND version = ?)",
    params: [id, version],
  };
}

/** Writes the unit as `after`, and carries a commune's area down to its villages. */
export function updateUnitSql(db: TenantDb, after: UnitRow, areaChanged: boolean): SqlStatement[] {
  const { id, ...fields } = after;
  return [
    statement(db.update(units).set(fields).where(eq(units.id, id))),
    ...(areaChanged && after.level === "commune"
      ? [
          statement(
            db
              .update(units)
              .set({ area: after.area, version: sql`${units.version} + 1`, updatedAt: after.updatedAt })
              .where(and(eq(units.parentId, id), ne(units.area, after.area))),
          ),
        ]
      : []),
  ];
}

/** Unit paths are about to change (a unit moved): forget this isolate's copies. */
export function forgetUnitPaths(db: TenantDb): void {
  pathCache(db).clear();
}
