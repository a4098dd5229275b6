// Shared helpers of the benchmarks: timing, percentiles, and writing figures into RESULTS.md.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
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
  let text = existsSync(RESULTS) ? readFileSync(RESULTS, "utf8") : "# Benchmark results\n\nWritten by `npm run bench` (and `npm run bench:load`); each section is replaced by its latest run.\n";
  const at = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (at >= 0 && stop > at) text = text.slice(0, at) + block + text.slice(stop + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, text);
  console.log(`\n${markdown.trim()}\n`);
}
