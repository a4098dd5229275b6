// A local district for Node-side tests and benchmarks: a `wrangler dev` state with the two demo
// tenants migrated, communes and villages, and one signed-in account per role (plus accounts of
// another tenant and another province), written straight into the databases so that no test pays
// for logins. Build it once (`prepareDistrict`), copy it per test (`copyDistrict`), and start a
// server on the copy (`openDistrict`). A district directory holds `state/` and its own
// `wrangler.jsonc` (the project's, pointing back at the sources, without the web assets unless
// asked, so that no build is needed).
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "jsonc-parser";
import { hashPassword } from "../../src/auth/passwords";
import type { Role } from "../../src/auth/policy";
import { sha256Hex } from "../../src/lib/encoding";
import { addTenant } from "../tenant-add";
import { ApiClient } from "./client";
import { type DevServer, PROJECT_ROOT, startDevServer, workerRuntimeBase } from "./dev-server";
import { lit, type Target, wrangler } from "./wrangler";

export const TENANT = "luc-ngan";
export const OTHER_TENANT = "son-dong";
export const PROVINCE = "bac-giang";
export const PASSWORD = "mat-khau-thu-tai-1";

/** Who calls: one account per role in `luc-ngan`, and outsiders. */
export type Who =
  | "province_admin"
  | "province_viewer"
  | "district_admin"
  | "district_viewer"
  | "commune_officer"
  | "enumerator"
  | "supervisor"
  | "other_district_admin"
  | "other_province_admin";

export const EVERYONE: readonly Who[] = [
  "province_admin",
  "province_viewer",
  "district_admin",
  "district_viewer",
  "commune_officer",
  "enumerator",
  "supervisor",
  "other_district_admin",
  "other_province_admin",
];

export interface DistrictShape {
  /** Communes of luc-ngan (the first is the home of the scoped accounts). */
  communes: number;
  villagesPerCommune: number;
  /** Extra reviewer (enumerator) accounts spread over the villages, for load runs. */
  reviewers?: number;
}

/** Ids of what the state holds; deterministic, so every copy has the same. */
export interface DistrictLayout {
  communes: string[];
  /** villages[c] are the villages of communes[c] */
  villages: string[][];
  otherCommune: string;
  otherVillage: string;
  userId: Record<Who, string>;
  token: Record<Who, string>;
  reviewers: { id: string; username: string; token: string; villageId: string }[];
  communeOfficers: { id: string; token: string; communeId: string }[];
  /** Who each account is, for the policy: role, province, tenant, unit. */
  people: Record<Who, Person>;
}

export interface Person {
  username: string;
  role: Role;
  province: string;
  tenant: string | null;
  unitId: string | null;
}

