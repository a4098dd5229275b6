// Export jobs of a tenant (table `exports`): queued by a request, run by the ExportJob Durable
// Object, downloaded until they expire.

export interface ExportRow {
  id: string;
  campaign_id: string | null;
  form: string;
  format: "xlsx" | "csv";
  unit_id: string | null;
  decided_only: number;
  /** 1 when the file carries the falsification signals; null for exports made before this was kept. */
  with_anomalies: number | null;
  status: "queued" | "running" | "done" | "failed";
  /** Percent done, 0–100. */
  progress: number;
  object_key: string | null;
  bytes: number | null;
  error: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  expires_at: string;
}

export async function insertExport(
  d1: D1Database,
  e: {
    id: string;
    campaignId: string;
    form: string;
    format: string;
    unitId: string | null;
    decidedOnly: boolean;
    withAnomalies: boolean;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
  },
): Promise<void> {
  await d1
    .prepare(
      "INSERT INTO exports (id, campaign_id, form, format, unit_id, decided_only, with_anomalies, status, progress, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
    )
    .bind(
      e.id,
      e.campaignId,
      e.form,
      e.format,
      e.unitId,
      e.decidedOnly ? 1 : 0,
      e.withAnomalies ? 1 : 0,
      e.createdBy,
      e.createdAt,
      e.expiresAt,
    )
    .run();
}

export function getExport(d1: D1Database, id: string): Promise<ExportRow | null> {
  return d1.prepare("SELECT * FROM exports WHERE id = ?").bind(id).first<ExportRow>();
}

export async function listExportsOf(
  d1: D1Database,
  userId: string,
  limit: number,
  after?: (string | number)[],
): Promise<ExportRow[]> {
  const { results } = after
    ? await d1
        .prepare(
          "SELECT * FROM exports WHERE created_by = ? AND (created_at, id) < (?, ?) ORDER BY created_at DESC, id DESC LIMIT ?",
        )
        .bind(userId, after[0], after[1], limit)
        .all<ExportRow>()
    : await d1
        .prepare("SELECT * FROM exports WHERE created_by = ? ORDER BY created_at DESC, id DESC LIMIT ?")
        .bind(userId, limit)
        .all<ExportRow>();
  return results;
}

export async function markExportRunning(d1: D1Database, id: string): Promise<void> {
  await d1.prepare("UPDATE exports SET status = 'running', progress = 0, error = NULL WHERE id = ?").bind(id).run();
}

export async function setExportProgress(d1: D1Database, id: string, percent: number): Promise<void> {
  await d1
    .prepare("UPDATE exports SET progress = ? WHERE id = ? AND status = 'running'")
    .bind(Math.max(0, Math.min(99, Math.floor(percent))), id)
    .run();
}

export async function markExportDone(
  d1: D1Database,
  id: string,
  objectKey: string,
  bytes: number,
  at: string,
): Promise<void> {
  await d1
    .prepare(
      "UPDATE exports SET status = 'done', progress = 100, object_key = ?, bytes = ?, finished_at = ? WHERE id = ?",
    )
    .bind(objectKey, bytes, at, id)
    .run();
}

export async function markExportFailed(d1: D1Database, id: string, error: string, at: string): Promise<void> {
  await d1
    .prepare("UPDATE exports SET status = 'failed', error = ?, finished_at = ? WHERE id = ?")
    .bind(error.slice(0, 500), at, id)
    .run();
}

export async function expiredExports(
  d1: D1Database,
  now: string,
  limit: number,
): Promise<{ id: string; object_key: string | null }[]> {
  const { results } = await d1
    .prepare("SELECT id, object_key FROM exports WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")
    .bind(now, limit)
    .all<{ id: string; object_key: string | null }>();
  return results;
}

export async function deleteExports(d1: D1Database, ids: string[]): Promise<void> {
  if (ids.length) await d1.batch(ids.map((id) => d1.prepare("DELETE FROM exports WHERE id = ?").bind(id)));
}
