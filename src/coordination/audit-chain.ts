// Audit entries and their chain. Each entry's hash covers its content and the previous entry's
// hash in the same chain, so changing, removing or reordering a stored entry breaks every later
// link; `verifyEntries` finds the first broken one. The hash is an HMAC under a secret
// (AUDIT_HMAC_KEY) that the database does not hold: someone who can write to the database cannot
// recompute the chain after rewriting an entry.
//
// Entries written before the chain was keyed carry a plain SHA-256 (no prefix) and still verify
// as such. Keyed hashes are marked by their prefix, so each entry says how it was made; the
// first keyed entry of a chain covers the unkeyed ones before it (its HMAC takes their last hash),
// and an unkeyed entry after a keyed one is refused ("unkeyed_entry"), so nobody can fall back
// to the keyless form once a chain is keyed. Until its first keyed entry a chain is only as
// strong as before; the room's next write, or the nightly sealing, ends that.
import { bytesToHex, sha256Hex } from "../lib/encoding";

export const AUDIT_GENESIS = "0".repeat(64);

/** Marks a keyed hash: HMAC-SHA-256 under AUDIT_HMAC_KEY, in hex. */
export const KEYED_PREFIX = "hmac-sha256:";

export const isKeyedHash = (hash: string) => hash.startsWith(KEYED_PREFIX);

const keys = new Map<string, Promise<CryptoKey>>();

/** The HMAC key made from the secret (imported once per isolate). */
export function auditKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** The key of this Worker's configuration, for callers that were not handed one. */
async function configuredKey(): Promise<CryptoKey> {
  const [{ env }, { settings }] = await Promise.all([import("cloudflare:workers"), import("../env")]);
  const secret = settings(env as Env).auditHmacKey;
  if (!secret) throw new Error("AUDIT_HMAC_KEY is not set");
  return auditKey(secret);
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface Actor {
  id: string;
  username: string;
  displayName: string;
  role: string;
}

/** What a write wants recorded; the chain adds id, seq, time and hashes. */
export interface AuditDraft {
  entityType: string;
  entityId: string;
  action: string;
  reason?: string | null;
  changes: FieldChange[];
}

export interface AuditEntry {
  id: string;
  chain: string;
  seq: number;
  at: string;
  actorId: string;
  actorName: string;
  actorRole: string;
  entityType: string;
  entityId: string;
  action: string;
  reason: string | null;
  changes: FieldChange[];
  prevHash: string;
  hash: string;
}

/** JSON with object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === undefined) return "null";
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
    .join(",")}}`;
}

const signed = (e: Omit<AuditEntry, "hash">) => {
  const { prevHash, ...content } = e;
  return `${prevHash}\n${canonicalJson(content)}`;
};

/** The keyed hash of an entry (its content and the previous entry's hash). */
export async function entryHash(e: Omit<AuditEntry, "hash">, key: CryptoKey): Promise<string> {
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(signed(e)));
  return `${KEYED_PREFIX}${bytesToHex(new Uint8Array(mac))}`;
}

/** The hash entries had before the chain was keyed. */
export function unkeyedEntryHash(e: Omit<AuditEntry, "hash">): Promise<string> {
  return sha256Hex(signed(e));
}

/** Turns drafts into chained entries after `head`. */
export async function chainEntries(
  chain: string,
  head: { seq: number; hash: string },
  actor: Actor,
  at: string,
  drafts: AuditDraft[],
  key: CryptoKey,
): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let prev = head;
  for (const d of drafts) {
    const body: Omit<AuditEntry, "hash"> = {
      id: crypto.randomUUID(),
      chain,
      seq: prev.seq + 1,
      at,
      actorId: actor.id,
      actorName: actor.displayName,
      actorRole: actor.role,
      entityType: d.entityType,
      entityId: d.entityId,
      action: d.action,
      reason: d.reason ?? null,
      changes: d.changes,
      prevHash: prev.hash,
    };
    const entry = { ...body, hash: await entryHash(body, key) };
    out.push(entry);
    prev = entry;
  }
  return out;
}

export interface ChainBreak {
  seq: number;
  id: string | null;
  problem: "hash_mismatch" | "wrong_previous_hash" | "missing_entry" | "unkeyed_entry";
}

/**
 * Checks entries given in seq order (continuing from `head`); the first broken link or null.
 * `key` defaults to the Worker's own AUDIT_HMAC_KEY.
 */
export async function verifyEntries(
  entries: AuditEntry[],
  head: { seq: number; hash: string },
  key?: CryptoKey,
): Promise<{ head: { seq: number; hash: string }; broken: ChainBreak | null }> {
  let prev = head;
  for (const e of entries) {
    if (e.seq !== prev.seq + 1)
      return { head: prev, broken: { seq: prev.seq + 1, id: null, problem: "missing_entry" } };
    if (e.prevHash !== prev.hash)
      return { head: prev, broken: { seq: e.seq, id: e.id, problem: "wrong_previous_hash" } };
    const { hash, ...body } = e;
    if (!isKeyedHash(hash) && isKeyedHash(prev.hash))
      return { head: prev, broken: { seq: e.seq, id: e.id, problem: "unkeyed_entry" } };
    if (isKeyedHash(hash) && !key) key = await configuredKey();
    const expected = key && isKeyedHash(hash) ? await entryHash(body, key) : await unkeyedEntryHash(body);
    if (expected !== hash) return { head: prev, broken: { seq: e.seq, id: e.id, problem: "hash_mismatch" } };
    prev = { seq: e.seq, hash };
  }
  return { head: prev, broken: null };
}

/**
 * Field-level differences between two versions of a record. Nested objects give dotted paths;
 * arrays of objects with an `id` are compared element by element by id (`members.<id>.fullName`);
 * other arrays as whole values.
 */
export function diff(before: unknown, after: unknown, path = ""): FieldChange[] {
  // Objects and arrays of records are compared part by part (equal parts give nothing), so
  // canonical forms are built only for the values compared whole: on a save's hot path.
  if (before === after) return [];
  const join = (k: string) => (path ? `${path}.${k}` : k);
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => diff(before[k], after[k], join(k)));
  }
  const a = byId(before ?? []);
  const b = byId(after ?? []);
  if (a && b && (Array.isArray(before) || Array.isArray(after))) {
    const ids = [...new Set([...a.keys(), ...b.keys()])];
    return ids.flatMap((id) => {
      const x = a.get(id);
      const y = b.get(id);
      if (x === undefined || y === undefined) return [{ field: join(id), before: x ?? null, after: y ?? null }];
      return diff(x, y, join(id));
    });
  }
  if (canonicalJson(before) === canonicalJson(after)) return [];
  return [{ field: path, before: before ?? null, after: after ?? null }];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** An array whose every element is a record with a string `id`, by id; null for anything else. */
function byId(v: unknown): Map<string, unknown> | null {
  if (!Array.isArray(v) || !v.every((x) => isRecord(x) && typeof x.id === "string")) return null;
  return new Map(v.map((x) => [(x as { id: string }).id, x]));
}