const uuid = (prefix: number, n: number) =>
  `${prefix.toString(16).padStart(8, "0")}-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

export function districtLayout(shape: DistrictShape): DistrictLayout {
  const communes = Array.from({ length: shape.communes }, (_, c) => uuid(0x0a, c + 1));
  const villages = communes.map((_, c) =>
    Array.from({ length: shape.villagesPerCommune }, (_, v) => uuid(0x0b, (c + 1) * 1000 + v + 1)),
  );
  const userId = {} as Record<Who, string>;
  const token = {} as Record<Who, string>;
  EVERYONE.forEach((who, i) => {
    userId[who] = uuid(0x0e, i + 1);
    token[who] = `reliability-token-${who}`;
  });
  const all = villages.flat();
  const reviewers = Array.from({ length: shape.reviewers ?? 0 }, (_, r) => ({
    id: uuid(0x0f, r + 1),
    username: `ra.soat.${r + 1}`,
    token: `reliability-token-reviewer-${r + 1}`,
    villageId: all[r % all.length]!,
  }));
  const communeOfficers = communes.map((communeId, c) => ({
    id: uuid(0x0d, c + 1),
    token: `reliability-token-commune-${c + 1}`,
    communeId,
  }));
  const home = { commune: communes[0]!, village: villages[0]![0]! };
  const person = (who: Who, role: Role, tenant: string | null, unitId: string | null, province = PROVINCE): Person => ({
    username: who.replace(/_/g, "."),
    role,
    province,
    tenant,
    unitId,
  });
  const people: Record<Who, Person> = {
    province_admin: person("province_admin", "province_admin", null, null),
    province_viewer: person("province_viewer", "province_viewer", null, null),
    district_admin: person("district_admin", "district_admin", TENANT, null),
    district_viewer: person("district_viewer", "district_viewer", TENANT, null),
    commune_officer: person("commune_officer", "commune_officer", TENANT, home.commune),
    enumerator: person("enumerator", "enumerator", TENANT, home.village),
    supervisor: person("supervisor", "supervisor", TENANT, home.commune),
    other_district_admin: person("other_district_admin", "district_admin", OTHER_TENANT, null),
    other_province_admin: person("other_province_admin", "province_admin", null, null, "thai-nguyen"),
  };
  return {
    communes,
    villages,
    otherCommune: uuid(0x0c, 1),
    otherVillage: uuid(0x0c, 2),
    userId,
    token,
    reviewers,
    communeOfficers,
    people,
  };
}

function accounts(
  layout: DistrictLayout,
): {
  id: string;
  username: string;
  role: Role;
  tenant: string | null;
  province: string;
  unitId: string | null;
  token: string;
}[] {
  return [
    ...EVERYONE.map((who) => ({ id: layout.userId[who], ...layout.people[who], token: layout.token[who] })),
    ...layout.reviewers.map((r) => ({
      id: r.id,
      username: r.username,
      role: "enumerator" as const,
      tenant: TENANT,
      province: PROVINCE,
      unitId: r.villageId,
      token: r.token,
    })),
    ...layout.communeOfficers.map((o, c) => ({
      id: o.id,
      username: `can.bo.xa.${c + 1}`,
      role: "commune_officer" as const,
      tenant: TENANT,
      province: PROVINCE,
      unitId: o.communeId,
      token: o.token,
    })),
  ];
}

/** The project's configuration with absolute paths, written into `dir`; web assets only when built. */
function writeConfig(dir: string, web: boolean, observability = true): string {
  const original = parse(readFileSync(join(PROJECT_ROOT, "wrangler.jsonc"), "utf8"));
  const withWeb = web && existsSync(join(PROJECT_ROOT, "web/dist/index.html"));
  const copy = {
    ...original,
    main: join(PROJECT_ROOT, original.main),
    assets: withWeb ? { ...original.assets, directory: join(PROJECT_ROOT, original.assets.directory) } : undefined,
    observability: { ...original.observability, enabled: observability && original.observability?.enabled },
    d1_databases: original.d1_databases.map((d: { migrations_dir: string }) => ({
      ...d,
      migrations_dir: join(PROJECT_ROOT, d.migrations_dir),
    })),
  };
  const config = join(dir, "wrangler.jsonc");
  writeFileSync(
    config,
    `// copy of the project's wrangler.jsonc for a local test district\n${JSON.stringify(copy, null, 2)}\n`,
  );
  return config;
}

