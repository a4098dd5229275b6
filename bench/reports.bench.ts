// Reports on a district of 50,000 households (about 190,000 members) reviewed in a census: the
// results and progress reports, the list-by-name export (time, and the writer's peak memory
// against SheetJS in Node), and the province summary over 10 tenants against one. Runs its own
// `wrangler dev` on a fresh local state; the seeded rows (tests/fixtures/seeded-tenant.ts) are
// written straight into the local D1 files with node:sqlite before it starts, which takes seconds
// where inserting a million rows through the API would take most of an hour.
import { spawnSync } from "node:child_process";
import { rmSync } from "node:fs";
import { resolve } from "node:path";
import { ApiClient } from "../scripts/lib/client";
import { PROJECT_ROOT, startDevServer } from "../scripts/lib/dev-server";
import { insertAccounts, insertRows, prepareLocalState } from "../scripts/lib/local-state";
import { CAMPAIGN_2025, type SeedVillage, seedTenant, type Table } from "../tests/fixtures/seeded-tenant";
import { fmt, groupRssMiB, peakSampler, percentile, recordSection } from "./lib";

const HOUSEHOLDS = Number(process.env.BENCH_REPORT_HOUSEHOLDS ?? 50_000);
const TENANTS = 10;
const RUNS = 7;
const PASSWORD = "bench-password-1";
const PORT = Number(process.env.BENCH_PORT ?? 8802);

const tenants = [
  ...Array.from({ length: TENANTS }, (_, i) => ({
    code: i === 0 ? "luc-ngan" : `huyen-${String(i + 1).padStart(2, "0")}`,
    name: i === 0 ? "Huyện Lục Ngạn" : `Huyện Thử ${i + 1}`,
    province: "bac-giang",
  })),
  { code: "mot-huyen", name: "Huyện Một Mình", province: "tinh-mot" },
];
console.log(`Preparing ${tenants.length} tenants…`);
const local = prepareLocalState("ra-soat-bench-reports-", tenants);

