// `npm run db:migrate`: the registry's migrations, then the tenant migrations of every registered
// tenant. Local by default; `--remote` for Cloudflare. `--config`, `--persist-to` pick another
// configuration or local state (used by tests).
import { parseArgs } from "node:util";
import { applyMigrations, execute, lit, query, type Target } from "./lib/wrangler";

export function migrateAll(t: Target): string[] {
  applyMigrations(t, "REGISTRY");
  const tenants = query<{ code: string; binding: string }>(
    t,
    "REGISTRY",
    "SELECT code, binding FROM tenants ORDER BY code",
  );
  for (const tenant of tenants) migrateTenant(t, tenant.code, tenant.binding);
  return tenants.map((x) => x.code);
}

export function migrateTenant(t: Target, code: string, binding: string): void {
  applyMigrations(t, binding);
  const [applied] = query<{ n: number }>(t, binding, "SELECT count(*) AS n FROM d1_migrations");
  execute(t, "REGISTRY", `UPDATE tenants SET schema_version = ${applied?.n ?? 0} WHERE code = ${lit(code)}`);
}

export function targetFromArgs(argv: string[]): {
  target: Target;
  positionals: string[];
  values: Record<string, string | boolean | undefined>;
} {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: "string", default: "wrangler.jsonc" },
      "persist-to": { type: "string" },
      remote: { type: "boolean", default: false },
      province: { type: "string" },
      binding: { type: "string" },
    },
  });
  const target: Target = {
    config: values.config!,
    remote: values.remote!,
    ...(values["persist-to"] ? { persistTo: values["persist-to"] } : {}),
  };
  return { target, positionals, values };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { target } = targetFromArgs(process.argv.slice(2));
  const done = migrateAll(target);
  console.log(
    `Đã cập nhật cơ sở dữ liệu: registry và ${done.length} huyện (${done.join(", ") || "chưa có huyện nào"}).`,
  );
}
