// `npm run bench:load`: a scripted day of a district, a saturation run and the peer comparison,
// against `wrangler dev` on 127.0.0.1 (its own fresh local state), each through wrangler's dev
// proxy and straight to the Worker runtime.
//
// - The day: 200 reviewers in 40 villages, each saving or submitting a household's review form
//   every 3 s on average (≈ 67 writes/s, Poisson arrivals, each write with its Idempotency-Key and
//   base version, as the web app's outbox sends them), 8 commune officers reading their lists and
//   reports, the province reading its summary, and a thin stream of bare D1 reads and writes for
//   the ratio. Afterwards every acknowledged write must be in the database exactly once (version
//   and audit entries count each once) and every summary counter must equal a recount.
// - Saturation: closed-loop form saves (no pauses) at rising concurrency until p99 passes 500 ms.
// - Peers (shared/spec/PEERS.md): 50 clients updating distinct households with their base
//   version, and creating households, against ODK Central's figures on this machine kind.
//
// BENCH_DAY_SECONDS (60), BENCH_SECONDS (10, per saturation step and peer run) shorten or lengthen it.
import { type ApiClient, pool } from "../scripts/lib/client";
import {
  type District,
  type DistrictShape,
  openDistrict,
  prepareDistrict,
  removeDistrict,
  TENANT,
} from "../scripts/lib/district";
import { generateHouseholds } from "../src/demo/synthetic";
import { deriveIndicators, getStandard } from "../src/domain";
import { openLocalD1 } from "../tests/reliability/lib/local-d1";
import { counterMismatches } from "../tests/reliability/lib/recount";
import {
  closedLoop,
  fmt,
  groupCpuSeconds,
  groupRssMiB,
  type LoadResult,
  loadAverage,
  peakSampler,
  percentile,
  recordSection,
} from "./lib";

const SHAPE: DistrictShape = { communes: 8, villagesPerCommune: 5, reviewers: 200 };
const DAY_SECONDS = Number(process.env.BENCH_DAY_SECONDS ?? 60);
const STEP_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MEAN_PAUSE_MS = 3000;
const HOUSEHOLDS_PER_REVIEWER = 8;
const T = `/api/v1/tenants/${TENANT}`;
const PEER = { update: { rps: 266, p50: 185, p99: 237 }, create: { rps: 276, p50: 179, p99: 227 } };

interface Household {
  id: string;
  villageId: string;
  members: unknown[];
  facts: unknown;
}

