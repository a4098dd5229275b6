// Who may do what, for every route the server publishes: the matrix is generated from the
// OpenAPI document (each operation declares its policy as `x-policy`), so a new route is tested
// as soon as it exists. For every route, every role, a user of another district and of another
// province, and nobody: the answer must be what the policy table (src/auth/policy.ts) says —
// 401 without a session, 404 outside one's district or area, 403 for a role without the action,
// and otherwise an answer that is neither of those (nor a 400: the generated request is valid).
// Also: sessions expire, and a session cookie sent from another origin cannot change data.
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient } from "../../scripts/lib/client";
import {
  copyDistrict,
  type District,
  EVERYONE,
  openDistrict,
  PASSWORD,
  PROVINCE,
  removeDistrict,
  TENANT,
  type Who,
} from "../../scripts/lib/district";
import { canEnterTenant, inScope, roleAllows } from "../../src/auth/policy";
import { fail } from "../../src/http/errors";
import { Fixtures } from "./lib/fixtures";
import { dataTables, digest, openLocalD1 } from "./lib/local-d1";
import {
  type BuiltRequest,
  buildRequest,
  isTenantRoute,
  type OpenApiDoc,
  type Operation,
  operations,
  type Place,
} from "./lib/openapi";
import { SHAPE } from "./profile";

const SESSION_SECONDS = 4;
const T = `/api/v1/tenants/${TENANT}`;
let dir: string;
let district: District;
let doc: OpenApiDoc;

beforeAll(async () => {
  dir = copyDistrict(inject("district"));
  district = await openDistrict({ dir, shape: SHAPE, vars: { SESSION_TTL_SECONDS: String(SESSION_SECONDS) } });
  doc = (await new ApiClient(district.base).must("GET", "/api/v1/openapi.json")) as OpenApiDoc;
});

afterAll(async () => {
  await district?.stop();
  if (dir) removeDistrict(dir);
});

type Expected = 401 | 403 | 404 | "allowed" | "public";

/** What the policy table says `who` gets from `op` for a request about `targets`. */
function expected(op: Operation, who: Who | null, targets: string[][]): Expected {
  const policy = op.policy!;
  if (policy.access === "public") return "public";
  if (!who) return 401;
  const person = district.layout.people[who];
  if (isTenantRoute(op) && !canEnterTenant(person, { province: PROVINCE, code: TENANT })) return 404;
  if (policy.access === "signed-in") return "allowed";
  if (!policy.actions.some((a) => roleAllows(person.role, a))) return 403;
  if (!targets.every((unitPath) => inScope(person, { province: PROVINCE, tenant: TENANT, unitPath }))) return 404;
  return "allowed";
}

/** Sends a built request with `token` (WebSocket routes through an upgrade); the status. */
async function send(op: Operation, req: BuiltRequest, token: string | null): Promise<{ status: number; body: string }> {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  if (op.upgrade) {
    // A WebSocket handshake: 101 when the server accepts it.
    return new Promise((ok) => {
      const r = request(district.base + req.path, {
        headers: {
          ...headers,
          Connection: "Upgrade",
          Upgrade: "websocket",
          "Sec-WebSocket-Version": "13",
          "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        },
      });
      r.on("upgrade", (res, socket) => {
        socket.destroy();
        ok({ status: res.statusCode ?? 0, body: "" });
      });
      r.on("response", (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d));
        res.on("end", () => ok({ status: res.statusCode ?? 0, body }));
      });
      r.on("error", () => ok({ status: 0, body: "" }));
      r.end();
    });
  }
  if (req.contentType) headers["Content-Type"] = req.contentType;
  const res = await fetch(district.base + req.path, {
    method: req.method,
    headers,
    body: req.body === undefined ? undefined : typeof req.body === "string" ? req.body : JSON.stringify(req.body),
  });
  return { status: res.status, body: await res.text() };
}

/** The answer of the policy itself when a record lies outside the user's area (src/auth/guard.ts). */
const SCOPE_REFUSAL = fail.notFound().message;

/**
 * Whether an answer is what the policy asks. A public route may still refuse (a wrong password:
 * 401), but never for want of a role. An allowed request gets past the policy: no 401, no 403,
 * not the policy's own 404; what the route then says about the record's state (409, 423, a
 * record it does not have) is its business. Refusals are the policy's, in the envelope.
 */
function answers(e: Expected, got: { status: number; body: string }): boolean {
  if (got.status >= 500) return false;
  if (e === "public") return got.status !== 403;
  if (e === "allowed")
    return (
      ![401, 403].includes(got.status) && !(got.status === 404 && got.body.includes(`"message":"${SCOPE_REFUSAL}"`))
    );
  return got.status === e;
}

