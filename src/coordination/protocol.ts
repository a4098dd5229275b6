// What the Worker sends a VillageRoom and what it answers. A write carries the command, who makes
// it, and its idempotency key; the answer is the HTTP status and body to give the client (stored
// with the key, so a repeat gets exactly the first answer).
import type { Actor } from "./audit-chain";
import type { AssessmentCommand } from "./commands/assessments";
import type { BatchCommand } from "./commands/batch";
import type { HouseholdCommand } from "./commands/households";

export type Command = HouseholdCommand | BatchCommand | AssessmentCommand;

export interface WriteRequest {
  tenant: string;
  /** D1 binding of the tenant's database */
  binding: string;
  /** The village this room serialises (its audit chain). */
  villageId: string;
  actor: Actor;
  idempotency?: { key: string; hash: string } | undefined;
  command: Command;
}

export interface Outcome {
  status: number;
  body: unknown;
  /** The answer is a replay of an earlier request with the same Idempotency-Key. */
  replayed?: boolean;
  /** Refused because a guard found the records changed since they were read. */
  stale?: boolean;
}

/** Messages the room sends to the browsers watching the village. */
export type LiveMessage =
  | {
      type: "change";
      entity: string;
      id: string;
      version: number | null;
      action: string;
      by: { id: string; name: string };
      at: string;
    }
  | { type: "presence"; users: PresenceEntry[] }
  | { type: "locks"; locks: SoftLock[] }
  | { type: "error"; message: string };

export interface PresenceEntry {
  connection: string;
  userId: string;
  name: string;
  role: string;
  viewing: string | null;
  editing: string | null;
}

export interface SoftLock {
  householdId: string;
  userId: string;
  name: string;
  expiresAt: string;
}
