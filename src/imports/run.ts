// Runs one import: reads the stored file, hands validated households to their villages' rooms in
// chunks, records progress, and writes the row-level error report. Safe to run again after a
// crash: household ids are derived from the file's keys, and a room skips households it has.
import { drizzle } from "drizzle-orm/d1";
import type { Actor } from "../coordination/audit-chain";
import { roomWrite } from "../coordination/client";
import type { NewHousehold } from "../coordination/commands/households";
import { updateImport } from "../db/tenant/imports";
import * as tenantSchema from "../db/tenant/schema";
import { settings } from "../env";
import { csvField } from "../lib/csv";
import { idNumberHash } from "../lib/id-hash";
import { uuidFromName } from "../lib/ids";
import { ImportFileError, type RowError, readHouseholds } from "./reader";

export interface ImportTask {
  tenant: string;
  binding: string;
  importId: string;
  /** The village imported into, or for a commune the commune's village codes → ids. */
  villageId: string | null;
  villagesByCode: Record<string, string> | null;
  objectKey: string;
  actor: Actor;
}

/** Households per room call: a few hundred keeps each batch well inside D1's limits. */
const CHUNK = 400;
const MAX_REPORTED_ERRORS = 20_000;

export const errorReportKey = (importId: string) => `imports/${importId}/errors.csv`;

export async function runImport(env: Env, task: ImportTask): Promise<void> {
  const d1 = (env as unknown as Record<string, D1Database>)[task.binding]!;
  const db = drizzle(d1, { schema: tenantSchema });
  const object = await env.EXPORTS.get(task.objectKey);
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
  let encoding = "utf-8";
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
    await updateImport(db, task.importId, { ...stats, bytesRead, errorCount, encoding });
  };
  const reject = (list: RowError[]) => {
    errorCount += list.length;
    for (const e of list) if (errors.length < MAX_REPORTED_ERRORS) errors.push(e);
  };

  try {
    for await (const item of readHouseholds(object.body, {
      needVillageCode: task.villagesByCode !== null,
      onEncoding: (e) => (encoding = e),
      onBytes: (n) => (bytesRead = n),
    })) {
      stats.rows += item.rows;
      if (item.kind === "invalid") {
        stats.invalid++;
        reject(item.errors);
        continue;
      }
      const h = item.household;
      const villageId = task.villageId ?? task.villagesByCode?.[h.villageCode ?? ""];
      if (!villageId) {
        stats.invalid++;
        reject([
          {
            row: h.firstRow,
            column: "Mã thôn",
            value: h.villageCode ?? "",
            message: "Mã thôn không thuộc xã đang nhập.",
          },
        ]);
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
    await env.EXPORTS.put(errorReportKey(task.importId), errorReport(errors), {
      httpMetadata: { contentType: "text/csv; charset=utf-8" },
    });
  await updateImport(db, task.importId, {
    status: "done",
    ...stats,
    bytesRead,
    errorCount,
    encoding,
    finishedAt: new Date().toISOString(),
  });
}

/** UTF-8 with BOM, so that Excel shows the Vietnamese text right. */
function errorReport(errors: RowError[]): string {
  const lines = [["Dòng", "Cột", "Giá trị", "Lỗi"], ...errors.map((e) => [e.row, e.column, e.value, e.message])];
  return `\uFEFF${lines.map((l) => l.map((v) => csvField(v)).join(",")).join("\r\n")}\r\n`;
}
