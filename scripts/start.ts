// `npm start`: the whole product locally at http://127.0.0.1:8787 with demo data.
// Builds the web app, brings the local databases to the latest schema, registers the two demo
// districts on an empty state, starts `wrangler dev`, and creates the demo data through the API
// the first time. Ctrl+C stops wrangler and its workerd with it.
import { spawn, spawnSync } from "node:child_process";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_PROVINCE, DEMO_TENANTS } from "./demo/places";
import { waitForHealth } from "./lib/client";
import type { Target } from "./lib/wrangler";
import { migrateAll } from "./migrate-all";
import { demoSeeded, seedDemo } from "./seed";
import { addTenant } from "./tenant-add";

const HOST = "127.0.0.1";
const PORT = Number(process.env.PORT ?? 8787);
const base = `http://${HOST}:${PORT}`;
const target: Target = { config: "wrangler.jsonc", remote: false };

const build = spawnSync("vite", ["build", "--config", "web/vite.config.ts", "--logLevel", "warn"], {
  stdio: "inherit",
});
if (build.status !== 0) process.exit(build.status ?? 1);

console.log("Cập nhật cơ sở dữ liệu cục bộ…");
const registered = migrateAll(target);
for (const t of DEMO_TENANTS) {
  if (!registered.includes(t.code)) addTenant(target, { code: t.code, name: t.name, province: DEMO_PROVINCE.code });
}

// Its own process group, so that stopping it stops workerd too.
const dev = spawn(
  "wrangler",
  [
    "dev",
    "--ip",
    HOST,
    "--port",
    String(PORT),
    "--var",
    `BOOTSTRAP_ADMIN:${DEMO_ACCOUNTS.province}:${DEMO_PASSWORD}`,
    "--var",
    `BOOTSTRAP_PROVINCE:${DEMO_PROVINCE.code}`,
    "--show-interactive-dev-session=false",
  ],
  { stdio: "inherit", detached: true, env: { ...process.env, WRANGLER_SEND_METRICS: "false" } },
);
const stop = () => {
  try {
    process.kill(-dev.pid!, "SIGTERM");
  } catch {
    // already gone
  }
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
process.on("exit", stop);
dev.on("exit", (code) => process.exit(code ?? 0));

await waitForHealth(base, 120_000);
if (!(await demoSeeded(base))) {
  console.log("Tạo dữ liệu mẫu…");
  const started = Date.now();
  await seedDemo({ base });
  console.log(`Đã tạo dữ liệu mẫu trong ${((Date.now() - started) / 1000).toFixed(1)} giây.`);
}
console.log(`
Rà soát đang chạy tại ${base}
Tài khoản mẫu (mật khẩu ${DEMO_PASSWORD}): ${[DEMO_ACCOUNTS.province, ...DEMO_TENANTS.map((t) => t.admin), DEMO_ACCOUNTS.communeOfficer, DEMO_ACCOUNTS.enumerator, DEMO_ACCOUNTS.supervisor].join(", ")}
`);
