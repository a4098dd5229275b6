// Tenant settings (the `settings` table: one JSON value per key), with the defaults of DOMAIN.md.
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

export async function writeSettings(d1: D1Database, changes: Partial<TenantSettings>, now: string): Promise<void> {
  const statements = Object.entries(changes)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) =>
      d1
        .prepare("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        .bind(k, JSON.stringify(v), now),
    );
  if (statements.length) await d1.batch(statements);
}
