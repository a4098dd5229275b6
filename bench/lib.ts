// Shared helpers of the benchmarks: timing, percentiles, and writing figures into RESULTS.md.

import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";

export interface Sample {
  /** operations per second */
  opsPerSec: number;
  /** milliseconds */
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

export function summarise(latenciesMs: number[], elapsedMs: number): Sample {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  return {
    opsPerSec: (sorted.length / elapsedMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    count: sorted.length,
  };
}

/** Runs `fn` repeatedly for about `ms` milliseconds (after a warm-up) and returns calls per second. */
export function throughput(fn: () => unknown, ms = 1000): number {
  const warmUntil = performance.now() + Math.min(200, ms / 5);
  while (performance.now() < warmUntil) fn();
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ms) {
    for (let i = 0; i < 100; i++) fn();
    n += 100;
    now = performance.now();
  }
  return (n / (now - start)) * 1000;
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

export const fmt = {
  int: (n: number) => Math.round(n).toLocaleString("en-US"),
  ms: (n: number) => n.toFixed(1),
  ratio: (n: number) => `${n.toFixed(2)}×`,
};

const RESULTS = new URL("./RESULTS.md", import.meta.url);

/** Replaces (or appends) the section of RESULTS.md named `name` with `markdown`, dated and with the machine. */
export function recordSection(name: string, markdown: string): void {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC on ${machine()}._`;
  const block = `${begin}\n${markdown.trim()}\n\n${stamp}\n${end}`;
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, "utf8")
    : "# Benchmark results\n\nWritten by `npm run bench` (and `npm run bench:load`); each section is replaced by its latest run.\n";
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (at >= 0 && stop > at) text = text.slice(0, at) + block + text.slice(stop + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, text);
  console.log(`\n${markdown.trim()}\n`);
}

export interface LoadResult extends Sample {
  errors: number;
  statuses: Record<number, number>;
}

/**
 * Closed-loop load: `concurrency` workers each run `op` back to back until `count` operations are
 * done or `durationMs` has passed. `op` returns the HTTP status; latencies are in milliseconds.
 */
export async function closedLoop(
  opts: { concurrency: number; count?: number; durationMs?: number },
  op: (worker: number, i: number) => Promise<number>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  const statuses: Record<number, number> = {};
  let issued = 0;
  const until = opts.durationMs ? performance.now() + opts.durationMs : Infinity;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: opts.concurrency }, async (_, worker) => {
      while ((opts.count === undefined || issued < opts.count) && performance.now() < until) {
        const i = issued++;
        const t0 = performance.now();
        let status: number;
        try {
          status = await op(worker, i);
        } catch {
          status = 0;
        }
        latencies.push(performance.now() - t0);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  const s = summarise(latencies, performance.now() - start);
  const errors = Object.entries(statuses)
    .filter(([code]) => Number(code) === 0 || Number(code) >= 500)
    .reduce((n, [, v]) => n + v, 0);
  return { ...s, errors, statuses };
}

/** Resident memory (MiB) of the processes in a process group, e.g. wrangler dev and its workerd. */
export function groupRssMiB(pgid: number): number {
  try {
    const out = execFileSync("ps", ["-o", "rss=", "-g", String(pgid)], { encoding: "utf8" });
    return (
      out
        .split("\n")
        .map((l) => Number(l.trim()))
        .filter((n) => n > 0)
        .reduce((a, b) => a + b, 0) / 1024
    );
  } catch {
    return 0;
  }
}

/** Samples `measure` every `everyMs` until stopped; the peak value seen. */
export function peakSampler(measure: () => number, everyMs = 100) {
  let peak = measure();
  const timer = setInterval(() => {
    peak = Math.max(peak, measure());
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, measure());
    },
  };
}

/** CPU seconds (user + system) used so far by the processes of a process group (Linux /proc). */
export function groupCpuSeconds(pgid: number): number {
  try {
    const pids = execFileSync("ps", ["-o", "pid=", "-g", String(pgid)], { encoding: "utf8" })
      .split("\n")
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
    let ticks = 0;
    for (const pid of pids) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // the process ended meanwhile
      }
    }
    return ticks / 100;
  } catch {
    return 0;
  }
}

/** The machine's 1-minute load average, to say how busy it was (other jobs share it). */
export function loadAverage(): string {
  return os.loadavg()[0]!.toFixed(2);
}
