// Queries of the registry database. Routes and middleware call these; no SQL elsewhere.
import { and, eq, gt, lt, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SessionUser } from "../../env";
import { TtlCache } from "../../lib/ttl-cache";
import * as schema from "./schema";

/**
 * Sessions and tenants are read on every request, so each isolate keeps them for a few seconds.
 * A change made through this isolate (logout, disabling, a new role) drops the entries at once;
 * other isolates see it within the time-to-live.
 */
const sessionCache = new TtlCache<string, { user: SessionUser; expiresAt: number }>(10_000);
const tenantCache = new TtlCache<string, TenantRow>(60_000, 1000);

export { schema };
export type RegistryDb = ReturnType<typeof registryDb>;
export type TenantRow = typeof schema.tenants.$inferSelect;
export type UserRow = typeof schema.users.$inferSelect;

/** One handle per binding: building a drizzle handle walks the whole schema, on every request otherwise. */
const handles = new WeakMap<D1Database, ReturnType<typeof makeRegistryDb>>();
const makeRegistryDb = (d1: D1Database) => drizzle(d1, { schema });

export function registryDb(d1: D1Database) {
  let db = handles.get(d1);
  if (!db) handles.set(d1, (db = makeRegistryDb(d1)));
  return db;
}

const toSessionUser = (u: UserRow): SessionUser => ({
  id: u.id,
  username: u.username,
  displayName: u.displayName,
  role: u.role,
  province: u.province,
  tenant: u.tenant,
  unitId: u.unitId,
});

// ---- tenants -------------------------------------------------------------------------------

export async function getTenant(db: RegistryDb, code: string): Promise<TenantRow | undefined> {
  const cached = tenantCache.get(code);
  if (cached) return cached;
  const row = await db.select().from(schema.tenants).where(eq(schema.tenants.code, code)).get();
  if (row) tenantCache.set(code, row);
  return row;
}

export function listTenants(db: RegistryDb, filter: { province: string; code?: string | null }): Promise<TenantRow[]> {
  const where = filter.code
    ? and(eq(schema.tenants.province, filter.province), eq(schema.tenants.code, filter.code))
    : eq(schema.tenants.province, filter.province);
  return db.select().from(schema.tenants).where(where).orderBy(schema.tenants.code).all();
}

// ---- users ---------------------------------------------------------------------------------

export function getUserByUsername(db: RegistryDb, username: string): Promise<UserRow | undefined> {
  return db.select().from(schema.users).where(eq(schema.users.username, username)).get();
}

export function getUser(db: RegistryDb, id: string): Promise<UserRow | undefined> {
  return db.select().from(schema.users).where(eq(schema.users.id, id)).get();
}

export function listUsers(db: RegistryDb, tenant: string): Promise<UserRow[]> {
  return db.select().from(schema.users).where(eq(schema.users.tenant, tenant)).orderBy(schema.users.username).all();
}

export async function insertUser(db: RegistryDb, row: typeof schema.users.$inferInsert): Promise<UserRow> {
  return db.insert(schema.users).values(row).returning().get();
}

/** Applies `changes` when the row is still at `version`; undefined when it has moved on. */
export async function updateUser(
  db: RegistryDb,
  id: string,
  version: number,
  changes: Partial<Pick<UserRow, "displayName" | "role" | "unitId" | "disabled" | "passwordHash">>,
): Promise<UserRow | undefined> {
  return db
    .update(schema.users)
    .set({ ...changes, version: sql`${schema.users.version} + 1`, updatedAt: new Date().toISOString() })
    .where(and(eq(schema.users.id, id), eq(schema.users.version, version)))
    .returning()
    .get();
}

export async function setPasswordHash(db: RegistryDb, id: string, passwordHash: string): Promise<void> {
  await db.update(schema.users).set({ passwordHash }).where(eq(schema.users.id, id)).run();
}

// ---- sessions ------------------------------------------------------------------------------

export async function insertSession(
  db: RegistryDb,
  tokenHash: string,
  userId: string,
  ttlSeconds: number,
): Promise<void> {
  const now = new Date();
  await db
    .insert(schema.sessions)
    .values({
      tokenHash,
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    })
    .run();
}

