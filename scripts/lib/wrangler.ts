// Running wrangler from the dev and ops scripts, against local state or (--remote) Cloudflare.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "jsonc-parser";

export interface Target {
  /** wrangler configuration file */
  config: string;
  /** local state directory (wrangler's --persist-to); undefined = wrangler's default */
  persistTo?: string;
  remote: boolean;
}

export function targetArgs(t: Target): string[] {
  return [
    "--config",
    t.config,
    ...(t.remote ? ["--remote"] : ["--local", ...(t.persistTo ? ["--persist-to", t.persistTo] : [])]),
  ];
}

/** Runs wrangler (the project's own, on the Node that npm put first in PATH); throws on failure. */
export function wrangler(args: string[], opts: { capture?: boolean } = {}): string {
  const r = spawnSync("wrangler", args, {
    encoding: "utf8",
    stdio: opts.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    env: { ...process.env, CI: "1", WRANGLER_SEND_METRICS: "false" },
  });
  if (r.status !== 0) {
    throw new Error(`wrangler ${args.join(" ")} failed (${r.status})\n${r.stdout ?? ""}${r.stderr ?? ""}`);
  }
  return r.stdout ?? "";
}

/** Rows of a SELECT run through `wrangler d1 execute --json`. */
export function query<T>(t: Target, binding: string, sql: string): T[] {
  const out = wrangler(["d1", "execute", binding, ...targetArgs(t), "--json", "--command", sql], { capture: true });
  const parsed = JSON.parse(out.slice(out.indexOf("["))) as { results: T[] }[];
  return parsed.flatMap((p) => p.results ?? []);
}

export function execute(t: Target, binding: string, sql: string): void {
  wrangler(["d1", "execute", binding, ...targetArgs(t), "--command", sql], { capture: true });
}

export function applyMigrations(t: Target, binding: string): void {
  wrangler(["d1", "migrations", "apply", binding, ...targetArgs(t)], { capture: true });
}

export interface D1Entry {
  binding: string;
  database_name: string;
  database_id: string;
  migrations_dir?: string;
}

export function readConfig(path: string): { d1_databases?: D1Entry[] } {
  return parse(readFileSync(path, "utf8"));
}

/** SQL string literal. */
export const lit = (v: string | number | null) =>
  v === null ? "NULL" : typeof v === "number" ? String(v) : `'${v.replace(/'/g, "''")}'`;
