// Queries of the units (communes and villages) of one tenant database.
import { and, asc, eq, isNull, or, sql } from "drizzle-orm";
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
  filter: { parentId?: string | null; within?: string | null; level?: "commune" | "village"; after?: (string | number)[]; limit?: number },
): Promise<UnitRow[]> {
  const conds = [];
  if (filter.after) conds.push(sql`(${units.level}, ${units.name}, ${units.id}) > (${filter.after[0]}, ${filter.after[1]}, ${filter.after[2]})`);
  if (filter.parentId !== undefined) conds.push(filter.parentId === null ? isNull(units.parentId) : eq(units.parentId, filter.parentId));
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

export async function insertUnit(db: TenantDb, row: NewUnit): Promise<UnitRow> {
  return db.insert(units).values(row).returning().get();
}

/**
 * Applies `changes` to the unit if it is still at `version`, and carries a commune's area down to
 * its villages in the same batch. Undefined when the unit has moved on (nothing written).
 */
export async function updateUnit(
  db: TenantDb,
  id: string,
  version: number,
  changes: Partial<Pick<UnitRow, "name" | "code" | "parentId" | "area" | "kind" | "validTo">>,
): Promise<UnitRow | undefined> {
  if (changes.parentId !== undefined) pathCache(db).clear();
  const now = new Date().toISOString();
  const update = db
    .update(units)
    .set({ ...changes, version: sql`${units.version} + 1`, updatedAt: now })
    .where(and(eq(units.id, id), eq(units.version, version)))
    .returning();
  if (!changes.area) return (await update.all())[0];
  const cascade = db
    .update(units)
    .set({ area: changes.area, version: sql`${units.version} + 1`, updatedAt: now })
    .where(and(eq(units.parentId, id), sql`${units.area} <> ${changes.area}`,
      // only when the commune itself was updated (its version moved to version + 1)
      sql`EXISTS (SELECT 1 FROM units c WHERE c.id = ${id} AND c.version = ${version + 1})`));
  const [updated] = await db.batch([update, cascade]);
  return updated[0];
}
