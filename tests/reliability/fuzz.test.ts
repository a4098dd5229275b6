// Hostile input to every write endpoint the OpenAPI document lists, generated with fast-check:
// a valid request for the endpoint (see lib/openapi.ts) broken in one way — malformed JSON,
// bytes that are not UTF-8, wrong types, huge strings and arrays, deep nesting, Unicode edge
// cases, SQL and HTML injection, unknown fields, missing fields, wrong content types, hostile
// headers, path and query parameters, and credentials. Every answer must be below 500; every
// refusal must be the error envelope with the status of its code, and must leave every database
// as it was (SQLite's data_version of each database file, read beside the server, does not move).
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { ApiClient } from "../../scripts/lib/client";
import { copyDistrict, type District, openDistrict, removeDistrict, TENANT } from "../../scripts/lib/district";
import { ERROR_STATUS } from "../../src/http/errors";
import { tidy } from "../../src/lib/text";
import { Fixtures } from "./lib/fixtures";
import {
  DELETE,
  hostileContentType,
  hostileString,
  hostileValue,
  invalidUtf8,
  malformedText,
  NASTY_STRINGS,
  replaceAt,
  valuePaths,
} from "./lib/hostile";
import { ContentWitness, type LocalD1, openLocalD1 } from "./lib/local-d1";
import { type BuiltRequest, buildRequest, isWrite, type OpenApiDoc, type Operation, operations } from "./lib/openapi";
import { SHAPE, settings } from "./profile";

const T = `/api/v1/tenants/${TENANT}`;
let dir: string;
let district: District;
let doc: OpenApiDoc;
let db: LocalD1;
let witnesses: ContentWitness[];

beforeAll(async () => {
  dir = copyDistrict(inject("district"));
  district = await openDistrict({ dir, shape: SHAPE });
  doc = (await new ApiClient(district.base).must("GET", "/api/v1/openapi.json")) as OpenApiDoc;
  db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
  // A refused sign-in counts the failure (login_attempts), and a session's last use moves with
  // every request made with it (sessions.last_seen_at, the idle timeout); nothing else may change.
  witnesses = [
    new ContentWitness(db.tenant),
    new ContentWitness(db.other),
    new ContentWitness(db.registry, ["users", "sessions", "tenants", "province_snapshots"], {
      sessions: ["last_seen_at"],
    }),
  ];
});

afterAll(async () => {
  db?.close();
  await district?.stop();
  if (dir) removeDistrict(dir);
});

type Mutation =
  | { kind: "raw"; text: string }
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "json"; value: unknown }
  | { kind: "field"; path: (string | number)[]; value: unknown }
  | { kind: "extra"; key: string; value: unknown }
  | { kind: "content-type"; value: string }
  | { kind: "header"; name: string; value: string }
  | { kind: "param"; name: string; value: string }
  | { kind: "auth"; value: string };

const garbageToken = fc.oneof(
  hostileString,
  fc.constantFrom("Bearer", "Bearer ", "Bearer x", "Basic YWRtaW46YWRtaW4=", `Bearer ${"a".repeat(5000)}`),
);

