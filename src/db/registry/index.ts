// Queries of the registry database. Routes and middleware call these; no SQL elsewhere.
import { and, eq, gt, isNull, lt, ne, or, sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { SessionUser } from "../../env";
import { TtlCache } from "../../lib/ttl-cache";
import * as schema from "./schema";

/**
 * Sessions and tenants are read on every request, so each isolate keeps them for a few seconds.
 * A change made through this isolate (logout, disabling, a new role) drops the entries at once;
 * other isolates see it within the time-to-live.
 */
const sessionCache = new TtlCache<string, { user: SessionUser; expiresAt: number; lastSeen: number }>(10_000);
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

/** The province-level accounts of a province (those of no tenant). */
export function listProvinceUsers(db: RegistryDb, province: string): Promise<UserRow[]> {
  return db
    .select()
    .from(schema.users)
    .where(and(eq(schema.users.province, province), isNull(schema.users.tenant)))
    .orderBy(schema.users.username)
    .all();
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

/** How often a session's last use is written: idle time is measured to this precision. */
const TOUCH_EVERY_MS = 60_000;

export type SessionRow = typeof schema.sessions.$inferSelect;

/** The id a session is shown and ended by: a prefix of its token's hash (which reveals nothing of the token). */
export const sessionId = (tokenHash: string) => tokenHash.slice(0, 32);

export async function insertSession(
  db: RegistryDb,
  tokenHash: string,
  userId: string,
  ttlSeconds: number,
  userAgent: string | null = null,
): Promise<void> {
  const now = new Date();
  await db
    .insert(schema.sessions)
    .values({
      tokenHash,
      userId,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
      lastSeenAt: now.toISOString(),
      userAgent: userAgent?.slice(0, 300) ?? null,
    })
    .run();
}

const lastUse = (s: { createdAt: string; lastSeenAt: string | null }) => Date.parse(s.lastSeenAt ?? s.createdAt);

/**
 * The user of a live session: undefined when the session is unknown, past its absolute end, idle
 * for longer than `idleSeconds`, or the user is disabled. Marks the session used (at most once a
 * minute, so that requests do not all write).
 */
export async function findSessionUser(
  db: RegistryDb,
  tokenHash: string,
  idleSeconds: number,
): Promise<SessionUser | undefined> {
  const now = Date.now();
  const idleFloor = now - idleSeconds * 1000;
  let found = sessionCache.get(tokenHash);
  if (found && (found.expiresAt <= now || found.lastSeen <= idleFloor)) {
    sessionCache.delete(tokenHash);
    found = undefined;
  }
  if (!found) {
    const row = await db
      .select({ user: schema.users, session: schema.sessions })
      .from(schema.sessions)
      .innerJoin(schema.users, eq(schema.sessions.userId, schema.users.id))
      .where(
        and(
          eq(schema.sessions.tokenHash, tokenHash),
          gt(schema.sessions.expiresAt, new Date(now).toISOString()),
          gt(
            sql`coalesce(${schema.sessions.lastSeenAt}, ${schema.sessions.createdAt})`,
            new Date(idleFloor).toISOString(),
          ),
          eq(schema.users.disabled, false),
        ),
      )
      .get();
    if (!row) return undefined;
    found = {
      user: toSessionUser(row.user),
      expiresAt: Date.parse(row.session.expiresAt),
      lastSeen: lastUse(row.session),
    };
    sessionCache.set(tokenHash, found);
  }
  if (now - found.lastSeen >= TOUCH_EVERY_MS) {
    found.lastSeen = now;
    await db
      .update(schema.sessions)
      .set({ lastSeenAt: new Date(now).toISOString() })
      .where(eq(schema.sessions.tokenHash, tokenHash))
      .run();
  }
  return found.user;
}

/** Which of these sessions are still live (not ended, expired or idle, user not disabled). */
export async function liveSessions(d1: D1Database, tokenHashes: string[], idleSeconds: number): Promise<Set<string>> {
  if (!tokenHashes.length) return new Set();
  const now = Date.now();
  const { results } = await d1
    .prepare(
      `SELECT s.token_hash FROM sessions s JOIN users u ON u.id = s.user_id
       WHERE s.token_hash IN (SELECT value FROM json_each(?1)) AND s.expires_at > ?2
         AND coalesce(s.last_seen_at, s.created_at) > ?3 AND u.disabled = 0`,
    )
    .bind(JSON.stringify(tokenHashes), new Date(now).toISOString(), new Date(now - idleSeconds * 1000).toISOString())
    .all<{ token_hash: string }>();
  return new Set(results.map((r) => r.token_hash));
}

/** Marks a session used now (a live socket's messages), unless it was within the last minute. */
export async function touchSession(d1: D1Database, tokenHash: string): Promise<void> {
  const now = Date.now();
  await d1
    .prepare("UPDATE sessions SET last_seen_at = ?1 WHERE token_hash = ?2 AND coalesce(last_seen_at, created_at) < ?3")
    .bind(new Date(now).toISOString(), tokenHash, new Date(now - TOUCH_EVERY_MS).toISOString())
    .run();
}

/** A user's live sessions, most recently used first. */
export async function sessionsOfUser(db: RegistryDb, userId: string, idleSeconds: number): Promise<SessionRow[]> {
  const now = Date.now();
  const rows = await db.select().from(schema.sessions).where(eq(schema.sessions.userId, userId)).all();
  return rows
    .filter((s) => Date.parse(s.expiresAt) > now && lastUse(s) > now - idleSeconds * 1000)
    .sort((a, b) => lastUse(b) - lastUse(a));
}

export async function deleteSession(db: RegistryDb, tokenHash: string): Promise<void> {
  sessionCache.delete(tokenHash);
  await db.delete(schema.sessions).where(eq(schema.sessions.tokenHash, tokenHash)).run();
}

/** Ends one session of a user, by its id; whether there was one. */
export async function deleteSessionById(db: RegistryDb, userId: string, id: string): Promise<boolean> {
  const gone = await db
    .delete(schema.sessions)
    .where(and(eq(schema.sessions.userId, userId), sql`substr(${schema.sessions.tokenHash}, 1, 32) = ${id}`))
    .returning({ tokenHash: schema.sessions.tokenHash })
    .all();
  for (const s of gone) sessionCache.delete(s.tokenHash);
  return gone.length > 0;
}

/** Ends every session of a user (all but `keep`, when given). */
export async function deleteSessionsOfUser(db: RegistryDb, userId: string, keep?: string): Promise<void> {
  sessionCache.deleteWhere((s, hash) => s.user.id === userId && hash !== keep);
  await db
    .delete(schema.sessions)
    .where(
      keep
        ? and(eq(schema.sessions.userId, userId), ne(schema.sessions.tokenHash, keep))
        : eq(schema.sessions.userId, userId),
    )
    .run();
}

export async function deleteExpiredSessions(db: RegistryDb, idleSeconds: number): Promise<void> {
  const now = Date.now();
  await db
    .delete(schema.sessions)
    .where(
      or(
        lt(schema.sessions.expiresAt, new Date(now).toISOString()),
        lt(
          sql`coalesce(${schema.sessions.lastSeenAt}, ${schema.sessions.createdAt})`,
          new Date(now - idleSeconds * 1000).toISOString(),
        ),
      ),
    )
    .run();
}

// ---- login throttling ----------------------------------------------------------------------

export interface AttemptLimit {
  /** "user:<name>" or "ip:<address>" */
  key: string;
  /** Password checks allowed in a window (failed ones and those under way together). */
  max: number;
}

/**
 * Reserves one password check for each key before the password is tested, all or none. A burst
 * of parallel guesses cannot outrun the count: the reservation is one conditional upsert per key
 * (one D1 batch, which runs as a single transaction on the database's primary), so the check,
 * the test and the count cannot interleave: at most `max` checks per key are ever under way or
 * failed within a window, whatever arrives at once. (A Durable Object per username would give
 * the same order, at the price of one more hop and class; one SQL statement is enough.) A window
 * older than `windowSeconds`, or an expired block, starts over. Answers 0 when reserved, else the
 * seconds until the refused key may try again.
 */
export async function reserveLoginAttempt(
  db: RegistryDb,
  limits: AttemptLimit[],
  opts: { windowSeconds: number },
): Promise<number> {
  const d1 = db.$client;
  const now = new Date();
  const nowIso = now.toISOString();
  const windowFloor = new Date(now.getTime() - opts.windowSeconds * 1000).toISOString();
  const fresh = "(window_start < ?3 OR blocked_until <= ?2)";
  const results = await d1.batch<{ key: string }>(
    limits.map((l) =>
      d1
        .prepare(
          `INSERT INTO login_attempts (key, failures, pending, window_start, blocked_until) VALUES (?1, 0, 1, ?2, NULL)
           ON CONFLICT(key) DO UPDATE SET
             failures = CASE WHEN ${fresh} THEN 0 ELSE failures END,
             pending = CASE WHEN ${fresh} THEN 1 ELSE pending + 1 END,
             window_start = CASE WHEN ${fresh} THEN ?2 ELSE window_start END,
             blocked_until = CASE WHEN ${fresh} THEN NULL ELSE blocked_until END
           WHERE ${fresh} OR (blocked_until IS NULL AND failures + pending < ?4)
           RETURNING key`,
        )
        .bind(l.key, nowIso, windowFloor, l.max),
    ),
  );
  const reserved = limits.filter((_, i) => results[i]?.results.length);
  if (reserved.length === limits.length) return 0;
  if (reserved.length) await settleLoginAttempt(db, reserved, "released");
  const refused = limits.filter((l) => !reserved.includes(l)).map((l) => l.key);
  const { results: rows } = await d1
    .prepare("SELECT blocked_until FROM login_attempts WHERE key IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(refused))
    .all<{ blocked_until: string | null }>();
  const blockedFor = Math.max(0, ...rows.map((r) => (r.blocked_until ? Date.parse(r.blocked_until) - Date.now() : 0)));
  // Not blocked yet: the checks already under way may still succeed or block the key.
  return blockedFor > 0 ? blockedFor / 1000 : PENDING_RETRY_SECONDS;
}

/** What a refusal without a block asks the client to wait: the checks under way take about a second. */
const PENDING_RETRY_SECONDS = 5;

/**
 * Ends reserved checks: a failure counts against each key (reaching its `max` blocks it for
 * `blockSeconds`); a success clears the failures of keys marked `clearOnSuccess` (the username's);
 * "released" just gives the reservation back.
 */
export async function settleLoginAttempt(
  db: RegistryDb,
  limits: (AttemptLimit & { clearOnSuccess?: boolean })[],
  outcome: "failed" | "succeeded" | "released",
  opts: { blockSeconds: number } = { blockSeconds: 0 },
): Promise<void> {
  const d1 = db.$client;
  const blockUntil = new Date(Date.now() + opts.blockSeconds * 1000).toISOString();
  await d1.batch(
    limits.map((l) =>
      outcome === "failed"
        ? d1
            .prepare(
              `UPDATE login_attempts SET pending = max(pending - 1, 0), failures = failures + 1,
                 blocked_until = CASE WHEN failures + 1 >= ?2 THEN ?3 ELSE blocked_until END
               WHERE key = ?1`,
            )
            .bind(l.key, l.max, blockUntil)
        : outcome === "succeeded" && l.clearOnSuccess
          ? d1
              .prepare(
                "UPDATE login_attempts SET pending = max(pending - 1, 0), failures = 0, blocked_until = NULL WHERE key = ?",
              )
              .bind(l.key)
          : d1.prepare("UPDATE login_attempts SET pending = max(pending - 1, 0) WHERE key = ?").bind(l.key),
    ),
  );
}

export async function insertTenant(db: RegistryDb, row: typeof schema.tenants.$inferInsert): Promise<void> {
  await db.insert(schema.tenants).values(row).run();
}

export async function countUsers(db: RegistryDb): Promise<number> {
  const row = await db.select({ n: sql<number>`count(*)` }).from(schema.users).get();
  return row?.n ?? 0;
}
