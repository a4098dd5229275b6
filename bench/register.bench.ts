// The register's write path under load: a household save through the VillageRoom (version check,
// audit chain, counters, idempotency record in one batch) against a bare single-row D1 insert
// behind the same middleware, at 1 and at 50 concurrent clients; and importing 50,000 households
// from a CSV file. Runs its own `wrangler dev` on a fresh local state.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient, pool } from "../scripts/lib/client";
import { startDevServer, workerRuntimeBase } from "../scripts/lib/dev-server";
import { addTenant } from "../scripts/tenant-add";
import { householdsCsv } from "../src/demo/csv";
import { generateHouseholds } from "../src/demo/synthetic";
import { closedLoop, fmt, groupRssMiB, type LoadResult, peakSampler, recordSection } from "./lib";

const VILLAGES = 40;
const IMPORT_HOUSEHOLDS = Number(process.env.BENCH_IMPORT_HOUSEHOLDS ?? 50_000);
const SAVE_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);

const state = mkdtempSync(join(tmpdir(), "ra-soat-bench-register-"));
addTenant(
  { config: "wrangler.jsonc", persistTo: state, remote: false },
  { code: "luc-ngan", name: "Huyện Lục Ngạn", province: "bac-giang" },
);
const server = await startDevServer({
  persistTo: state,
  vars: { BOOTSTRAP_ADMIN: "bench.tinh:bench-password-1", BOOTSTRAP_PROVINCE: "bac-giang", BENCH_ROUTES: "1" },
});
const pgid = server.process.pid!;

