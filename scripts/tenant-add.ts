// `npm run tenant:add -- <code> "<name>" [--province bac-giang] [--remote]`
// Onboards a district: its own D1 database, a binding in wrangler.jsonc, the tenant migrations,
// and its row in the registry. Locally the database is created on first use by wrangler; with
// --remote it is created on Cloudflare (`wrangler d1 create`), and the Worker must be deployed
// again for the new binding to exist there (Cloudflare has no runtime-created D1 bindings).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { applyEdits, modify } from "jsonc-parser";
import { applyMigrations, execute, lit, readConfig, type Target, wrangler } from "./lib/wrangler";
import { migrateTenant, targetFromArgs } from "./migrate-all";

export interface NewTenant {
  code: string;
  name: string;
  province: string;
  binding?: string;
}

const TENANT_MIGRATIONS = resolve(import.meta.dirname, "../migrations/tenant");

export function bindingFor(code: string): string {
  return `DB_${code.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

export function addTenant(t: Target, tenant: NewTenant): { binding: string } {
  if (!/^[a-z][a-z0-9-]{1,40}$/.test(tenant.code))
    throw new Error(`Mã huyện không hợp lệ: ${tenant.code} (chữ thường không dấu, số, gạch ngang)`);
  if (!tenant.name.trim()) throw new Error("Cần tên huyện.");
  const binding = tenant.binding ?? bindingFor(tenant.code);
  const databaseName = `ra-soat-${tenant.code}`;

  const config = readConfig(t.config);
  if (!config.d1_databases?.some((d) => d.binding === binding)) {
    const databaseId = t.remote ? createRemoteDatabase(t, databaseName) : `local-${tenant.code}`;
    const text = readFileSync(t.config, "utf8");
    const edits = modify(
      text,
      ["d1_databases", -1],
      {
        binding,
        database_name: databaseName,
        database_id: databaseId,
        migrations_dir: relative(dirname(resolve(t.config)), TENANT_MIGRATIONS) || ".",
      },
      { isArrayInsertion: true, formattingOptions: { insertSpaces: true, tabSize: 2 } },
    );
    writeFileSync(t.config, applyEdits(text, edits));
  }

  applyMigrations(t, "REGISTRY");
  execute(
    t,
    "REGISTRY",
    `INSERT INTO tenants (code, name, province, binding) VALUES (${lit(tenant.code)}, ${lit(tenant.name)}, ${lit(tenant.province)}, ${lit(binding)})
     ON CONFLICT(code) DO UPDATE SET name = excluded.name, province = excluded.province, binding = excluded.binding`,
  );
  migrateTenant(t, tenant.code, binding);
  return { binding };
}

function createRemoteDatabase(t: Target, name: string): string {
  const out = wrangler(["d1", "create", name, "--config", t.config], { capture: true });
  const id = /"?database_id"?\s*[:=]\s*"([0-9a-f-]{36})"/.exec(out)?.[1];
  if (!id) throw new Error(`Không đọc được database_id từ kết quả của wrangler d1 create:\n${out}`);
  return id;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { target, positionals, values } = targetFromArgs(process.argv.slice(2));
  const [code, name] = positionals;
  if (!code || !name) {
    console.error('Cách dùng: npm run tenant:add -- <mã-huyện> "<Tên huyện>" [--province <mã-tỉnh>] [--remote]');
    process.exit(2);
  }
  const { binding } = addTenant(target, {
    code,
    name,
    province: (values.province as string | undefined) ?? "bac-giang",
    ...(values.binding ? { binding: values.binding as string } : {}),
  });
  if (target.config === "wrangler.jsonc" && !target.remote) wrangler(["types"], { capture: true });
  console.log(
    `Đã thêm huyện ${name} (${code}) với cơ sở dữ liệu ${binding}.${target.remote ? " Hãy triển khai lại Worker (npm run deploy) để binding mới có hiệu lực." : ""}`,
  );
}
