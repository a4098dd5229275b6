// The review procedure under load: opening a census campaign over a district's register (the list
// is written by one INSERT … SELECT), saving Phiếu B forms through the VillageRoom (rules engine,
// version guard, audit chain, counters and indicator rows in one batch) at 1 and 50 clients
// against a household save in the same run, and a commune's meetings, postings and decision over
// a thousand households. Runs its own `wrangler dev` on a fresh local state.
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ApiClient, pool } from "../scripts/lib/client";
import { startDevServer } from "../scripts/lib/dev-server";
import { addTenant } from "../scripts/tenant-add";
import { householdsCsv } from "../src/demo/csv";
import { generateHouseholds, type SyntheticHousehold } from "../src/demo/synthetic";
import { deriveIndicators, ND07_2021 } from "../src/domain";
import { closedLoop, fmt, type LoadResult, recordSection } from "./lib";

const PORT = Number(process.env.BENCH_PORT ?? 8801);
const VILLAGES = 10;
const OWN_HOUSEHOLDS = Number(process.env.BENCH_HOUSEHOLDS ?? 1000);
const IMPORTED = Number(process.env.BENCH_IMPORT_HOUSEHOLDS ?? 20_000);
const SAVE_SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const REVIEW_DATE = "2025-09-01";

const state = mkdtempSync(join(tmpdir(), "ra-soat-bench-procedure-"));
addTenant(
  { config: "wrangler.jsonc", persistTo: state, remote: false },
  { code: "luc-ngan", name: "Huyện Lục Ngạn", province: "bac-giang" },
);
const server = await startDevServer({
  persistTo: state,
  port: PORT,
  vars: { BOOTSTRAP_ADMIN: "bench.tinh:bench-password-1", BOOTSTRAP_PROVINCE: "bac-giang" },
  log: join(state, "wrangler.log"),
});