describe("the access matrix, generated from the OpenAPI document", () => {
  it("has a declared policy on every route", () => {
    const ops = operations(doc);
    expect(ops.length).toBeGreaterThan(20);
    expect(ops.filter((op) => !op.policy).map((op) => `${op.method} ${op.path}`)).toEqual([]);
  });

  it("answers every route, for every role and outsider, as the policy table says", async () => {
    const fixtures = new Fixtures(district.as("district_admin"), district.layout, district.as("province_admin"));
    // Signing out ends the session it is sent with: it runs with a session of its own.
    const ops = operations(doc).sort((a, b) => Number(a.path.endsWith("/logout")) - Number(b.path.endsWith("/logout")));
    const wrong: string[] = [];
    let checked = 0;
    /** Statuses of the allowed requests per route, to show how far the generated requests got. */
    const allowed = new Map<string, number[]>();
    for (const op of ops) {
      for (const who of [...EVERYONE, null]) {
        for (const place of ["home", "away"] as Place[]) {
          const req = await buildRequest(doc, op, fixtures, place);
          if (req.unresolved.length) {
            wrong.push(`${op.method} ${op.path}: no value for ${req.unresolved.join(", ")}`);
            break;
          }
          // Away differs from home only for requests about a record of the district.
          if (place === "away" && !req.targets.length) continue;
          let token = who ? district.layout.token[who] : null;
          if (who && op.path.endsWith("/logout"))
            token = (await new ApiClient(district.base).login(district.layout.people[who].username, PASSWORD)).token;
          const want = expected(op, who, req.targets);
          const got = await send(op, req, token);
          checked++;
          if (want === "allowed")
            allowed.set(`${op.method} ${op.path}`, [...(allowed.get(`${op.method} ${op.path}`) ?? []), got.status]);
          if (!answers(want, got))
            wrong.push(
              `${op.method} ${req.path} as ${who ?? "nobody"} (${place}): want ${want}, got ${got.status} ${got.body.slice(0, 200)}`,
            );
        }
      }
    }
    const succeeded = [...allowed].filter(([, statuses]) => statuses.some((s) => s < 300)).length;
    const refusedByState = [...allowed]
      .filter(([, statuses]) => statuses.every((s) => s >= 300))
      .map(([route, statuses]) => `${route} ${[...new Set(statuses)].join("/")}`);
    console.log(
      `access matrix: ${checked} requests over ${ops.length} routes; allowed requests succeeded on ${succeeded} routes; on the others the route refused them for their content or state: ${refusedByState.join("; ")}`,
    );
    expect(wrong).toEqual([]);
  });
});

describe("sessions and cookies", () => {
  it("ends a session at its expiry, for the bearer token and the cookie alike", async () => {
    const login = await fetch(`${district.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "district.viewer", password: PASSWORD }),
    });
    expect(login.status).toBe(200);
    const { token } = (await login.json()) as { token: string };
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith("session="))!
      .split(";")[0]!;
    const me = (h: Record<string, string>) => fetch(`${district.base}/api/v1/me`, { headers: h }).then((r) => r.status);
    expect([await me({ Authorization: `Bearer ${token}` }), await me({ Cookie: cookie })]).toEqual([200, 200]);
    await new Promise((r) => setTimeout(r, (SESSION_SECONDS + 1) * 1000));
    expect([await me({ Authorization: `Bearer ${token}` }), await me({ Cookie: cookie })]).toEqual([401, 401]);
  });

  it("refuses changes made with the session cookie from another origin, and changes nothing", async () => {
    const login = await fetch(`${district.base}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username: "district.admin", password: PASSWORD }),
    });
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith("session="))!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0]!;
    const villageId = district.layout.villages[0]![0]!;
    const household = {
      villageId,
      headName: "Lò Văn Lạ",
      members: [{ fullName: "Lò Văn Lạ", sex: "male", birthYear: 1970, ethnicity: "thai", relationToHead: "head" }],
    };
    const existing = await new Fixtures(district.as("district_admin"), district.layout).household("home");
    const attempts: { method: string; path: string; body: unknown; headers: Record<string, string> }[] = [];
    const origins: Record<string, string>[] = [
      { Origin: "http://evil.example" },
      { Origin: "null" },
      { "Sec-Fetch-Site": "cross-site" },
      {},
    ];
    for (const origin of origins) {
      attempts.push({ method: "POST", path: `${T}/households`, body: household, headers: origin });
      attempts.push({
        method: "PATCH",
        path: `${T}/households/${existing.id}`,
        body: { address: "Bị đổi", version: existing.version },
        headers: origin,
      });
      attempts.push({
        method: "POST",
        path: `${T}/units`,
        body: { code: "EVIL1", name: "Xã Giả", level: "commune" },
        headers: origin,
      });
      attempts.push({ method: "POST", path: "/api/v1/auth/logout", body: undefined, headers: origin });
    }
    const db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
    try {
      // (A session's last use may move: it is when it was used, not what it holds.)
      const registry = () => digest(db.registry, ["users", "sessions", "tenants"], { sessions: ["last_seen_at"] });
      const before = [digest(db.tenant, dataTables(db.tenant)), registry()];
      for (const a of attempts) {
        const res = await fetch(district.base + a.path, {
          method: a.method,
          headers: { Cookie: cookie, "Content-Type": "application/json", ...a.headers },
          body: a.body === undefined ? undefined : JSON.stringify(a.body),
        });
        const body = (await res.json()) as { error?: { code: string } };
        expect({ ...a, status: res.status, code: body.error?.code }).toMatchObject({ status: 403, code: "forbidden" });
        expect(res.headers.get("Access-Control-Allow-Origin")).toBeNull();
      }
      expect([digest(db.tenant, dataTables(db.tenant)), registry()]).toEqual(before);
    } finally {
      db.close();
    }
    // The same cookie from the app's own origin works: the refusals were about the origin.
    const own = await fetch(`${district.base}${T}/households`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json", Origin: district.base },
      body: JSON.stringify(household),
    });
    expect(own.status).toBe(201);
  });
});
