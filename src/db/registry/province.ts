// Registry queries of the province level: dated snapshots of the roll-up, people found in two
// tenants (by ID hash), province exports, and the names of reviewers for the signals.

export async function userNames(registry: D1Database, ids: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 90) {
    const slice = ids.slice(i, i + 90);
    const { results } = await registry
      .prepare(`SELECT id, display_name FROM users WHERE id IN (${slice.map(() => "?").join(",")})`)
      .bind(...slice)
      .all<{ id: string; display_name: string }>();
    for (const r of results) out.set(r.id, r.display_name);
  }
  return out;
}

export async function activeTenantsOf(
  registry: D1Database,
  province: string,
): Promise<{ code: string; name: string; binding: string }[]> {
  const { results } = await registry
    .prepare("SELECT code, name, binding FROM tenants WHERE province = ? AND status = 'active' ORDER BY code")
    .bind(province)
    .all<{ code: string; name: string; binding: string }>();
  return results;
}

export async function provincesWithTenants(registry: D1Database): Promise<string[]> {
  const { results } = await registry
    .prepare("SELECT DISTINCT province FROM tenants WHERE status = 'active' ORDER BY province")
    .all<{ province: string }>();
  return results.map((r) => r.province);
}

// ---- snapshots -----------------------------------------------------------------------------

export async function saveSnapshot(
  registry: D1Database,
  s: { province: string; year: number; takenOn: string; takenAt: string; data: unknown },
): Promise<void> {
  await registry
    .prepare(
      "INSERT INTO province_snapshots (province, year, taken_on, taken_at, data) VALUES (?, ?, ?, ?, ?) ON CONFLICT (province, year, taken_on) DO UPDATE SET taken_at = excluded.taken_at, data = excluded.data",
    )
    .bind(s.province, s.year, s.takenOn, s.takenAt, JSON.stringify(s.data))
    .run();
}

export async function readSnapshot(
  registry: D1Database,
  province: string,
  year: number,
  takenOn: string,
): Promise<{ takenAt: string; data: unknown } | null> {
  const row = await registry
    .prepare("SELECT taken_at, data FROM province_snapshots WHERE province = ? AND year = ? AND taken_on = ?")
    .bind(province, year, takenOn)
    .first<{ taken_at: string; data: string }>();
  return row ? { takenAt: row.taken_at, data: JSON.parse(row.data) } : null;
}

export async function snapshotDates(
  registry: D1Database,
  province: string,
  year: number,
): Promise<{ takenOn: string; takenAt: string }[]> {
  const { results } = await registry
    .prepare(
      "SELECT taken_on, taken_at FROM province_snapshots WHERE province = ? AND year = ? ORDER BY taken_on DESC LIMIT 400",
    )
    .bind(province, year)
    .all<{ taken_on: string; taken_at: string }>();
  return results.map((r) => ({ takenOn: r.taken_on, takenAt: r.taken_at }));
}

// ---- people in two tenants -----------------------------------------------------------------

/** Replaces the province's list of people found in two or more tenants. */
export async function replaceCrossTenantPeople(
  registry: D1Database,
  province: string,
  found: { idHash: string; tenants: string[] }[],
  at: string,
): Promise<void> {
  const statements = [registry.prepare("DELETE FROM cross_tenant_people WHERE province = ?").bind(province)];
  for (const f of found)
    statements.push(
      registry
        .prepare("INSERT INTO cross_tenant_people (province, id_hash, tenants, found_at) VALUES (?, ?, ?, ?)")
        .bind(province, f.idHash, JSON.stringify(f.tenants), at),
    );
  await registry.batch(statements);
}

/** The hashes found in this tenant and another one, with the other tenants' codes. */
export async function crossTenantPeopleOf(
  registry: D1Database,
  province: string,
  tenant: string,
): Promise<{ idHash: string; others: string[] }[]> {
  const { results } = await registry
    .prepare(
      "SELECT p.id_hash, p.tenants FROM cross_tenant_people p WHERE p.province = ? AND EXISTS (SELECT 1 FROM json_each(p.tenants) t WHERE t.value = ?)",
    )
    .bind(province, tenant)
    .all<{ id_hash: string; tenants: string }>();
  return results.map((r) => ({
    idHash: r.id_hash,
    others: (JSON.parse(r.tenants) as string[]).filter((t) => t !== tenant),
  }));
}

// ---- province exports ----------------------------------------------------------------------

export interface ProvinceExportRow {
  id: string;
  province: string;
  year: number;
  form: string;
  format: "xlsx" | "csv";
  status: "queued" | "running" | "done" | "failed";
  progress: number;
  object_key: string | null;
  bytes: number | null;
  error: string | null;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  expires_at: string;
}

export async function insertProvinceExport(
  registry: D1Database,
  e: {
    id: string;
    province: string;
    year: number;
    form: string;
    format: string;
    createdBy: string;
    createdAt: string;
    expiresAt: string;
  },
): Promise<void> {
  await registry
    .prepare(
      "INSERT INTO province_exports (id, province, year, form, format, status, progress, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?)",
    )
    .bind(e.id, e.province, e.year, e.form, e.format, e.createdBy, e.createdAt, e.expiresAt)
    .run();
}

export function getProvinceExport(registry: D1Database, id: string): Promise<ProvinceExportRow | null> {
  return registry.prepare("SELECT * FROM province_exports WHERE id = ?").bind(id).first<ProvinceExportRow>();
}

export async function setProvinceExportState(
  registry: D1Database,
  id: string,
  s: {
    status: ProvinceExportRow["status"];
    progress: number;
    objectKey?: string;
    bytes?: number;
    error?: string;
    finishedAt?: string;
  },
): Promise<void> {
  await registry
    .prepare(
      "UPDATE province_exports SET status = ?, progress = ?, object_key = coalesce(?, object_key), bytes = coalesce(?, bytes), error = ?, finished_at = coalesce(?, finished_at) WHERE id = ?",
    )
    .bind(s.status, s.progress, s.objectKey ?? null, s.bytes ?? null, s.error ?? null, s.finishedAt ?? null, id)
    .run();
}

export async function expiredProvinceExports(
  registry: D1Database,
  now: string,
  limit: number,
): Promise<{ id: string; object_key: string | null }[]> {
  const { results } = await registry
    .prepare("SELECT id, object_key FROM province_exports WHERE expires_at <= ? ORDER BY expires_at LIMIT ?")
    .bind(now, limit)
    .all<{ id: string; object_key: string | null }>();
  return results;
}

export async function deleteProvinceExports(registry: D1Database, ids: string[]): Promise<void> {
  if (ids.length)
    await registry.batch(ids.map((id) => registry.prepare("DELETE FROM province_exports WHERE id = ?").bind(id)));
}
