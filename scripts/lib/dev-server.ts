// Starting and stopping a `wrangler dev` of this project on its own port and local state, for
// benchmarks and Node-side tests (browser, reliability, ops). Started in its own process group,
// so that stopping it stops workerd too.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream, mkdirSync } from "node:fs";
import { createServer } from "node:net";
import { dirname, resolve } from "node:path";
import { waitForHealth } from "./client";

export const PROJECT_ROOT = resolve(import.meta.dirname, "../..");

export interface DevServer {
  base: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
  /** Kills wrangler and workerd at once (SIGKILL to the process group), as a crash would. */
  kill(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
    s.on("error", fail);
  });
}

export async function startDevServer(opts: {
  persistTo: string;
  port?: number;
  config?: string;
  vars?: Record<string, string>;
  /** File to write wrangler's output to (default: discarded). */
  log?: string;
  /** More arguments for `wrangler dev`, e.g. `--inspector-port` for profiling. */
  args?: string[];
}): Promise<DevServer> {
  const port = opts.port ?? (await freePort());
  const args = [
    "wrangler",
    "dev",
    "--config",
    opts.config ?? resolve(PROJECT_ROOT, "wrangler.jsonc"),
    "--persist-to",
    opts.persistTo,
    "--ip",
    "127.0.0.1",
    "--port",
    String(port),
    "--show-interactive-dev-session=false",
    ...Object.entries(opts.vars ?? {}).flatMap(([k, v]) => ["--var", `${k}:${v}`]),
    ...(opts.args ?? []),
  ];
  let stdio: ["ignore", "ignore" | "pipe", "ignore" | "pipe"] = ["ignore", "ignore", "ignore"];
  if (opts.log) {
    mkdirSync(dirname(opts.log), { recursive: true });
    stdio = ["ignore", "pipe", "pipe"];
  }
  const child = spawn("npx", args, {
    cwd: PROJECT_ROOT,
    detached: true,
    stdio,
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  if (opts.log) {
    const out = createWriteStream(opts.log, { flags: "a" });
    child.stdout?.pipe(out);
    child.stderr?.pipe(out);
  }
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null || !child.pid) return;
    const exited = new Promise((ok) => child.once("exit", ok));
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {
      return;
    }
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // gone
      }
    }, 5000);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
    const exited = new Promise((ok) => child.once("exit", ok));
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      return;
    }
    await exited;
  };
  try {
    await waitForHealth(base, 120_000);
  } catch (err) {
    await stop();
    throw err;
  }
  return { base, port, process: child, stop, kill };
}

/**
 * `wrangler dev` puts a dev-only proxy (its own workerd, behind one Durable Object) in front of the
 * Worker, for live reload; deployed Workers have no such hop. Load benchmarks report figures both
 * through it and straight to the Worker's own runtime socket, found here: the listening port of a
 * workerd of this server, other than the public one, that answers the health route.
 */
export async function workerRuntimeBase(server: DevServer): Promise<string | undefined> {
  const { execFileSync } = await import("node:child_process");
  const pids = execFileSync("ps", ["-o", "pid=,comm=", "-g", String(server.process.pid)], { encoding: "utf8" })
    .split("\n")
    .filter((l) => l.includes("workerd"))
    .map((l) => l.trim().split(/\s+/)[0]);
  const listening = execFileSync("ss", ["-ltnpH"], { encoding: "utf8" }).split("\n");
  for (const pid of pids) {
    for (const line of listening.filter((l) => l.includes(`pid=${pid},`))) {
      const port = Number(/127\.0\.0\.1:(\d+)/.exec(line)?.[1]);
      if (!port || port === server.port) continue;
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/v1/health`, { signal: AbortSignal.timeout(1000) });
        if (r.status === 200 && ((await r.json()) as { status?: string }).status === "ok")
          return `http://127.0.0.1:${port}`;
      } catch {
        // not an HTTP socket of the Worker
      }
    }
  }
  return undefined;
}
