// Runs one import: reads the stored file, hands validated households to their villages' rooms in
// chunks, records progress, and writes the row-level error report (XLSX and CSV). Safe to run
// again after a crash: household ids are derived from the file's keys, and a room skips households
// it has.
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../coordination/audit-chain";
import { roomWrite } from "../coordination/client";
import type { NewHousehold } from "../coordination/commands/households";
import { updateImport } from "../db/tenant/imports";
import * as tenantSchema from "../db/tenant/schema";
import { settings } from "../env";
import { idNumberHash } from "../lib/id-hash";
import { uuidFromName } from "../lib/ids";
import { errorReport, MAX_REPORTED_ERRORS } from "./error-report";
import { type ImportTarget, villageOf } from "./preview";
import { ImportFileError, type ListLayout, openHouseholdList, type RowError } from "./reader";
import { r2Source } from "./source";

export interface ImportTask extends ImportTarget {
  tenant: string;
  binding: string;
  importId: string;
  objectKey: string;
  fileName?: string | null;
  actor: Actor;
}

/** Households per room call: a few hundred keeps each batch well inside D1's limits. */
const CHUNK = 400;

export const errorReportKey = (importId: string, format: "csv" | "xlsx" = "csv") =>
  `imports/${importId}/errors.${format}`;

export async function runImport(env: Env, task: ImportTask): Promise<void> {
  const d1 = (env as unknown as Record<string, D1Database>)[task.binding]!;
  const db = drizzle(d1, { schema: tenantSchema });
  const object = await env.EXPORTS.head(task.objectKey);
  if (!object) {
    await updateImport(db, task.importId, {
      status: "failed",
      error: "Không tìm thấy tệp đã tải lên.",
      finishedAt: new Date().toISOString(),
    });
    return;
  }
  const stats = { rows: 0, households: 0, created: 0, skipped: 0, invalid: 0 };
  const errors: RowError[] = [];
  let errorCount = 0;
  let bytesRead = 0;
  let layout: ListLayout | null = null;
  const buffers = new Map<string, NewHousehold[]>();
  const key = settings(env).idHashKey;

  await updateImport(db, task.importId, { status: "running", error: null });
  const flush = async (villageId: string) => {
    const households = buffers.get(villageId);
    if (!households?.length) return;
    buffers.delete(villageId);
    const outcome = await roomWrite(env, {
      tenant: task.tenant,
      binding: task.binding,
      villageId,
      actor: task.actor,
      command: { kind: "household.import", importId: task.importId, households },
    });
    if (outcome.status !== 200) throw new Error(`room answered ${outcome.status}: ${JSON.stringify(outcome.body)}`);
    const done = outcome.body as { created: number; skipped: number };
    stats.created += done.created;
    stats.skipped += done.skipped;
    await updateImport(db, task.importId, { ...stats, bytesRead, errorCount });
  };
  const reject = (list: RowError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  try {
    const file = await openHouseholdList(r2Source(env.EXPORTS, task.objectKey, object.size), {
      needVillageCode: task.villagesByCode !== null,
      onProgress: (share) => (bytesRead = Math.round(share * object.size)),
    });
    layout = file.layout;
    await updateImport(db, task.importId, { encoding: layout.encoding, layout: JSON.stringify(layout) });
    for await (const item of file.items) {
      stats.rows += item.rows;
      if (item.kind === "invalid") {
        stats.invalid++;
        reject(item.errors);
        continue;
      }
      const h = item.household;
      const villageId = villageOf(h, task);
      if (typeof villageId !== "string") {
        stats.invalid++;
        reject([villageId]);
        continue;
      }
      stats.households++;
      const id = await uuidFromName(`import:${task.tenant}:${villageId}:${h.key}`);
      const members = await Promise.all(
        h.members.map(async (m, i) => ({
          ...m,
          id: await uuidFromName(`${id}:member:${i}`),
          ...(m.idNumber ? { idHash: await idNumberHash(key, m.idNumber) } : {}),
        })),
      );
      const list = buffers.get(villageId) ?? [];
      list.push({ id, address: h.address, headName: h.headName, members, facts: {} });
      buffers.set(villageId, list);
      if (list.length >= CHUNK) await flush(villageId);
    }
    for (const villageId of [...buffers.keys()]) await flush(villageId);
  } catch (err) {
    if (!(err instanceof ImportFileError)) throw err;
    await updateImport(db, task.importId, {
      status: "failed",
      error: err.message,
      ...stats,
      bytesRead,
      errorCount,
      finishedAt: new Date().toISOString(),
    });
    return;
  }
  if (errors.length)
    for (const format of ["csv", "xlsx"] as const)
      await env.EXPORTS.put(
        errorReportKey(task.importId, format),
        errorReport(format, errors, { fileName: task.fileName ?? null, layout, errorCount }),
      );
  await updateImport(db, task.importId, {
    status: "done",
    ...stats,
    bytesRead,
    errorCount,
    finishedAt: new Date().toISOString(),
  });
}
