// Tenant settings (the `settings` table: one JSON value per key): the procedure's, typed and with
// the defaults of DOMAIN.md, and any other small value by key.
import { SettingsSchema, type TenantSettings } from "../../schemas/procedure";

export const DEFAULT_SETTINGS: TenantSettings = {
  // Niêm yết công khai: 3 working days (DOMAIN.md §4, verify).
  workingDays: 3,
  calendar: { daysOff: [], workingDays: [] },
  // The demo tenants are in the northern midlands and mountains; other tenants set theirs.
  scoreRegion: "northern_midlands_mountains",
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof TenantSettings)[];

export async function readSettings(d1: D1Database): Promise<TenantSettings> {
  const { results } = await d1.prepare("SELECT key, value FROM settings").all<{ key: string; value: string }>();
  const stored: Record<string, unknown> = {};
  for (const r of results) if ((KEYS as string[]).includes(r.key)) stored[r.key] = JSON.parse(r.value);
  // A stored value that no longer fits the schema falls back to the default rather than failing every request.
  const out = { ...DEFAULT_SETTINGS };
  for (const k of KEYS) {
    const parsed = SettingsSchema.shape[k].safeParse(stored[k]);
    if (stored[k] !== undefined && parsed.success) (out as Record<string, unknown>)[k] = parsed.data;
  }
  return out;
}

const settingStatement = (d1: D1Database, key: string, value: unknown, now: string) =>
  d1
    .prepare(
      "INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(key, JSON.stringify(value), now);

/** Changes several settings together. */
export async function writeSettings(d1: D1Database, changes: Partial<TenantSettings>, now: string): Promise<void> {
  const statements = Object.entries(changes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => settingStatement(d1, k, v, now));
  if (statements.length) await d1.batch(statements);
}

export async function getSetting<T>(d1: D1Database, key: string): Promise<T | undefined> {
  const row = await d1.prepare("SELECT value FROM settings WHERE key = ?").bind(key).first<{ value: string }>();
  return row ? (JSON.parse(row.value) as T) : undefined;
}

export async function putSetting(d1: D1Database, key: string, value: unknown): Promise<void> {
  await settingStatement(d1, key, value, new Date().toISOString()).run();
}