/** The user of a live session, or undefined when the session is unknown, expired or the user disabled. */
export async function findSessionUser(db: RegistryDb, tokenHash: string): Promise<SessionUser | undefined> {
  const cached = sessionCache.get(tokenHash);
  if (cached) {
    if (cached.expiresAt > Date.now()) return cached.user;
    sessionCache.delete(tokenHash);
  }
  const row = await db
    .select({ user: schema.users, expiresAt: schema.sessions.expiresAt })
    .from(schema.sessions)
    .innerJoin(schema.users, eq(schema.sessions.userId, schema.users.id))
    .where(
      and(
        eq(schema.sessions.tokenHash, tokenHash),
        gt(schema.sessions.expiresAt, new Date().toISOString()),
        eq(schema.users.disabled, false),
      ),
    )
    .get();
  if (!row) return undefined;
  const user = toSessionUser(row.user);
  sessionCache.set(tokenHash, { user, expiresAt: Date.parse(row.expiresAt) });
  return user;
}

export async function deleteSession(db: RegistryDb, tokenHash: string): Promise<void> {
  sessionCache.delete(tokenHash);
  await db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash)).run();
}

export async function deleteSessionsOfUser(db: RegistryDb, userId: string): Promise<void> {
  sessionCache.deleteWhere((s) => s.user.id === userId);
  await db.delete(schema.sessions).where(eq(schema.sessions.userId, userId)).run();
}

export async function deleteExpiredSessions(db: RegistryDb): Promise<void> {
  await db.delete(schema.sessions).where(lt(schema.sessions.expiresAt, new Date().toISOString())).run();
}

// ---- login throttling ----------------------------------------------------------------------

/** Seconds until `key` may try again, or 0 when it is not blocked. */
export async function loginBlockedFor(db: RegistryDb, key: string): Promise<number> {
  const row = await db.select().from(schema.loginAttempts).where(eq(schema.loginAttempts.key, key)).get();
  if (!row?.blockedUntil) return 0;
  const left = (Date.parse(row.blockedUntil) - Date.now()) / 1000;
  return left > 0 ? left : 0;
}

/**
 * Counts one failure for `key` in one atomic statement (concurrent failures all count): a window
 * older than `windowSeconds` starts over, and reaching `max` failures blocks the key for
 * `blockSeconds`.
 */
export async function recordLoginFailure(
  db: RegistryDb,
  key: string,
  opts: { max: number; windowSeconds: number; blockSeconds: number },
): Promise<void> {
  const now = new Date();
  const nowIso = now.toISOString();
  const windowFloor = new Date(now.getTime() - opts.windowSeconds * 1000).toISOString();
  const blockUntil = new Date(now.getTime() + opts.blockSeconds * 1000).toISOString();
  const t = schema.loginAttempts;
  await db
    .insert(t)
    .values({ key, failures: 1, windowStart: nowIso, blockedUntil: opts.max <= 1 ? blockUntil : null })
    .onConflictDoUpdate({
      target: t.key,
      set: {
        failures: sql`CASE WHEN ${t.windowStart} < ${windowFloor} THEN 1 ELSE ${t.failures} + 1 END`,
        windowStart: sql`CASE WHEN ${t.windowStart} < ${windowFloor} THEN ${nowIso} ELSE ${t.windowStart} END`,
        blockedUntil: sql`CASE WHEN (CASE WHEN ${t.windowStart} < ${windowFloor} THEN 1 ELSE ${t.failures} + 1 END) >= ${opts.max} THEN ${blockUntil} ELSE ${t.blockedUntil} END`,
      },
    })
    .run();
}

export async function clearLoginFailures(db: RegistryDb, key: string): Promise<void> {
  await db.delete(schema.loginAttempts).where(eq(schema.loginAttempts.key, key)).run();
}

export async function insertTenant(db: RegistryDb, row: typeof schema.tenants.$inferInsert): Promise<void> {
  await db.insert(schema.tenants).values(row).run();
}

export async function countUsers(db: RegistryDb): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(schema.users).get();
  return row?.n ?? 0;
}