/** Complete answers: the income, and an answer for each indicator the facts leave open. */
function answers(h: SyntheticHousehold, income = h.monthlyIncomePerCapita) {
  const open = deriveIndicators(ND07_2021, h, REVIEW_DATE).filter((d) => d.value === null);
  return { monthlyIncomePerCapita: income, indicators: Object.fromEntries(open.map((d) => [d.code, false])) };
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const r = await fn();
  return [r, (performance.now() - t0) / 1000];
}

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
  const communeA = await admin.must("POST", `${T}/units`, { code: "P01", name: "Xã Rà Soát", level: "commune" });
  const communeB = await admin.must("POST", `${T}/units`, { code: "P02", name: "Xã Nhập Sổ", level: "commune" });
  const villagesA: string[] = [];
  const villagesB: string[] = [];
  for (let v = 0; v < VILLAGES; v++) {
    villagesA.push(
      (
        await admin.must("POST", `${T}/units`, {
          code: `P01-${v}`,
          name: `Thôn A${v + 1}`,
          level: "village",
          parentId: communeA.id,
        })
      ).id,
    );
    villagesB.push(
      (
        await admin.must("POST", `${T}/units`, {
          code: `P02-${v}`,
          name: `Thôn B${v + 1}`,
          level: "village",
          parentId: communeB.id,
        })
      ).id,
    );
  }
  const own = generateHouseholds({ seed: 5, count: OWN_HOUSEHOLDS, villageIds: villagesA, year: 2025 });
  await pool(own, 32, async (h) => {
    const { monthlyIncomePerCapita: _i, ...body } = h;
    await admin.must("POST", `${T}/households`, body);
  });
  const imported = generateHouseholds({ seed: 9, count: IMPORTED, villageIds: villagesB, year: 2025 });
  const codeOf = new Map(villagesB.map((id, i) => [id, `P02-${i}`]));
  const started = await admin.must(
    "POST",
    `${T}/imports?communeId=${communeB.id}`,
    householdsCsv(imported, (id) => codeOf.get(id)!, "I"),
    [202],
    { "Content-Type": "text/csv" },
  );
  for (;;) {
    const job = await admin.must("GET", `${T}/imports/${started.id}`);
    if (job.status === "failed") throw new Error(`import: ${JSON.stringify(job)}`);
    if (job.status === "done") break;
    await new Promise((r) => setTimeout(r, 250));
  }

  // 1. A census campaign lists every household of the register.
  const [created, createSeconds] = await timed(() =>
    admin.must("POST", `${T}/campaigns`, { year: 2025, kind: "census" }),
  );
  const campaign = await admin.must("GET", `${T}/campaigns/${created.id}`);
  if (campaign.listed !== OWN_HOUSEHOLDS + IMPORTED) throw new Error(`listed ${campaign.listed}`);

  // 2. Forms saved through the rooms; each client owns its households (every save is expected to succeed).
  const versions = new Map<string, number>(own.map((h) => [h.id, 0]));
  const byId = new Map(own.map((h) => [h.id, h]));
  const ids = own.map((h) => h.id);
  const saveForms = (concurrency: number) => {
    const cursor = new Array<number>(concurrency).fill(0);
    return closedLoop({ concurrency, durationMs: SAVE_SECONDS * 1000 }, async (w) => {
      const mine = ids.filter((_, i) => i % concurrency === w);
      const id = mine[cursor[w]!++ % mine.length]!;
      const version = versions.get(id)!;
      const body = {
        ...answers(byId.get(id)!, byId.get(id)!.monthlyIncomePerCapita + cursor[w]!),
        ...(version ? { version } : {}),
      };
      const r = await admin.call("PUT", `${T}/campaigns/${campaign.id}/assessments/${id}`, body);
      if (r.status === 200) versions.set(id, (r.body as { version: number }).version);
      return r.status;
    });
  };
  const householdVersions = new Map<string, number>(own.map((h) => [h.id, 1]));
  const saveHouseholds = (concurrency: number) => {
    const cursor = new Array<number>(concurrency).fill(0);
    return closedLoop({ concurrency, durationMs: SAVE_SECONDS * 1000 }, async (w) => {
      const mine = ids.filter((_, i) => i % concurrency === w);
      const id = mine[cursor[w]!++ % mine.length]!;
      const r = await admin.call("PATCH", `${T}/households/${id}`, {
        address: `Xóm ${cursor[w]}`,
        version: householdVersions.get(id)!,
      });
      if (r.status === 200) householdVersions.set(id, (r.body as { version: number }).version);
      return r.status;
    });
  };
  await saveForms(4); // warm-up: rooms instantiated, caches filled
  const rows: [number, LoadResult, LoadResult][] = [];
  for (const c of [1, 50]) rows.push([c, await saveHouseholds(c), await saveForms(c)]);

  // 3. Every household of commune A: complete form, submitted, accepted; one meeting and one posting per village; the decision.
  await pool(ids, 32, async (id) => {
    const v = versions.get(id)!;
    await admin.must("PUT", `${T}/campaigns/${campaign.id}/assessments/${id}`, {
      ...answers(byId.get(id)!),
      ...(v ? { version: v } : {}),
    });
  });
  const [, reviewSeconds] = await timed(() =>
    pool(ids, 32, async (id) => {
      await admin.must("POST", `${T}/campaigns/${campaign.id}/assessments/${id}/actions`, { action: "submit" });
      await admin.must("POST", `${T}/campaigns/${campaign.id}/assessments/${id}/actions`, { action: "accept" });
    }),
  );
  const meetingSeconds: number[] = [];
  for (const villageId of villagesA) {
    const results = own.filter((h) => h.villageId === villageId).map((h) => ({ householdId: h.id, agree: 30 }));
    meetingSeconds.push(
      (
        await timed(() =>
          admin.must("POST", `${T}/campaigns/${campaign.id}/meetings`, {
            villageId,
            heldOn: "2025-10-20",
            chair: "Chủ trì",
            secretary: "Thư ký",
            attendees: 40,
            results,
          }),
        )
      )[1],
    );
  }
  const [, postingSeconds] = await timed(() =>
    pool(
      villagesA,
      4,
      async (villageId) =>
        void (await admin.must("POST", `${T}/campaigns/${campaign.id}/postings`, {
          villageId,
          startsOn: "2025-10-27",
        })),
    ),
  );
  const [decision, decisionSeconds] = await timed(() =>
    admin.must("POST", `${T}/campaigns/${campaign.id}/decisions`, {
      communeId: communeA.id,
      number: "1/QĐ-UBND",
      signedOn: "2025-12-10",
    }),
  );
  const decided = decision.poor.length + decision.nearPoor.length;

  const load = loadavg()[0]!.toFixed(1);
  const line = (label: string, c: number, r: LoadResult) =>
    `| ${label} | ${c} | ${fmt.int(r.opsPerSec)} | ${fmt.ms(r.p50)} | ${fmt.ms(r.p99)} | ${r.count} | ${r.errors} |`;
  const table = [
    "| Operation | Concurrency | req/s | p50 ms | p99 ms | requests | 5xx/errors |",
    "|---|---:|---:|---:|---:|---:|---:|",
    ...rows.flatMap(([c, h, a]) => [
      line("household save (baseline, register)", c, h),
      line("Phiếu B save with the computed result", c, a),
    ]),
  ];
  const ratios = rows.map(
    ([c, h, a]) =>
      `- ${c} client(s): a form save costs ${fmt.ratio(h.opsPerSec / a.opsPerSec)} a household save in throughput, p50 ${fmt.ratio(a.p50 / h.p50)}, p99 ${fmt.ratio(a.p99 / h.p99)}`,
  );
  const perVillage = OWN_HOUSEHOLDS / VILLAGES;
  recordSection(
    "procedure",
    `## Review procedure: campaign listing, form saves, meeting, posting, decision (\`bench/procedure.bench.ts\`)

Against \`wrangler dev\` on 127.0.0.1 (public port, through its dev proxy), local D1 and Durable Objects; the load client runs on the same 2 cores, which other runs were sharing (load average ${load} at the end): compare the rows of one run rather than runs. A register of ${fmt.int(OWN_HOUSEHOLDS + IMPORTED)} households in 2 communes × ${VILLAGES} villages.

- Opening a census campaign that lists all ${fmt.int(OWN_HOUSEHOLDS + IMPORTED)} households (one batch through the tenant's room: campaign, list, counters, audit): **${createSeconds.toFixed(2)} s**.

Form saves (PUT …/assessments/{householdId}: register read, derivation and classification, movement query, version guard, audit entry, counters, the indicator rows when they change) against household saves (PATCH …/households/{id}) in the same run, each client on its own households for ${SAVE_SECONDS} s:

${table.join("\n")}

${ratios.join("\n")}

Commune of ${fmt.int(OWN_HOUSEHOLDS)} households (${VILLAGES} villages of ${perVillage}): submit + accept of every form, 32 clients: ${reviewSeconds.toFixed(1)} s (${fmt.int((2 * OWN_HOUSEHOLDS) / reviewSeconds)} actions/s); one village meeting of ${perVillage} households, recorded whole: median ${fmt.ms(1000 * meetingSeconds.sort((a, b) => a - b)[Math.floor(meetingSeconds.length / 2)]!)} ms; ${VILLAGES} postings: ${postingSeconds.toFixed(2)} s; the commune decision over ${fmt.int(OWN_HOUSEHOLDS)} posted households (${decided} on the poor and near-poor lists), marked decided village by village: **${decisionSeconds.toFixed(2)} s**.`,
  );
} finally {
  await server.stop();
  rmSync(state, { recursive: true, force: true });
}
