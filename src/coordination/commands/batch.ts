// A prepared batch for records that belong to the tenant as a whole (units, accounts, campaigns,
// …): the route builds the statements (SQL from src/db) and the audit drafts; the tenant's room
// (`<tenant>:tenant`, audit chain "tenant") runs them with the chained audit entries in one batch.
import type { AuditDraft } from "../audit-chain";
import type { LiveMessage, Outcome, WriteRequest } from "../protocol";
import type { Planned, Room } from "../room";

export interface SqlStatement {
  sql: string;
  params: (string | number | null)[];
}

export interface BatchCommand {
  kind: "batch";
  /** Statements that abort the batch when the records are not as the route read them. */
  guards: SqlStatement[];
  statements: SqlStatement[];
  audit: AuditDraft[];
  response: Outcome;
  live?: LiveMessage[];
}

export async function planBatch(room: Room, req: WriteRequest & { command: BatchCommand }): Promise<Planned> {
  const prepare = (s: SqlStatement) => room.d1.prepare(s.sql).bind(...s.params);
  const cmd = req.command;
  return {
    guards: cmd.guards.map(prepare),
    statements: cmd.statements.map(prepare),
    audit: cmd.audit,
    counters: [],
    response: cmd.response,
    ...(cmd.live ? { live: cmd.live } : {}),
  };
}

/** The chain (and room name) of records that belong to the tenant as a whole. */
export const TENANT_CHAIN = "tenant";
