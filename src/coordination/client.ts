// How a route hands a write to the VillageRoom of its village and turns the answer into a response.
import type { Context, TypedResponse } from "hono";
import { currentUser } from "../auth/guard";
import { readAnswer } from "../db/tenant/idempotency";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { sha256Hex } from "../lib/encoding";
import { type AuditDraft, canonicalJson } from "./audit-chain";
import { type BatchCommand, TENANT_CHAIN } from "./commands/batch";
import type { Command, Outcome, WriteRequest } from "./protocol";

export function villageRoom(env: Env, tenant: string, villageId: string) {
  return env.VILLAGE_ROOM.get(env.VILLAGE_ROOM.idFromName(`${tenant}:${villageId}`));
}

/** One write through the room of `req.villageId`. (RPC typing cannot express the JSON body, hence the cast.) */
export async function roomWrite(env: Env, req: WriteRequest): Promise<Outcome> {
  return (await villageRoom(env, req.tenant, req.villageId).write(req)) as Outcome;
}

/** The request's Idempotency-Key with a hash of what it asks (method, path and validated body). */
export async function idempotencyOf(
  c: Context<AppEnv>,
  input: unknown,
): Promise<{ key: string; hash: string } | undefined> {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key))
    throw fail.validation([
      { path: "Idempotency-Key", message: "Khoá Idempotency-Key gồm 1–200 ký tự in được, không dấu cách." },
    ]);
  return { key, hash: await sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(input)}`) };
}

/** The room decides the status and body at run time, so the response is typed loosely. */
type RoomResponse = Response & TypedResponse<any, any, "json">;

/**
 * The stored answer when this request repeats an earlier one with the same Idempotency-Key. Routes
 * that check things before writing (a code already taken…) ask this first, so that a repeat gets
 * the first answer rather than a refusal caused by the first request's own effect.
 */
export async function repeatedAnswer(c: Context<AppEnv>, input: unknown): Promise<Outcome | undefined> {
  const idem = await idempotencyOf(c, input);
  if (!idem) return undefined;
  const stored = await readAnswer(c.get("tenant").d1, currentUser(c).id, idem.key);
  if (!stored) return undefined;
  if (stored.requestHash !== idem.hash)
    throw fail.conflict("Khoá Idempotency-Key này đã được dùng cho một yêu cầu khác.");
  return { status: stored.status, body: stored.body, replayed: true };
}

export function outcomeResponse(c: Context<AppEnv>, outcome: Outcome): RoomResponse {
  if (outcome.replayed) c.header("Idempotent-Replayed", "true");
  const version = (outcome.body as { version?: unknown } | null)?.version;
  if (outcome.status < 300 && typeof version === "number") c.header("ETag", `"${version}"`);
  return c.json(outcome.body as object, outcome.status as 200) as RoomResponse;
}

/**
 * Sends a prepared batch of tenant-wide records through the tenant's room (audit chain "tenant").
 * The answer is the room's outcome: the route turns a stale refusal into its own 409 with `current`.
 */
export function tenantWrite(c: Context<AppEnv>, command: BatchCommand, input: unknown): Promise<Outcome> {
  return roomOutcome(c, TENANT_CHAIN, command, input);
}

/**
 * Records audit entries for a change already made elsewhere (accounts live in the registry, not
 * in the tenant's database): in the tenant's chain, after the change.
 */
export async function appendTenantAudit(c: Context<AppEnv>, audit: AuditDraft[]): Promise<void> {
  const tenant = c.get("tenant");
  const user = currentUser(c);
  const outcome = await roomWrite(c.env, {
    tenant: tenant.code,
    binding: tenant.binding,
    villageId: TENANT_CHAIN,
    actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    command: { kind: "batch", guards: [], statements: [], audit, response: { status: 200, body: null } },
  });
  if (outcome.status !== 200) throw new Error(`audit append refused: ${JSON.stringify(outcome.body)}`);
}

/** Sends `command` through the room of `villageId` and answers with what the room answered. */
export async function coordinatedWrite(
  c: Context<AppEnv>,
  villageId: string,
  command: Command,
  input: unknown,
): Promise<RoomResponse> {
  return outcomeResponse(c, await roomOutcome(c, villageId, command, input));
}

export async function roomOutcome(
  c: Context<AppEnv>,
  villageId: string,
  command: Command,
  input: unknown,
): Promise<Outcome> {
  const tenant = c.get("tenant");
  const user = currentUser(c);
  return roomWrite(c.env, {
    tenant: tenant.code,
    binding: tenant.binding,
    villageId,
    actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    idempotency: await idempotencyOf(c, input),
    command,
  });
}