try {
  const province = await new ApiClient(server.base).login("bench.tinh", "bench-password-1");
  const T = "/api/v1/tenants/luc-ngan";
  await province.must("POST", `${T}/users`, {
    username: "bench.admin",
    password: "bench-password-1",
    displayName: "Bench",
    role: "district_admin",
  });
  const admin = await new ApiClient(server.base).login("bench.admin", "bench-password-1");
  const commune = await admin.must("POST", `${T}/units`, { code: "B01", name: "Xã Thử Tải", level: "commune" });
  const villages: string[] = [];
  for (let v = 0; v < VILLAGES; v++)
    villages.push(
      (
        await admin.must("POST", `${T}/units`, {
          code: `B01-${v}`,
          name: `Thôn ${v + 1}`,
          level: "village",
          parentId: commune.id,
        })
      ).id,
    );

  // Households to update: each client owns its own, so every save is expected to succeed.
  const seedHouseholds = generateHouseholds({ seed: 7, count: 2000, villageIds: villages, year: 2025 });
  const versions = new Map<string, number>();
  await pool(seedHouseholds, 32, async (h) => {
    const { monthlyIncomePerCapita: _i, ...body } = h;
    await admin.must("POST", `${T}/households`, body);
    versions.set(h.id, 1);
  });
  const ids = [...versions.keys()];

  const runtime = await workerRuntimeBase(server);
  const clients = {
    "through the wrangler dev proxy": admin,
    ...(runtime ? { "straight to the Worker runtime": admin.at(runtime) } : {}),
  };
  const save = async (client: ApiClient, concurrency: number) => {
    const mine = (w: number) => ids.filter((_, i) => i % concurrency === w);
    const cursor = new Array<number>(concurrency).fill(0);
    return closedLoop({ concurrency, durationMs: SAVE_SECONDS * 1000 }, async (w) => {
      const list = mine(w);
      const id = list[cursor[w]!++ % list.length]!;
      const version = versions.get(id)!;
      const r = await client.call("PATCH", `${T}/households/${id}`, { address: `Xóm ${cursor[w]}`, version });
      if (r.status === 200) versions.set(id, (r.body as { version: number }).version);
      return r.status;
    });
  };
  const bare = (client: ApiClient, concurrency: number) =>
    closedLoop(
      { concurrency, durationMs: SAVE_SECONDS * 1000 },
      async () => (await client.call("POST", `${T}/_bench/insert`, {})).status,
    );

  await bare(admin, 4);
  await save(admin, 4); // warm-up: rooms instantiated, caches filled
  const rows: [string, string, LoadResult, LoadResult][] = [];
  for (const [path, client] of Object.entries(clients))
    for (const c of [1, 50]) rows.push([path, `${c}`, await bare(client, c), await save(client, c)]);

  // Import: a synthetic list of 50,000 households written as the CSV a commune would upload.
  const importVillages = villages.slice(0, 20);
  const list = generateHouseholds({ seed: 11, count: IMPORT_HOUSEHOLDS, villageIds: importVillages, year: 2025 });
  const codeOf = new Map(importVillages.map((id, i) => [id, `B01-${i}`]));
  const csv = householdsCsv(list, (id) => codeOf.get(id)!, "I");
  const members = list.reduce((n, h) => n + h.members.length, 0);
  const baseline = groupRssMiB(pgid);
  const sampler = peakSampler(() => groupRssMiB(pgid), 200);
  const t0 = performance.now();
  const started = await admin.must("POST", `${T}/imports?communeId=${commune.id}`, csv, [202], {
    "Content-Type": "text/csv",
  });
  let job: any;
  for (;;) {
    job = await admin.must("GET", `${T}/imports/${started.id}`);
    if (job.status === "done" || job.status === "failed") break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (performance.now() - t0) / 1000;
  const peak = sampler.stop();
  if (job.status !== "done" || job.created !== IMPORT_HOUSEHOLDS) throw new Error(`import: ${JSON.stringify(job)}`);

  const line = (label: string, r: LoadResult) =>
    `| ${label} | ${fmt.int(r.opsPerSec)} | ${fmt.ms(r.p50)} | ${fmt.ms(r.p99)} | ${r.count} | ${r.errors} |`;
  const table = [
    "| Path | Operation | Concurrency | req/s | p50 ms | p99 ms | requests | 5xx/errors |",
    "|---|---|---:|---:|---:|---:|---:|---:|",
    ...rows.flatMap(([path, c, b, s]) => [
      line(`${path} | bare single-row D1 insert (baseline) | ${c}`, b),
      line(`${path} | household save through VillageRoom | ${c}`, s),
    ]),
  ];
  const ratios = rows.map(
    ([path, c, b, s]) =>
      `- ${path}, ${c} client(s): save costs ${fmt.ratio(b.opsPerSec / s.opsPerSec)} a bare insert in throughput, p50 ${fmt.ratio(s.p50 / b.p50)}, p99 ${fmt.ratio(s.p99 / b.p99)} (target: within 3×)`,
  );
  recordSection(
    "register",
    `## Register: household save and CSV import (\`bench/register.bench.ts\`)

Against \`wrangler dev\` on 127.0.0.1 (local D1 and Durable Objects), ${VILLAGES} villages, each client updating its own households with their base version for ${SAVE_SECONDS} s. "Through the proxy" is the public port of \`wrangler dev\`, which forwards every request through a dev-only proxy Worker (for live reload) that deployed Workers do not have; "straight to the Worker runtime" is the same \`wrangler dev\` process's own runtime socket. The load client runs on the same 2 cores.

${table.join("\n")}

${ratios.join("\n")}

Import of ${fmt.int(IMPORT_HOUSEHOLDS)} households (${fmt.int(members)} members, ${(csv.length / 2 ** 20).toFixed(1)} MiB CSV) into one commune of 20 villages: **${seconds.toFixed(1)} s** (target < 60 s), ${fmt.int(IMPORT_HOUSEHOLDS / seconds)} households/s; peak resident memory of wrangler + workerd ${peak.toFixed(0)} MiB (${(peak - baseline).toFixed(0)} MiB above the ${baseline.toFixed(0)} MiB before the import).`,
  );
} finally {
  await server.stop();
  rmSync(state, { recursive: true, force: true });
}
