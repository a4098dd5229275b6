// How a route hands a write to the VillageRoom of its village and turns the answer into a response.
import type { Context, TypedResponse } from "hono";
import { currentUser } from "../auth/guard";
import type { AppEnv } from "../env";
import { fail } from "../http/errors";
import { sha256Hex } from "../lib/encoding";
import { canonicalJson } from "./audit-chain";
import type { Command, Outcome } from "./protocol";

export function villageRoom(env: Env, tenant: string, villageId: string) {
  return env.VILLAGE_ROOM.get(env.VILLAGE_ROOM.idFromName(`${tenant}:${villageId}`));
}

/** The request's Idempotency-Key with a hash of what it asks (method, path and validated body). */
export async function idempotencyOf(c: Context<AppEnv>, input: unknown): Promise<{ key: string; hash: string } | undefined> {
  const key = c.req.header("Idempotency-Key");
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(key)) throw fail.validation([{ path: "Idempotency-Key", message: "Khoá Idempotency-Key gồm 1–200 ký tự in được, không dấu cách." }]);
  return { key, hash: await sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(input)}`) };
}

/** The room decides the status and body at run time, so the response is typed loosely. */
type RoomResponse = Response & TypedResponse<any, any, "json">;

export function outcomeResponse(c: Context<AppEnv>, outcome: Outcome): RoomResponse {
  if (outcome.replayed) c.header("Idempotent-Replayed", "true");
  const version = (outcome.body as { version?: unknown } | null)?.version;
  if (outcome.status < 300 && typeof version === "number") c.header("ETag", `"${version}"`);
  return c.json(outcome.body as object, outcome.status as 200) as RoomResponse;
}

/** Sends `command` through the room of `villageId` and returns the room's answer as it is. */
export async function roomWrite(c: Context<AppEnv>, villageId: string, command: Command, idempotency?: { key: string; hash: string }): Promise<Outcome> {
  const tenant = c.get("tenant");
  const user = currentUser(c);
  return villageRoom(c.env, tenant.code, villageId).write({
    tenant: tenant.code,
    binding: tenant.binding,
    villageId,
    actor: { id: user.id, username: user.username, displayName: user.displayName, role: user.role },
    idempotency,
    command,
  });
}

/** Sends `command` through the room of `villageId` and answers with what the room answered. */
export async function coordinatedWrite(c: Context<AppEnv>, villageId: string, command: Command, input: unknown): Promise<RoomResponse> {
  return outcomeResponse(c, await roomWrite(c, villageId, command, await idempotencyOf(c, input)));
}
