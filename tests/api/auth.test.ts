import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertSession, registryDb } from "../../src/db/registry";
import { sha256Hex } from "../../src/lib/encoding";
import { api, isEnvelope, ORIGIN, PASSWORD, world } from "./world";

async function login(
  username: string,
  password: string,
  headers: Record<string, string> = {},
  url = `${ORIGIN}/api/v1/auth/login`,
) {
  const res = await exports.default.fetch(
    new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify({ username, password }),
    }),
  );
  return {
    status: res.status,
    body: (await res.json()) as any,
    cookie: res.headers.get("Set-Cookie"),
    retryAfter: res.headers.get("Retry-After"),
  };
}

async function meWith(headers: Record<string, string>) {
  return exports.default.fetch(new Request(`${ORIGIN}/api/v1/me`, { headers }));
}

describe("sign in", () => {
  it("gives a token, the user and an HttpOnly SameSite=Lax cookie; both authenticate /me", async () => {
    await world();
    const r = await login("enumerator", PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: "enumerator", role: "enumerator", tenant: "luc-ngan" });
    expect(typeof r.body.token).toBe("string");
    expect(r.cookie).toMatch(/session=/);
    expect(r.cookie).toMatch(/HttpOnly/i);
    expect(r.cookie).toMatch(/SameSite=Lax/i);
    expect(r.cookie).not.toMatch(/Secure/i);

    const viaBearer = await meWith({ Authorization: `Bearer ${r.body.token}` });
    expect(viaBearer.status).toBe(200);
    expect(await viaBearer.json()).toMatchObject({ username: "enumerator", unitId: expect.any(String) });
    const viaCookie = await meWith({ Cookie: `session=${r.body.token}` });
    expect(viaCookie.status).toBe(200);
  });

  it("names the cookie __Host-session and marks it Secure over https; both names authenticate", async () => {
    await world();
    const r = await login("district.viewer", PASSWORD, {}, "https://localhost/api/v1/auth/login");
    expect(r.status).toBe(200);
    expect(r.cookie).toMatch(/^__Host-session=/);
    expect(r.cookie).toMatch(/; Secure/);
    expect(r.cookie).toMatch(/; Path=\//);
    expect(r.cookie).not.toMatch(/Domain=/i);
    const https = (headers: Record<string, string>) =>
      exports.default.fetch(new Request("https://localhost/api/v1/me", { headers }));
    expect((await https({ Cookie: `__Host-session=${r.body.token}` })).status).toBe(200);
    expect((await https({ Cookie: `session=${r.body.token}` })).status).toBe(200);
    const out = await exports.default.fetch(
      new Request("https://localhost/api/v1/auth/logout", {
        method: "POST",
        headers: { Cookie: `__Host-session=${r.body.token}`, Origin: "https://localhost" },
      }),
    );
    expect(out.status).toBe(204);
    expect(out.headers.get("Set-Cookie")).toMatch(/^__Host-session=;.*Max-Age=0/);
  });

  it("refuses a wrong password or unknown user with 401 in the envelope", async () => {
    await world();
    const wrong = await login("supervisor", "sai-mat-khau");
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("unauthenticated");
    const unknown = await login("khong-ton-tai", "whatever");
    expect(unknown.status).toBe(401);
  });

  it("answers 429 for a username after repeated failures, whether or not it exists, and not for others", async () => {
    await world();
    for (const name of ["province.viewer", "nobody.here"]) {
      for (let i = 0; i < 5; i++) expect((await login(name, `wrong-${i}`)).status).toBe(401);
      const blocked = await login(name, name === "province.viewer" ? PASSWORD : "x");
      expect(blocked.status).toBe(429);
      expect(blocked.body.error.code).toBe("rate_limited");
      expect(Number(blocked.retryAfter)).toBeGreaterThan(0);
    }
    expect((await login("district.admin", PASSWORD)).status).toBe(200);
  });

  it("validates the login body", async () => {
    const r = await api(null, "POST", "/api/v1/auth/login", { username: "" });
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual(["password", "username"]);
  });
});

describe("sessions", () => {
  it("answers 401 without a session, and with an unknown token", async () => {
    await world();
    expect(isEnvelope(await api(null, "GET", "/api/v1/me"), "unauthenticated")).toBe(true);
    const r = await meWith({ Authorization: "Bearer nope" });
    expect(r.status).toBe(401);
  });

  it("ends a session on logout", async () => {
    await world();
    const { body } = await login("commune.officer", PASSWORD);
    const auth = { Authorization: `Bearer ${body.token}` };
    expect((await meWith(auth)).status).toBe(200);
    const out = await exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/auth/logout`, { method: "POST", headers: auth }),
    );
    expect(out.status).toBe(204);
    expect((await meWith(auth)).status).toBe(401);
  });

  it("expires a session at its expiry time", async () => {
    const w = await world();
    const token = `short-${crypto.randomUUID()}`;
    await insertSession(registryDb(env.REGISTRY), await sha256Hex(token), w.userId.district_admin, 1);
    const auth = { Authorization: `Bearer ${token}` };
    expect((await meWith(auth)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await meWith(auth)).status).toBe(401);
  });
});

describe("cookie-authenticated changes", () => {
  async function patchUnitName(headers: Record<string, string>) {
    const w = await world();
    void w;
    return exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/tenants/luc-ngan/units`, {
        method: "POST",
        headers: { "Content-Type": "application/json", ...headers },
        body: JSON.stringify({ code: `X-${crypto.randomUUID().slice(0, 8)}`, name: "Xã Thử", level: "commune" }),
      }),
    );
  }

  it("are refused from another origin and accepted from our own", async () => {
    const w = await world();
    const cookie = { Cookie: `session=${w.token.district_admin}` };
    const foreign = await patchUnitName({ ...cookie, Origin: "https://evil.example" });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as any).error.code).toBe("forbidden");
    const noOrigin = await patchUnitName(cookie);
    expect(noOrigin.status).toBe(403);
    expect((await patchUnitName({ ...cookie, Origin: ORIGIN })).status).toBe(201);
    expect((await patchUnitName({ ...cookie, "Sec-Fetch-Site": "same-origin" })).status).toBe(201);
  });

  it("with a bearer token need no origin", async () => {
    const w = await world();
    expect(
      (await patchUnitName({ Authorization: `Bearer ${w.token.district_admin}`, Origin: "https://elsewhere.example" }))
        .status,
    ).toBe(201);
  });
});
