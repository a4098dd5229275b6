// Audit entries and their hash chain. Each entry's hash covers its content and the previous
// entry's hash in the same chain, so changing, removing or reordering a stored entry breaks every
// later link; `verifyChain` finds the first broken one.
import { sha256Hex } from "../lib/encoding";

export const AUDIT_GENESIS = "0".repeat(64);

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

export function entryHash(e: Omit<AuditEntry, "hash">): Promise<string> {
  const { prevHash, ...content } = e;
  return sha256Hex(`${prevHash}\n${canonicalJson(content)}`);
}

/** Turns drafts into chained entries after `head`. */
export async function chainEntries(
  chain: string,
  head: { seq: number; hash: string },
  actor: Actor,
  at: string,
  drafts: AuditDraft[],
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
    const entry = { ...body, hash: await entryHash(body) };
    out.push(entry);
    prev = entry;
  }
  return out;
}

export interface ChainBreak {
  seq: number;
  id: string | null;
  problem: "hash_mismatch" | "wrong_previous_hash" | "missing_entry";
}

/** Checks entries given in seq order (continuing from `head`); the first broken link or null. */
export async function verifyEntries(
  entries: AuditEntry[],
  head: { seq: number; hash: string },
): Promise<{ head: { seq: number; hash: string }; broken: ChainBreak | null }> {
  let prev = head;
  for (const e of entries) {
    if (e.seq !== prev.seq + 1)
      return { head: prev, broken: { seq: prev.seq + 1, id: null, problem: "missing_entry" } };
    if (e.prevHash !== prev.hash)
      return { head: prev, broken: { seq: e.seq, id: e.id, problem: "wrong_previous_hash" } };
    const { hash, ...body } = e;
    if ((await entryHash(body)) !== hash)
      return { head: prev, broken: { seq: e.seq, id: e.id, problem: "hash_mismatch" } };
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
