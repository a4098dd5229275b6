// A small, fixed world for API tests: the demo province with two tenants, communes and villages,
// and one signed-in user per role. Sessions are written straight into the registry so that tests
// do not pay 100,000 PBKDF2 rounds per user (the login route has its own tests).
import { env, exports } from "cloudflare:workers";
import type { Who } from "../../scripts/lib/district";
import { hashPassword } from "../../src/auth/passwords";
import type { Role } from "../../src/auth/policy";
import { insertSession, insertTenant, insertUser, registryDb } from "../../src/db/registry";
import { sha256Hex } from "../../src/lib/encoding";

export const PASSWORD = "mat-khau-thu-nghiem";
export const ORIGIN = "http://localhost";

export const U = {
  // luc-ngan
  communeA: "0a000000-0000-4000-8000-000000000001",
  villageA1: "0a000000-0000-4000-8000-000000000011",
  villageA2: "0a000000-0000-4000-8000-000000000012",
  communeB: "0a000000-0000-4000-8000-000000000002",
  villageB1: "0a000000-0000-4000-8000-000000000021",
  // son-dong
  communeC: "0c000000-0000-4000-8000-000000000003",
  villageC1: "0c000000-0000-4000-8000-000000000031",
} as const;

/** One account per role in luc-ngan, and outsiders: the same callers as the reliability suite's district. */
export type { Who };

const PEOPLE: Record<Who, { role: Role; province: string; tenant: string | null; unitId: string | null }> = {
  province_admin: { role: "province_admin", province: "bac-giang", tenant: null, unitId: null },
  province_viewer: { role: "province_viewer", province: "bac-giang", tenant: null, unitId: null },
  district_admin: { role: "district_admin", province: "bac-giang", tenant: "luc-ngan", unitId: null },
  district_viewer: { role: "district_viewer", province: "bac-giang", tenant: "luc-ngan", unitId: null },
  commune_officer: { role: "commune_officer", province: "bac-giang", tenant: "luc-ngan", unitId: U.communeA },
  enumerator: { role: "enumerator", province: "bac-giang", tenant: "luc-ngan", unitId: U.villageA1 },
  supervisor: { role: "supervisor", province: "bac-giang", tenant: "luc-ngan", unitId: U.communeA },
  other_district_admin: { role: "district_admin", province: "bac-giang", tenant: "son-dong", unitId: null },
  other_province_admin: { role: "province_admin", province: "thai-nguyen", tenant: null, unitId: null },
};

export interface World {
  token: Record<Who, string>;
  userId: Record<Who, string>;
}

let built: Promise<World> | undefined;

/** Builds the world once per test file (each file has its own storage). */
export function world(): Promise<World> {
  built ??= build();
  return built;
}

async function build(): Promise<World> {
  const db = registryDb(env.REGISTRY);
  await insertTenant(db, { code: "luc-ngan", name: "Huyện Lục Ngạn", province: "bac-giang", binding: "DB_LUC_NGAN" });
  await insertTenant(db, { code: "son-dong", name: "Huyện Sơn Động", province: "bac-giang", binding: "DB_SON_DONG" });
  const unit = (
    d1: D1Database,
    id: string,
    code: string,
    name: string,
    level: string,
    parentId: string | null,
    area: string,
    kind: string,
  ) =>
    d1
      .prepare(
        "INSERT INTO units (id, code, name, level, parent_id, area, kind, valid_from) VALUES (?, ?, ?, ?, ?, ?, ?, '2020-01-01')",
      )
      .bind(id, code, name, level, parentId, area, kind);
  await env.DB_LUC_NGAN.batch([
    unit(env.DB_LUC_NGAN, U.communeA, "07459", "Xã Tân Sơn", "commune", null, "rural", "xa"),
    unit(env.DB_LUC_NGAN, U.villageA1, "07459-01", "Thôn Khuôn Thần", "village", U.communeA, "rural", "thon"),
    unit(env.DB_LUC_NGAN, U.villageA2, "07459-02", "Thôn Bản Ó", "village", U.communeA, "rural", "ban"),
    unit(env.DB_LUC_NGAN, U.communeB, "07402", "Thị trấn Chũ", "commune", null, "urban", "thi_tran"),
    unit(env.DB_LUC_NGAN, U.villageB1, "07402-01", "Tổ dân phố Trần Phú", "village", U.communeB, "urban", "to_dan_pho"),
  ]);
  await env.DB_SON_DONG.batch([
    unit(env.DB_SON_DONG, U.communeC, "07621", "Xã An Lạc", "commune", null, "rural", "xa"),
    unit(env.DB_SON_DONG, U.villageC1, "07621-01", "Thôn Thanh Chiểu", "village", U.communeC, "rural", "thon"),
  ]);
  const passwordHash = await hashPassword(PASSWORD);
  const token = {} as Record<Who, string>;
  const userId = {} as Record<Who, string>;
  const now = new Date().toISOString();
  for (const [who, p] of Object.entries(PEOPLE) as [Who, (typeof PEOPLE)[Who]][]) {
    const id = crypto.randomUUID();
    await insertUser(db, {
      id,
      username: who.replace(/_/g, "."),
      passwordHash,
      displayName: who,
      ...p,
      createdAt: now,
      updatedAt: now,
    });
    token[who] = `test-token-${who}`;
    userId[who] = id;
    await insertSession(db, await sha256Hex(token[who]), id, 3600);
  }
  return { token, userId };
}

export interface Call {
  status: number;
  body: any;
  headers: Headers;
}

/** Calls the Worker as `who` (bearer token), with a JSON body when given. */
export async function api(
  who: Who | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Call> {
  const h: Record<string, string> = { ...headers };
  if (who) h.Authorization = `Bearer ${(await world()).token[who]}`;
  if (body !== undefined) h["Content-Type"] ??= "application/json";
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${path}`, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

/** Asserts nothing: returns whether a response is the API's error envelope with `code`. */
export function isEnvelope(call: Call, code: string): boolean {
  const e = call.body?.error;
  return (
    typeof e === "object" &&
    e !== null &&
    e.code === code &&
    typeof e.message === "string" &&
    e.message.length > 0 &&
    Array.isArray(e.details)
  );
}
