import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execFileSync } from "node:child_process";
import { startDevServer } from "../scripts/lib/dev-server";
import { closedLoop } from "./lib";
const state = mkdtempSync(join(tmpdir(), "probe-"));
const s = await startDevServer({ persistTo: state, vars: { BENCH_ROUTES: "1" } });
const pids = execFileSync("ps", ["-o", "pid=,args=", "-g", String(s.process.pid)], { encoding: "utf8" }).split("\n").filter((l) => l.includes("workerd serve")).map(l=>l.trim().split(" ")[0]);
const ss = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" }).split("\n");
let inner = "";
for (const l of ss.filter(l=>l.includes(`pid=${pids[1]},`))) {
  const port = /127\.0\.0\.1:(\d+)/.exec(l)![1];
  try { const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`); if (r.status===200) inner = `http://127.0.0.1:${port}`; } catch {}
}
for (const [name, base] of [["proxy", s.base], ["direct", inner]]) for (const c of [1, 50]) {
  const r = await closedLoop({ concurrency: c, durationMs: 3000 }, async () => (await fetch(base + "/api/v1/health")).status);
  console.log(name, c, Math.round(r.opsPerSec), r.p50.toFixed(1), r.p99.toFixed(1));
}
await s.stop();