/** Builds a migrated district for `shape` in a new directory and returns the directory. */
export async function prepareDistrict(shape: DistrictShape): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "ra-soat-district-"));
  const state = join(dir, "state");
  const target: Target = { config: writeConfig(dir, false), persistTo: state, remote: false };
  addTenant(target, { code: TENANT, name: "Huyện Lục Ngạn", province: PROVINCE });
  addTenant(target, { code: OTHER_TENANT, name: "Huyện Sơn Động", province: PROVINCE });
  const layout = districtLayout(shape);

  const unit = (id: string, code: string, name: string, level: string, parent: string | null, kind: string) =>
    `INSERT INTO units (id, code, name, level, parent_id, area, kind, valid_from) VALUES (${lit(id)}, ${lit(code)}, ${lit(name)}, ${lit(level)}, ${lit(parent)}, 'rural', ${lit(kind)}, '2020-01-01');`;
  const home = layout.communes.flatMap((c, i) => [
    unit(c, `X${String(i + 1).padStart(3, "0")}`, `Xã Thử ${i + 1}`, "commune", null, "xa"),
    ...layout.villages[i]!.map((v, j) =>
      unit(v, `X${String(i + 1).padStart(3, "0")}-${j + 1}`, `Thôn ${j + 1} xã ${i + 1}`, "village", c, "thon"),
    ),
  ]);
  const other = [
    unit(layout.otherCommune, "Y001", "Xã An Lạc", "commune", null, "xa"),
    unit(layout.otherVillage, "Y001-1", "Thôn Thanh Chiểu", "village", layout.otherCommune, "thon"),
  ];

  const passwordHash = await hashPassword(PASSWORD);
  const now = new Date().toISOString();
  const until = new Date(Date.now() + 7 * 86400_000).toISOString();
  const users: string[] = [];
  for (const a of accounts(layout)) {
    users.push(
      `INSERT INTO users (id, username, password_hash, display_name, role, province, tenant, unit_id, created_at, updated_at) VALUES (${lit(a.id)}, ${lit(a.username)}, ${lit(passwordHash)}, ${lit(`Người thử ${a.username}`)}, ${lit(a.role)}, ${lit(a.province)}, ${lit(a.tenant)}, ${lit(a.unitId)}, ${lit(now)}, ${lit(now)});`,
      `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (${lit(await sha256Hex(a.token))}, ${lit(a.id)}, ${lit(now)}, ${lit(until)});`,
    );
  }
  const run = (binding: string, sql: string[]) => {
    const file = join(dir, `${binding}.sql`);
    writeFileSync(file, sql.join("\n"));
    wrangler(
      ["d1", "execute", binding, "--config", target.config, "--local", "--persist-to", state, "--file", file, "--yes"],
      { capture: true },
    );
  };
  run("DB_LUC_NGAN", home);
  run("DB_SON_DONG", other);
  run("REGISTRY", users);
  return dir;
}

/** A fresh copy of a prepared district (each test file works on its own). */
export function copyDistrict(template: string): string {
  const dir = mkdtempSync(join(tmpdir(), "ra-soat-district-"));
  cpSync(join(template, "state"), join(dir, "state"), { recursive: true });
  return dir;
}

export interface District {
  dir: string;
  state: string;
  server: DevServer;
  /** The public address of `wrangler dev` (through its dev proxy). */
  base: string;
  /** The Worker runtime's own socket (no dev proxy), when found. */
  runtime: string | undefined;
  layout: DistrictLayout;
  as(who: Who): ApiClient;
  /** Stops the server (SIGTERM to its process group). */
  stop(): Promise<void>;
}

/** Starts `wrangler dev` on the district in `dir` (laid out as `shape`); `web` serves the built app too. */
export async function openDistrict(opts: {
  dir: string;
  shape: DistrictShape;
  vars?: Record<string, string>;
  log?: string;
  port?: number;
  web?: boolean;
  /** false turns off wrangler's local log and trace collector (see bench/load.bench.ts). */
  observability?: boolean;
  args?: string[];
}): Promise<District> {
  const state = join(opts.dir, "state");
  const server = await startDevServer({
    config: writeConfig(opts.dir, opts.web ?? false, opts.observability ?? true),
    persistTo: state,
    ...(opts.port ? { port: opts.port } : {}),
    ...(opts.log ? { log: opts.log } : {}),
    ...(opts.args ? { args: opts.args } : {}),
    vars: { BENCH_ROUTES: "1", ...opts.vars },
  });
  const layout = districtLayout(opts.shape);
  return {
    dir: opts.dir,
    state,
    server,
    base: server.base,
    runtime: await workerRuntimeBase(server),
    layout,
    as: (who) => new ApiClient(server.base).as(layout.token[who]),
    stop: () => server.stop(),
  };
}

/** Removes a directory made by prepareDistrict or copyDistrict. */
export function removeDistrict(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