/** The ways to break a valid request for `op`. */
function mutations(op: Operation, base: BuiltRequest): fc.Arbitrary<Mutation> {
  // Signing out has nothing to break but the credentials (a valid one would end the fuzzer's session).
  if (!op.body) return garbageToken.map((value) => ({ kind: "auth" as const, value }));
  const params = op.parameters.filter((p) => p.in === "path" || p.in === "query").map((p) => p.name);
  const headers = op.parameters.filter((p) => p.in === "header").map((p) => p.name);
  const arbs: fc.WeightedArbitrary<Mutation>[] = [
    { weight: 3, arbitrary: malformedText.map((text) => ({ kind: "raw" as const, text })) },
    { weight: 1, arbitrary: invalidUtf8.map((bytes) => ({ kind: "bytes" as const, bytes })) },
    { weight: 1, arbitrary: hostileContentType.map((value) => ({ kind: "content-type" as const, value })) },
    { weight: 1, arbitrary: garbageToken.map((value) => ({ kind: "auth" as const, value })) },
  ];
  if (op.body.type === "application/json") {
    const paths = valuePaths(base.body);
    arbs.push({ weight: 2, arbitrary: hostileValue.map((value) => ({ kind: "json" as const, value })) });
    arbs.push({
      weight: 2,
      arbitrary: fc.tuple(hostileString, hostileValue).map(([key, value]) => ({ kind: "extra" as const, key, value })),
    });
    if (paths.length) {
      const path = fc.constantFrom(...paths);
      arbs.push({
        weight: 10,
        arbitrary: fc.tuple(path, hostileValue).map(([p, value]) => ({ kind: "field" as const, path: p, value })),
      });
      arbs.push({ weight: 2, arbitrary: path.map((p) => ({ kind: "field" as const, path: p, value: DELETE })) });
    }
  } else {
    // A file upload (CSV): hostile cells in a real file, or something else altogether.
    const text = String(base.body);
    arbs.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.array(fc.tuple(fc.nat(), hostileString), { minLength: 1, maxLength: 6 }), fc.boolean())
        .map(([cells, bom]) => {
          const lines = text.split("\r\n").map((l) => l.split(","));
          for (const [at, value] of cells) {
            const row = lines[at % Math.max(1, lines.length - 1)]!;
            row[at % row.length] = /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
          }
          return { kind: "raw" as const, text: (bom ? "\uFEFF" : "") + lines.map((l) => l.join(",")).join("\r\n") };
        }),
    });
  }
  if (params.length)
    arbs.push({
      weight: 3,
      arbitrary: fc
        .tuple(fc.constantFrom(...params), hostileString)
        .map(([name, value]) => ({ kind: "param" as const, name, value })),
    });
  if (headers.length)
    arbs.push({
      weight: 2,
      arbitrary: fc
        .tuple(fc.constantFrom(...headers), hostileString)
        .map(([name, value]) => ({ kind: "header" as const, name, value })),
    });
  return fc.oneof(...arbs);
}

/** Header values a client can actually send (fetch refuses control characters and non-Latin-1). */
const headerSafe = (v: string) => v.replace(/[^\x20-\x7e\x80-\xff]/g, "?").trim();
/** Path segments and query values: well-formed UTF-16 (fetch refuses lone surrogates). */
const wellFormed = (v: string) => v.replace(/[\uD800-\uDFFF]/g, "\uFFFD");

function apply(op: Operation, base: BuiltRequest, m: Mutation, token: string): { path: string; init: RequestInit } {
  const headers: Record<string, string> = { Authorization: `Bearer ${token}` };
  if (base.contentType) headers["Content-Type"] = base.contentType;
  let body: string | Uint8Array | undefined =
    base.body === undefined ? undefined : typeof base.body === "string" ? base.body : JSON.stringify(base.body);
  let path = base.path;
  switch (m.kind) {
    case "raw":
      body = m.text;
      break;
    case "bytes":
      body = m.bytes;
      break;
    case "json":
      body = JSON.stringify(m.value) ?? "null";
      break;
    case "field":
      body = JSON.stringify(replaceAt(base.body, m.path, m.value)) ?? "null";
      break;
    case "extra":
      body = JSON.stringify({ ...(base.body as object), [m.key]: m.value });
      break;
    case "content-type":
      if (m.value) headers["Content-Type"] = m.value;
      else delete headers["Content-Type"];
      break;
    case "header":
      headers[m.name] = headerSafe(m.value);
      break;
    case "auth":
      headers.Authorization = headerSafe(m.value);
      break;
    case "param": {
      const [pathname, query = ""] = path.split("?");
      const template = op.path.split("/");
      const at = template.indexOf(`{${m.name}}`);
      if (at >= 0) {
        const parts = pathname!.split("/");
        parts[at] = encodeURIComponent(wellFormed(m.value));
        path = parts.join("/") + (query ? `?${query}` : "");
      } else {
        const q = new URLSearchParams(query);
        q.set(m.name, wellFormed(m.value));
        path = `${pathname}?${q}`;
      }
    }
  }
  return { path, init: { method: op.method, headers, body: body as BodyInit | undefined } };
}

const PLATFORM_REFUSALS = new Set([414, 431]);

/** What must not move when a request is refused: the data of both districts and of the registry. */
const witness = () => witnesses.map((w) => w.current()).join("/");

/**
 * Work accepted with 202 (an import, an export) runs on after the answer and writes its progress:
 * wait until it has finished (`GET <collection>/<id>` reports a final status).
 */