/** Latencies and statuses per endpoint. */
class Recorder {
  readonly rows = new Map<string, { ms: number[]; statuses: Record<number, number> }>();
  started = performance.now();
  record(endpoint: string, ms: number, status: number) {
    const row = this.rows.get(endpoint) ?? { ms: [], statuses: {} };
    row.ms.push(ms);
    row.statuses[status] = (row.statuses[status] ?? 0) + 1;
    this.rows.set(endpoint, row);
  }
  async time<T extends { status: number }>(endpoint: string, call: () => Promise<T>): Promise<T | undefined> {
    const t0 = performance.now();
    try {
      const r = await call();
      this.record(endpoint, performance.now() - t0, r.status);
      return r;
    } catch {
      this.record(endpoint, performance.now() - t0, 0);
      return undefined;
    }
  }
  summary(endpoint: string, seconds: number) {
    const row = this.rows.get(endpoint) ?? { ms: [], statuses: {} };
    const sorted = [...row.ms].sort((a, b) => a - b);
    const count = sorted.length;
    const errors = Object.entries(row.statuses)
      .filter(([s]) => Number(s) === 0 || Number(s) >= 500)
      .reduce((n, [, v]) => n + v, 0);
    const refused = Object.entries(row.statuses)
      .filter(([s]) => Number(s) >= 400 && Number(s) < 500)
      .reduce((n, [, v]) => n + v, 0);
    return {
      count,
      rps: count / seconds,
      p50: percentile(sorted, 50),
      p95: percentile(sorted, 95),
      p99: percentile(sorted, 99),
      errors,
      refused,
    };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exponential = (mean: number) => -Math.log(1 - Math.random()) * mean;

/** The form's answers: the income, and every indicator the household's facts leave open. */
function answersFor(h: Household, campaign: { standard: string; reviewDate: string }, income: number) {
  const open = deriveIndicators(
    getStandard(campaign.standard)!,
    { members: h.members, facts: h.facts } as never,
    campaign.reviewDate,
  ).filter((d) => d.value === null);
  return { monthlyIncomePerCapita: income, indicators: Object.fromEntries(open.map((d) => [d.code, false])) };
}

interface Ack {
  householdId: string;
  action: "save" | "submit";
  version: number;
}

/** The day of a district on `base` for `seconds`: reviewers' writes, officers' and the province's reads. */
async function day(
  district: District,
  base: string,
  campaign: { id: string; standard: string; reviewDate: string },
  households: Map<string, Household[]>,
  seconds: number,
) {
  const rec = new Recorder();
  const acks: Ack[] = [];
  const until = performance.now() + seconds * 1000;
  /** A pause that ends with the day. */
  const pause = (ms: number) => sleep(Math.max(0, Math.min(ms, until - performance.now())));
  const A = `${T}/campaigns/${campaign.id}/assessments`;
  const reviewers = district.layout.reviewers.map(async (r) => {
    const client = district.as("district_admin").at(base).as(r.token);
    const mine = households.get(r.id)!;
    await pause(Math.random() * MEAN_PAUSE_MS);
    for (const h of mine) {
      // Saved twice (the first save needs no version), then submitted.
      let version: number | null = null;
      for (const step of ["save", "save", "submit"] as const) {
        if (performance.now() >= until) return;
        const key: string = `${r.id}-${h.id}-${step}-${version ?? 0}`;
        const res: { status: number; body: unknown } | undefined =
          step === "save"
            ? await rec.time("PUT assessment (save)", () =>
                client.call(
                  "PUT",
                  `${A}/${h.id}`,
                  {
                    ...answersFor(h, campaign, 1_000_000 + Math.floor(Math.random() * 900) * 1000),
                    ...(version === null ? {} : { version }),
                  },
                  { "Idempotency-Key": key },
                ),
              )
            : await rec.time("POST assessment action (submit)", () =>
                client.call("POST", `${A}/${h.id}/actions`, { action: "submit" }, { "Idempotency-Key": key }),
              );
        if (res?.status === 200) {
          version = (res.body as { version: number }).version;
          acks.push({ householdId: h.id, action: step, version });
        } else break;
        await pause(exponential(MEAN_PAUSE_MS));
      }
    }
  });
  const officers = district.layout.communeOfficers.map(async (o, i) => {
    const client = district.as("district_admin").at(base).as(o.token);
    await pause(Math.random() * 4000);
    for (let n = 0; performance.now() < until; n++) {
      if (n % 2 === 0)
        await rec.time("GET assessments (commune list)", () =>
          client.call("GET", `${A}?communeId=${o.communeId}&limit=50`),
        );
      else
        await rec.time("GET report results (commune)", () =>
          client.call("GET", `${T}/campaigns/${campaign.id}/reports/results?unitId=${o.communeId}`),
        );
      await pause(exponential(4000 + i * 10));
    }
  });
  const province = (async () => {
    const client = district.as("province_admin").at(base);
    while (performance.now() < until) {
      await rec.time("GET province summary", () => client.call("GET", "/api/v1/province/summary?year=2025"));
      await pause(exponential(10_000));
    }
  })();
  // The bare routes, thinly, for the ratio under the same load.
  const bare = (async () => {
    const client = district.as("district_admin").at(base);
    for (let n = 0; performance.now() < until; n++) {
      if (n % 2 === 0) await rec.time("bare D1 insert (baseline)", () => client.call("POST", `${T}/_bench/insert`, {}));
      else await rec.time("bare D1 read (baseline)", () => client.call("GET", `${T}/_bench/read`));
      await pause(exponential(200));
    }
  })();
  await Promise.all([...reviewers, ...officers, province, bare]);
  return { rec, acks, seconds: (performance.now() - rec.started) / 1000 };
}

/** Every acknowledged write stored exactly once, and the counters equal to a recount. */
function verify(
  district: District,
  campaignId: string,
  acks: Ack[],
): { missing: number; duplicated: number; counters: string[] } {
  const db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
  try {
    const byHousehold = new Map<string, Ack[]>();
    for (const a of acks) byHousehold.set(a.householdId, [...(byHousehold.get(a.householdId) ?? []), a]);
    const row = db.tenant.prepare("SELECT id, version FROM assessments WHERE household_id = ? AND campaign_id = ?");
    const entries = db.tenant.prepare(
      "SELECT action, count(*) AS n FROM audit_log WHERE entity_id = ? AND action IN ('save', 'submit') GROUP BY action",
    );
    let missing = 0;
    let duplicated = 0;
    for (const [householdId, list] of byHousehold) {
      const a = row.get(householdId, campaignId) as { id: string; version: number };
      const last = Math.max(...list.map((x) => x.version));
      if (a.version < last) missing++;
      if (a.version > last) duplicated++;
      const audited = Object.fromEntries(
        (entries.all(a.id) as { action: string; n: number }[]).map((e) => [e.action, e.n]),
      );
      for (const action of ["save", "submit"] as const) {
        const want = list.filter((x) => x.action === action).length;
        if ((audited[action] ?? 0) < want) missing++;
        if ((audited[action] ?? 0) > want) duplicated++;
      }
    }
    return { missing, duplicated, counters: counterMismatches(db.tenant) };
  } finally {
    db.close();
  }
}

/** Closed-loop form saves by `concurrency` clients on households of their own. */
function saturate(
  client: ApiClient,
  campaign: { id: string; standard: string; reviewDate: string },
  pool: Household[],
  versions: Map<string, number | null>,
  concurrency: number,
) {
  const cursor = new Array<number>(concurrency).fill(0);
  const mine = Array.from({ length: concurrency }, (_, w) => pool.filter((_, i) => i % concurrency === w));
  return closedLoop({ concurrency, durationMs: STEP_SECONDS * 1000 }, async (w) => {
    const list = mine[w]!;
    const h = list[cursor[w]!++ % list.length]!;
    const version = versions.get(h.id) ?? null;
    const r = await client.call("PUT", `${T}/campaigns/${campaign.id}/assessments/${h.id}`, {
      ...answersFor(h, campaign, 1_200_000 + cursor[w]! * 1000),
      ...(version === null ? {} : { version }),
    });
    if (r.status === 200) versions.set(h.id, (r.body as { version: number }).version);
    return r.status;
  });
}

/** 50 clients, each updating households of its own with their base version (the peer's operation). */
function peerUpdate(client: ApiClient, ids: string[], versions: Map<string, number>, concurrency = 50) {
  const cursor = new Array<number>(concurrency).fill(0);
  const mine = Array.from({ length: concurrency }, (_, w) => ids.filter((_, i) => i % concurrency === w));
  return closedLoop({ concurrency, durationMs: STEP_SECONDS * 1000 }, async (w) => {
    const list = mine[w]!;
    const id = list[cursor[w]!++ % list.length]!;
    const r = await client.call("PATCH", `${T}/households/${id}`, {
      address: `Xóm ${cursor[w]}`,
      version: versions.get(id)!,
    });
    if (r.status === 200) versions.set(id, (r.body as { version: number }).version);
    return r.status;
  });
}

function peerCreate(client: ApiClient, villages: string[], concurrency = 50) {
  let n = 0;
  return closedLoop({ concurrency, durationMs: STEP_SECONDS * 1000 }, async () => {
    const villageId = villages[n++ % villages.length]!;
    const r = await client.call("POST", `${T}/households`, {
      villageId,
      headName: `Hộ thử ${n}`,
      members: [{ fullName: `Hộ thử ${n}`, sex: "male", birthYear: 1975, ethnicity: "kinh", relationToHead: "head" }],
    });
    return r.status;
  });
}

const bareInsert = (client: ApiClient, concurrency: number) =>
  closedLoop(
    { concurrency, durationMs: STEP_SECONDS * 1000 },
    async () => (await client.call("POST", `${T}/_bench/insert`, {})).status,
  );

// ---- the run -------------------------------------------------------------------------------

const dir = await prepareDistrict(SHAPE);
const district = await openDistrict({
  dir,
  shape: SHAPE,
  ...(process.env.BENCH_LOG ? { log: process.env.BENCH_LOG } : {}),
});
const pgid = district.server.process.pid!;
try {
  const admin = district.as("district_admin");
  const villages = district.layout.villages.flat();
  const paths: [string, string][] = [["through the wrangler dev proxy", district.base]];
  if (district.runtime) paths.push(["straight to the Worker runtime", district.runtime]);

  // Households: for each reviewer, a set for each day; then a shared pool for saturation.
  const sets = paths.length + 1;
  const made: Household[] = [];
  const byVillage = new Map<string, number>();
  const synthetic = generateHouseholds({
    seed: 2025,
    count: SHAPE.reviewers! * HOUSEHOLDS_PER_REVIEWER * sets,
    villageIds: villages,
    year: 2025,
  });
  await pool(synthetic, 32, async ({ monthlyIncomePerCapita: _i, ...h }) => {
    const r = await admin.must("POST", `${T}/households`, h);
    made.push({ id: r.id, villageId: r.villageId, members: r.members, facts: r.facts });
    byVillage.set(r.villageId, (byVillage.get(r.villageId) ?? 0) + 1);
  });
  made.sort((a, b) => a.id.localeCompare(b.id));
  // The census lists every household of the district.
  const campaign = await admin.must("POST", `${T}/campaigns`, { year: 2025, kind: "census" });
  const forDay = (set: number) => {
    const out = new Map<string, Household[]>();
    for (const r of district.layout.reviewers) {
      const here = made.filter((h) => h.villageId === r.villageId);
      const share = district.layout.reviewers.filter((x) => x.villageId === r.villageId);
      const k = share.findIndex((x) => x.id === r.id);
      out.set(
        r.id,
        here.filter((_, i) => i % (share.length * sets) === set * share.length + k),
      );
    }
    return out;
  };

  const rss = peakSampler(() => groupRssMiB(pgid), 500);
  const days: {
    path: string;
    rec: Recorder;
    seconds: number;
    acks: Ack[];
    check: ReturnType<typeof verify>;
    busy: number;
    load: string;
  }[] = [];
  for (const [i, [path, base]] of paths.entries()) {
    const cpu = groupCpuSeconds(pgid);
    const load = loadAverage();
    const d = await day(district, base, campaign, forDay(i), DAY_SECONDS);
    days.push({
      path,
      ...d,
      check: verify(district, campaign.id, d.acks),
      busy: (groupCpuSeconds(pgid) - cpu) / d.seconds,
      load: `${load} → ${loadAverage()}`,
    });
  }

  // Saturation: form saves, closed loop, rising concurrency until p99 passes 500 ms.
  const saturationPool = made.filter((_, i) => i % sets === sets - 1);
  const versions = new Map<string, number | null>();
  const saturation: { path: string; steps: { concurrency: number; r: LoadResult }[] }[] = [];
  for (const [path, base] of paths) {
    const steps: { concurrency: number; r: LoadResult }[] = [];
    for (const concurrency of [5, 10, 25, 50, 100, 200]) {
      const r = await saturate(admin.at(base), campaign, saturationPool, versions, concurrency);
      steps.push({ concurrency, r });
      if (r.p99 > 500) break;
    }
    saturation.push({ path, steps });
  }

  // Peers: 50 clients updating distinct households with their base version; creating households.
  const registerVersions = new Map<string, number>();
  for (const h of made) registerVersions.set(h.id, 1);
  const peer: { path: string; update: LoadResult; oneVillage: LoadResult; create: LoadResult; bare: LoadResult }[] = [];
  const inFirstVillage = made.filter((h) => h.villageId === villages[0]).map((h) => h.id);
  for (const [path, base] of paths) {
    const client = admin.at(base);
    await peerUpdate(
      client,
      made.map((h) => h.id),
      registerVersions,
      10,
    ); // warm-up
    peer.push({
      path,
      update: await peerUpdate(
        client,
        made.map((h) => h.id),
        registerVersions,
      ),
      oneVillage: await peerUpdate(client, inFirstVillage, registerVersions),
      create: await peerCreate(client, villages),
      bare: await bareInsert(client, 50),
    });
  }
  const peakRss = rss.stop();

  // ---- the report ----
  const line = (cells: (string | number)[]) => `| ${cells.join(" | ")} |`;
  const dayTables = days.map(({ path, rec, seconds, acks, check, busy, load }) => {
    const rows = [...rec.rows.keys()].map((endpoint) => {
      const s = rec.summary(endpoint, seconds);
      return line([
        endpoint,
        fmt.int(s.count),
        s.rps.toFixed(1),
        fmt.ms(s.p50),
        fmt.ms(s.p95),
        fmt.ms(s.p99),
        s.errors,
        s.refused,
      ]);
    });
    const save = rec.summary("PUT assessment (save)", seconds);
    const submit = rec.summary("POST assessment action (submit)", seconds);
    const bareW = rec.summary("bare D1 insert (baseline)", seconds);
    const bareR = rec.summary("bare D1 read (baseline)", seconds);
    const list = rec.summary("GET assessments (commune list)", seconds);
    const errors = [...rec.rows.keys()].reduce((n, e) => n + rec.summary(e, seconds).errors, 0);
    return `### The day, ${path} (${seconds.toFixed(0)} s)

| Endpoint | requests | req/s | p50 ms | p95 ms | p99 ms | 5xx/errors | 4xx |
|---|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

- Writes: ${fmt.int(save.count + submit.count)} in ${seconds.toFixed(0)} s = **${((save.count + submit.count) / seconds).toFixed(1)} writes/s**; ${fmt.int(acks.length)} acknowledged; 5xx/errors **${errors}** (target 0). wrangler + workerd used ${(busy * 100).toFixed(0)}% of one core; the machine's load average went ${load}.
- Save p99 **${fmt.ms(save.p99)} ms** (target < 150 ms: ${save.p99 < 150 ? "**met**" : "**not met**"}); against the bare D1 insert under the same load: p50 ${fmt.ratio(save.p50 / bareW.p50)}, p99 ${fmt.ratio(save.p99 / bareW.p99)}; the commune list against the bare D1 read: p50 ${fmt.ratio(list.p50 / bareR.p50)}, p99 ${fmt.ratio(list.p99 / bareR.p99)}.
- After the day: acknowledged writes missing **${check.missing}**, stored twice **${check.duplicated}**; summary counters differing from a recount **${check.counters.length}**${check.counters.length ? ` (${check.counters.slice(0, 5).join("; ")})` : ""}.`;
  });
  const satTables = saturation.map(({ path, steps }) => {
    const ok = steps.filter((s) => s.r.p99 <= 500 && s.r.errors === 0);
    const best = ok.reduce(
      (b, s) => (s.r.opsPerSec > (b?.r.opsPerSec ?? 0) ? s : b),
      undefined as (typeof steps)[number] | undefined,
    );
    return `${steps.map((s) => line([path, s.concurrency, fmt.int(s.r.opsPerSec), fmt.ms(s.r.p50), fmt.ms(s.r.p95), fmt.ms(s.r.p99), s.r.count, s.r.errors])).join("\n")}
${line([`**${path}: maximum**`, best ? best.concurrency : "—", `**${best ? fmt.int(best.r.opsPerSec) : "—"}**`, "", "", best ? fmt.ms(best.r.p99) : "", "", ""])}`;
  });
  const versus = (r: LoadResult) =>
    `${fmt.ratio(r.opsPerSec / PEER.update.rps)}; target ≥ 2× and p99 < 100 ms: ${r.opsPerSec >= 2 * PEER.update.rps && r.p99 < 100 ? "**met**" : "**not met**"}`;
  const peerRows = peer.flatMap(({ path, update, oneVillage, create, bare }) => [
    line([
      path,
      "update one household with its base version (households of all 40 villages)",
      50,
      `**${fmt.int(update.opsPerSec)}**`,
      fmt.ms(update.p50),
      `**${fmt.ms(update.p99)}**`,
      update.errors,
      `${PEER.update.rps} req/s, p50 ${PEER.update.p50}, p99 ${PEER.update.p99}`,
      versus(update),
    ]),
    line([
      path,
      "the same, all households in one village (one VillageRoom)",
      50,
      `**${fmt.int(oneVillage.opsPerSec)}**`,
      fmt.ms(oneVillage.p50),
      `**${fmt.ms(oneVillage.p99)}**`,
      oneVillage.errors,
      `${PEER.update.rps} req/s, p50 ${PEER.update.p50}, p99 ${PEER.update.p99}`,
      versus(oneVillage),
    ]),
    line([
      path,
      "create a household",
      50,
      `**${fmt.int(create.opsPerSec)}**`,
      fmt.ms(create.p50),
      `**${fmt.ms(create.p99)}**`,
      create.errors,
      `${PEER.create.rps} req/s, p50 ${PEER.create.p50}, p99 ${PEER.create.p99}`,
      fmt.ratio(create.opsPerSec / PEER.create.rps),
    ]),
    line([
      path,
      "bare single-row D1 insert (baseline)",
      50,
      fmt.int(bare.opsPerSec),
      fmt.ms(bare.p50),
      fmt.ms(bare.p99),
      bare.errors,
      "",
      `update costs ${fmt.ratio(bare.opsPerSec / update.opsPerSec)} a bare insert`,
    ]),
  ]);
  recordSection(
    "load",
    `## A district under load (\`bench/load.bench.ts\`, \`npm run bench:load\`)

Against \`wrangler dev\` on 127.0.0.1 with its own fresh local state: ${SHAPE.communes} communes of ${SHAPE.villagesPerCommune} villages (40), ${fmt.int(made.length)} households, a 2025 census listing them all; ${SHAPE.reviewers} reviewers (5 per village), ${SHAPE.communes} commune officers, the province. "Through the proxy" is the public port of \`wrangler dev\`, which forwards every request through a dev-only proxy Worker that deployed Workers do not have; "straight to the Worker runtime" is the same process's own socket. workerd runs the Worker, every Durable Object and the local D1 on one thread; the load client shares the machine's 2 cores with it (and with other jobs when the machine is shared). Peak resident memory of wrangler + workerd: ${peakRss.toFixed(0)} MiB.

Each reviewer saves a household's form twice and submits it, pausing 3 s on average (exponential) after each answer; writes carry an Idempotency-Key and their base version. Commune officers read their commune's list or its results report every 4 s on average, the province its summary every 10 s; a bare D1 insert and read run thinly beside for the ratio.

${dayTables.join("\n\n")}

### Saturation: form saves, closed loop (no pauses), ${STEP_SECONDS} s per step, until p99 passes 500 ms

| Path | Clients | saves/s | p50 ms | p95 ms | p99 ms | requests | 5xx/errors |
|---|---:|---:|---:|---:|---:|---:|---:|
${satTables.join("\n")}

### Against the peer (ODK Central, \`shared/spec/PEERS.md\`, same machine kind), ${STEP_SECONDS} s each

Each client updates households of its own with the version it last got (no conflicts). Writes to one village go through its VillageRoom one batch at a time; those that queue meanwhile commit together in the next batch (group commit), so one busy village amortises its D1 round trips, while 50 clients spread over 40 villages rarely queue in the same room.

| Path | Operation | Clients | req/s | p50 ms | p99 ms | 5xx/errors | ODK Central | Ratio |
|---|---|---:|---:|---:|---:|---:|---|---|
${peerRows.join("\n")}`,
  );
  const failed =
    days.some((d) => d.check.missing || d.check.duplicated || d.check.counters.length) ||
    days.some((d) => [...d.rec.rows.keys()].some((e) => d.rec.summary(e, d.seconds).errors));
  if (failed) process.exitCode = 1;
} finally {
  await district.stop();
  removeDistrict(dir);
}
