// Tenant settings: small JSON values by key (posting days, calendar changes, …).

export async function getSetting<T>(d1: D1Database, key: string): Promise<T | undefined> {
  const row = await d1.prepare("SELECT value FROM settings WHERE key = ?").bind(key).first<{ value: string }>();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function putSetting(d1: D1Database, key: string, value: unknown): Promise<void> {
  await d1
    .prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
    .bind(key, JSON.stringify(value), new Date().toISOString())
    .run();
}