async function settle(path: string, status: number, body: unknown, token: string) {
  const id = (body as { id?: string } | null)?.id;
  if (status !== 202 || !id) return;
  const admin = new ApiClient(district.base).as(token);
  const at = `${path.split("?")[0]}/${id}`;
  for (let i = 0; i < 600; i++) {
    const job = await admin.must("GET", at);
    if (!["queued", "running", "pending"].includes(job.status)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${at} did not finish`);
}

describe("hostile input to every write endpoint", () => {
  it(`answers below 500, refuses in the envelope and changes nothing when it refuses (${settings.fuzzRequests}+ requests)`, async () => {
    const fixtures = new Fixtures(district.as("district_admin"), district.layout);
    // The broadest account for each route, so that requests get past the policy to the route itself.
    const token = district.layout.token.district_admin;
    const provinceToken = district.layout.token.province_admin;
    const ops = operations(doc).filter(isWrite);
    expect(ops.length).toBeGreaterThan(10);
    const runs = Math.ceil(settings.fuzzRequests / ops.length);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    const statuses: Record<string, number> = {};
    let sent = 0;
    for (const op of ops) {
      const base = await buildRequest(doc, op, fixtures, "home");
      expect(base.unresolved, `${op.method} ${op.path}`).toEqual([]);
      await fc.assert(
        fc.asyncProperty(mutations(op, base), async (m) => {
          const caller = op.path.startsWith("/api/v1/province/") ? provinceToken : token;
          const { path, init } = apply(op, base, m, caller);
          const before = witness();
          let status = 0;
          let text = "";
          try {
            const res = await fetch(district.base + path, init);
            status = res.status;
            text = await res.text();
          } catch (err) {
            throw new Error(`${op.method} ${path.slice(0, 200)}: no answer (${(err as Error).message})`);
          }
          sent++;
          statuses[status] = (statuses[status] ?? 0) + 1;
          const where = `${op.method} ${path.slice(0, 200)} [${m.kind}] → ${status} ${text.slice(0, 300)}`;
          if (status >= 500 || status < 200) throw new Error(`server error: ${where}`);
          // The HTTP server in front of the Worker refuses some requests itself (an address over
          // 16 KB: 414; Cloudflare's edge does the same); they never reach the application.
          if (PLATFORM_REFUSALS.has(status)) {
            if (witness() !== before) throw new Error(`a refused request changed stored data: ${where}`);
            return;
          }
          let body: unknown = null;
          try {
            body = text ? JSON.parse(text) : null;
          } catch {
            if (status >= 400) throw new Error(`refusal not in JSON: ${where}`);
          }
          if (status >= 400) {
            const error = (body as { error?: { code?: string; message?: unknown; details?: unknown } }).error;
            const envelope =
              typeof error?.code === "string" &&
              typeof error.message === "string" &&
              error.message.length > 0 &&
              Array.isArray(error.details);
            if (!envelope || ERROR_STATUS[error!.code as keyof typeof ERROR_STATUS] !== status)
              throw new Error(`not the error envelope: ${where}`);
            if (witness() !== before) throw new Error(`a refused request changed stored data: ${where}`);
          } else await settle(path, status, body, caller);
        }),
        { numRuns: runs, seed, endOnFailure: true },
      );
    }
    console.log(
      `fuzz: ${sent} requests to ${ops.length} write endpoints (seed ${seed}); statuses ${JSON.stringify(statuses)}`,
    );
    expect(sent).toBeGreaterThanOrEqual(settings.fuzzRequests);
  });

  it("stores hostile names as sent (NFC), finds them by search, and answers them back unchanged", async () => {
    const admin = district.as("district_admin");
    const villageId = district.layout.villages[0]![1]!;
    const names = fc
      .oneof(fc.constantFrom(...NASTY_STRINGS), hostileString)
      .filter((s) => tidy(s).length > 0 && s.length <= 120 && s.trim().length > 0);
    await fc.assert(
      fc.asyncProperty(names, async (name) => {
        const r = await admin.call("POST", `${T}/households`, {
          villageId,
          headName: name,
          address: name.slice(0, 300),
          members: [{ fullName: name, sex: "female", birthYear: 1990, ethnicity: "kinh", relationToHead: "head" }],
        });
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(500);
        if (r.status !== 201) return;
        const stored = await admin.must("GET", `${T}/households/${r.body.id}`);
        expect([stored.headName, stored.members[0].fullName]).toEqual([tidy(name), tidy(name)]);
      }),
      { numRuns: 60 },
    );
  });
});
