// The audit log's SQL: appending chained entries, reading an entity's history, walking a chain.
import { AUDIT_GENESIS, type AuditEntry, KEYED_PREFIX } from "../../coordination/audit-chain";

interface AuditRow {
  id: string;
  chain: string;
  seq: number;
  at: string;
  actor_id: string;
  actor_name: string;
  actor_role: string;
  entity_type: string;
  entity_id: string;
  action: string;
  reason: string | null;
  changes: string;
  prev_hash: string;
  hash: string;
}

const fromRow = (r: AuditRow): AuditEntry => ({
  id: r.id,
  chain: r.chain,
  seq: r.seq,
  at: r.at,
  actorId: r.actor_id,
  actorName: r.actor_name,
  actorRole: r.actor_role,
  entityType: r.entity_type,
  entityId: r.entity_id,
  action: r.action,
  reason: r.reason,
  changes: JSON.parse(r.changes),
  prevHash: r.prev_hash,
  hash: r.hash,
});

export async function chainHead(d1: D1Database, chain: string): Promise<{ seq: number; hash: string }> {
  const row = await d1
    .prepare("SELECT seq, hash FROM audit_log WHERE chain = ? ORDER BY seq DESC LIMIT 1")
    .bind(chain)
    .first<{ seq: number; hash: string }>();
  return row ?? { seq: 0, hash: AUDIT_GENESIS };
}

export function insertAuditStatement(d1: D1Database, e: AuditEntry): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO audit_log (id, chain, seq, at, actor_id, actor_name, actor_role, entity_type, entity_id, action, reason, changes, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      e.id,
      e.chain,
      e.seq,
      e.at,
      e.actorId,
      e.actorName,
      e.actorRole,
      e.entityType,
      e.entityId,
      e.action,
      e.reason,
      JSON.stringify(e.changes),
      e.prevHash,
      e.hash,
    );
}

/** Many entries in one statement (one JSON parameter unpacked by json_each). */
export function insertAuditBulk(d1: D1Database, entries: AuditEntry[]): D1PreparedStatement[] {
  if (entries.length <= 1) return entries.map((e) => insertAuditStatement(d1, e));
  const rows = entries.map((e) => ({ ...e, changes: JSON.stringify(e.changes) }));
  const col = (k: string) => `json_extract(value, '$.${k}')`;
  return [
    d1
      .prepare(
        `INSERT INTO audit_log (id, chain, seq, at, actor_id, actor_name, actor_role, entity_type, entity_id, action, reason, changes, prev_hash, hash)
         SELECT ${["id", "chain", "seq", "at", "actorId", "actorName", "actorRole", "entityType", "entityId", "action", "reason", "changes", "prevHash", "hash"].map(col).join(", ")} FROM json_each(?)`,
      )
      .bind(JSON.stringify(rows)),
  ];
}

/** An entity's entries in time order; entries written by one batch share a time and keep their chain order. */
export async function auditOfEntity(
  d1: D1Database,
  entityId: string,
  limit: number,
  afterKey?: (string | number)[],
): Promise<AuditEntry[]> {
  const { results } = afterKey
    ? await d1
        .prepare(
          "SELECT * FROM audit_log WHERE entity_id = ? AND (at, seq, id) > (?, ?, ?) ORDER BY at, seq, id LIMIT ?",
        )
        .bind(entityId, afterKey[0], afterKey[1], afterKey[2], limit)
        .all<AuditRow>()
    : await d1
        .prepare("SELECT * FROM audit_log WHERE entity_id = ? ORDER BY at, seq, id LIMIT ?")
        .bind(entityId, limit)
        .all<AuditRow>();
  return results.map(fromRow);
}

export async function auditChainPage(
  d1: D1Database,
  chain: string,
  afterSeq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const { results } = await d1
    .prepare("SELECT * FROM audit_log WHERE chain = ? AND seq > ? ORDER BY seq LIMIT ?")
    .bind(chain, afterSeq, limit)
    .all<AuditRow>();
  return results.map(fromRow);
}

export async function auditChains(d1: D1Database): Promise<string[]> {
  const { results } = await d1.prepare("SELECT DISTINCT chain FROM audit_log ORDER BY chain").all<{ chain: string }>();
  return results.map((r) => r.chain);
}

/** Chains whose last entry is not keyed yet (written before the chain was keyed). */
export async function unsealedChains(d1: D1Database): Promise<string[]> {
  const { results } = await d1
    .prepare(
      `SELECT a.chain FROM audit_log a
       WHERE a.seq = (SELECT max(seq) FROM audit_log b WHERE b.chain = a.chain) AND substr(a.hash, 1, ?1) <> ?2
       ORDER BY a.chain`,
    )
    .bind(KEYED_PREFIX.length, KEYED_PREFIX)
    .all<{ chain: string }>();
  return results.map((r) => r.chain);
}