// Lục Ngạn: 20 communes (2 towns) of 10 villages, every household reviewed in the 2025 census.
console.log(`Generating and classifying ${fmt.int(HOUSEHOLDS)} households…`);
const units: Table = { table: "units", rows: [] };
const villages: SeedVillage[] = [];
for (let c = 0; c < 20; c++) {
  const communeId = `0b000000-0000-4000-8000-${String(c).padStart(12, "0")}`;
  const area = c < 2 ? "urban" : "rural";
  units.rows.push({
    id: communeId,
    code: `B${String(c).padStart(2, "0")}`,
    name: c < 2 ? `Thị trấn ${c + 1}` : `Xã ${c + 1}`,
    level: "commune",
    parent_id: null,
    kind: c < 2 ? "thi_tran" : "xa",
    area,
    valid_from: "2020-01-01",
  });
  for (let v = 0; v < 10; v++) {
    const id = `0b000000-0000-4000-8001-${String(c * 10 + v).padStart(12, "0")}`;
    units.rows.push({
      id,
      code: `B${String(c).padStart(2, "0")}-${v}`,
      name: `Thôn ${c * 10 + v + 1}`,
      level: "village",
      parent_id: communeId,
      kind: c < 2 ? "to_dan_pho" : "thon",
      area,
      valid_from: "2020-01-01",
    });
    villages.push({ id, communeId, area });
  }
}
const t0 = performance.now();
const reviewers = Array.from({ length: 50 }, (_, i) => `0e000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
const seeded = await seedTenant({
  seed: 2025,
  households: HOUSEHOLDS,
  villages,
  reviewers,
  decidedCommuneId: villages[0]!.communeId,
  currentKind: "census",
});
const counts = Object.fromEntries(seeded.tables.map((t) => [t.table, t.rows.length]));
insertRows(local.files.get("luc-ngan")!, [units, ...seeded.tables]);
// The other tenants carry the same counters (the province summary reads nothing else).
const counterTables = seeded.tables.filter((t) => t.table === "summary_counters" || t.table === "campaigns");
for (const t of tenants.slice(1)) insertRows(local.files.get(t.code)!, counterTables);
const seedSeconds = (performance.now() - t0) / 1000;

await insertAccounts(local, PASSWORD, [
  { username: "bench.tinh", role: "province_admin", province: "bac-giang", tenant: null },
  { username: "bench.mot", role: "province_admin", province: "tinh-mot", tenant: null },
  { username: "bench.huyen", role: "district_admin", province: "bac-giang", tenant: "luc-ngan" },
]);

const server = await startDevServer({ persistTo: local.state, config: local.config, port: PORT });
const pgid = server.process.pid!;
try {
  const district = await new ApiClient(server.base).login("bench.huyen", PASSWORD);
  const province = await new ApiClient(server.base).login("bench.tinh", PASSWORD);
  const solo = await new ApiClient(server.base).login("bench.mot", PASSWORD);
  const R = `/api/v1/tenants/luc-ngan/campaigns/${CAMPAIGN_2025}/reports`;

  const timed = async (client: ApiClient, path: string, runs = RUNS) => {
    await client.must("GET", path); // warm-up
    const ms: number[] = [];
    let body: any;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      body = await client.must("GET", path);
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    return { p50: percentile(ms, 50), max: ms[ms.length - 1]!, body };
  };

  console.log("Timing reports…");
  const results = await timed(district, `${R}/results`);
  const resultsCommune = await timed(district, `${R}/results?unitId=${villages[20]!.communeId}`);
  const progress = await timed(district, `${R}/progress`);
  const deprivations = await timed(district, `${R}/deprivations`);
  const anomalies = await timed(district, `/api/v1/tenants/luc-ngan/campaigns/${CAMPAIGN_2025}/anomalies`, 3);

  console.log("Exporting the lists by name…");
  const exportList = async (form: string) => {
    const baseline = groupRssMiB(pgid);
    const sampler = peakSampler(() => groupRssMiB(pgid), 100);
    const s = performance.now();
    const job = await district.must(
      "POST",
      "/api/v1/tenants/luc-ngan/exports",
      { campaignId: CAMPAIGN_2025, form, format: "xlsx" },
      [202],
    );
    let st: any;
    for (;;) {
      st = await district.must("GET", `/api/v1/tenants/luc-ngan/exports/${job.id}`);
      if (st.status === "done" || st.status === "failed") break;
      await new Promise((ok) => setTimeout(ok, 100));
    }
    const seconds = (performance.now() - s) / 1000;
    const peak = sampler.stop();
    if (st.status !== "done") throw new Error(`export ${form}: ${JSON.stringify(st)}`);
    const total = (await district.must("GET", `${R}/${form}?limit=1`)).total;
    return {
      seconds,
      bytes: st.bytes as number,
      households: total.households as number,
      persons: total.persons as number,
      rssDelta: peak - baseline,
    };
  };
  const poorList = await exportList("poor-list");
  const nearPoorList = await exportList("near-poor-list");

  console.log("Timing the province summary…");
  const ten = await timed(province, "/api/v1/province/summary?year=2025", 15);
  const one = await timed(solo, "/api/v1/province/summary?year=2025", 15);
  if (ten.body.tenants.length !== TENANTS || one.body.tenants.length !== 1)
    throw new Error("province summary: wrong tenants");
  if (ten.body.tenants[0].poor !== results.body.total.poor)
    throw new Error("province summary differs from the results report");

  console.log("Measuring the XLSX writers in Node…");
  const writer = (mode: string) => {
    const r = spawnSync(
      process.execPath,
      ["--import", "tsx", resolve(PROJECT_ROOT, "bench/xlsx-memory.ts"), mode, String(HOUSEHOLDS)],
      { encoding: "utf8", cwd: PROJECT_ROOT, maxBuffer: 1 << 20 },
    );
    if (r.status !== 0) throw new Error(`xlsx-memory ${mode}: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").at(-1)!) as {
      lines: number;
      bytes: number;
      ms: number;
      maxRssMiB: number;
    };
  };
  const none = writer("none");
  const stream = writer("stream");
  const sheetjs = writer("sheetjs");

  const target1s = (ms: number) => (ms < 1000 ? "**met**" : "not met");
  recordSection(
    "reports",
    `## Reports, exports and the province roll-up (\`bench/reports.bench.ts\`)

One district of ${fmt.int(HOUSEHOLDS)} households (${fmt.int(counts.members!)} members) in 20 communes of 10 villages, all reviewed in a 2025 census (${fmt.int(counts.assessments!)} assessment rows with the 2024 ones, ${fmt.int(counts.assessment_indicators!)} indicator rows), seeded in ${seedSeconds.toFixed(0)} s; \`wrangler dev\` on 127.0.0.1 (local D1), through its dev proxy, client on the same 2 cores. ${RUNS} timed runs after one warm-up; p50 and slowest.

| Request | p50 ms | slowest ms | Target |
|---|---:|---:|---|
| \`reports/results\`, whole district (20 commune rows, blocks, total) | ${fmt.ms(results.p50)} | ${fmt.ms(results.max)} | < 1000: ${target1s(results.p50)} |
| \`reports/results\`, one commune (10 village rows) | ${fmt.ms(resultsCommune.p50)} | ${fmt.ms(resultsCommune.max)} | — |
| \`reports/progress\`, whole district, with the open signals (every rule run) | ${fmt.ms(progress.p50)} | ${fmt.ms(progress.max)} | < 1000: ${target1s(progress.p50)} |
| \`reports/deprivations\`, whole district (12 indicators × 2 lists) | ${fmt.ms(deprivations.p50)} | ${fmt.ms(deprivations.max)} | — |
| \`anomalies\`, whole district (${anomalies.body.items.length} signals) | ${fmt.ms(anomalies.p50)} | ${fmt.ms(anomalies.max)} | — |

Lists by name exported as XLSX through the API (ExportJob Durable Object, pages of 500 households from D1, multipart upload to local R2), from the request to \`done\`:

| Form | Households | Member lines | File | Time | Peak RSS of wrangler + workerd above idle |
|---|---:|---:|---:|---:|---:|
| \`poor-list\` | ${fmt.int(poorList.households)} | ${fmt.int(poorList.persons)} | ${(poorList.bytes / 1024).toFixed(0)} KiB | ${poorList.seconds.toFixed(2)} s | ${poorList.rssDelta.toFixed(0)} MiB |
| \`near-poor-list\` | ${fmt.int(nearPoorList.households)} | ${fmt.int(nearPoorList.persons)} | ${(nearPoorList.bytes / 1024).toFixed(0)} KiB | ${nearPoorList.seconds.toFixed(2)} s | ${nearPoorList.rssDelta.toFixed(0)} MiB |

The writer's memory, measured in Node on a list of all ${fmt.int(HOUSEHOLDS)} households (${fmt.int(stream.lines)} member lines, far more than any district's poor list), each run in its own process (peak resident set, \`maxRSS\`); "none" produces the same pages and drops them:

| Writer | Time | File | Peak RSS | Above "none" |
|---|---:|---:|---:|---:|
| none (baseline: data pages, Node, tsx) | ${(none.ms / 1000).toFixed(1)} s | — | ${none.maxRssMiB} MiB | — |
| streaming writer on fflate (\`src/reports/xlsx.ts\`, the one used) | ${(stream.ms / 1000).toFixed(1)} s | ${(stream.bytes / 2 ** 20).toFixed(1)} MiB | ${stream.maxRssMiB} MiB | ${Math.max(0, stream.maxRssMiB - none.maxRssMiB)} MiB |
| SheetJS (\`@e965/xlsx\`: array of lines → \`aoa_to_sheet\` → \`write\`) | ${(sheetjs.ms / 1000).toFixed(1)} s | ${(sheetjs.bytes / 2 ** 20).toFixed(1)} MiB | ${sheetjs.maxRssMiB} MiB | ${sheetjs.maxRssMiB - none.maxRssMiB} MiB |

The streaming writer holds one page of lines and the deflate state, so its memory does not grow with the list: it stays far under the Workers' 128 MB at any size; SheetJS holds the whole workbook several times over and would not fit a Worker beyond a few thousand households.

Province summary (\`GET /api/v1/province/summary?year=2025\`, from each tenant's summary counters read in parallel, snapshot written): 10 tenants p50 **${fmt.ms(ten.p50)} ms** (slowest ${fmt.ms(ten.max)}; target < 200 ms: ${ten.p50 < 200 ? "**met**" : "not met"}), one tenant ${fmt.ms(one.p50)} ms (slowest ${fmt.ms(one.max)}): ${fmt.ratio(ten.p50 / one.p50)} the time of one for ten times the tenants. Its Lục Ngạn row equals the results report (${fmt.int(results.body.total.poor)} poor households).`,
  );
} finally {
  await server.stop();
  rmSync(local.dir, { recursive: true, force: true });
}
