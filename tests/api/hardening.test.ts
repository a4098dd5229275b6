// The Worker refuses to run unsafely configured, limits its public routes per address, and sends
// the security headers on every answer (issue 13).
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../src/app";
import { DEMO_PASSWORD } from "../../src/auth/password-policy";
import { api, isEnvelope, ORIGIN, U, world } from "./world";

const app = createApp();
const STRONG = {
  ID_HASH_KEY: "k".repeat(16) + crypto.randomUUID(),
  AUDIT_HMAC_KEY: "a".repeat(8) + crypto.randomUUID(),
};

/** One request to the app under another configuration (the same bindings, other settings). */
async function under(vars: Record<string, string | undefined>, url = `${ORIGIN}/api/v1/health`, init?: RequestInit) {
  const configured = Object.assign(Object.create(null), env, vars) as Env;
  const res = await app.fetch(new Request(url, init), configured, {
    waitUntil() {},
    passThroughOnException() {},
    props: {},
  } as unknown as ExecutionContext);
  return { status: res.status, body: (await res.json()) as any };
}

describe("an unsafe configuration", () => {
  it("stops production at its first request with 503 naming what to fix, not a silent fallback", async () => {
    const missing = await under({ APP_ENV: "production", BOOTSTRAP_ADMIN: undefined });
    expect(missing.status).toBe(503);
    expect(missing.body.error.code).toBe("unavailable");
    expect(missing.body.error.details.map((d: any) => d.path).sort()).toEqual(["AUDIT_HMAC_KEY", "ID_HASH_KEY"]);

    const defaults = await under({
      APP_ENV: "production",
      BOOTSTRAP_ADMIN: undefined,
      ID_HASH_KEY: "local-development-id-hash-key",
      AUDIT_HMAC_KEY: "ngan",
    });
    expect(defaults.status).toBe(503);
    expect(defaults.body.error.details.map((d: any) => d.path).sort()).toEqual(["AUDIT_HMAC_KEY", "ID_HASH_KEY"]);

    const demo = await under({ APP_ENV: "production", ...STRONG, BOOTSTRAP_ADMIN: `tinh.admin:${DEMO_PASSWORD}` });
    expect(demo.status).toBe(503);
    expect(demo.body.error.details.map((d: any) => d.path)).toEqual(["BOOTSTRAP_ADMIN"]);

    const safe = await under({
      APP_ENV: "production",
      ...STRONG,
      BOOTSTRAP_ADMIN: "tinh.admin:song-Cau-chay-qua-2026",
    });
    expect(safe).toMatchObject({ status: 200, body: { status: "ok" } });
  });

  it("honours development only on a local host", async () => {
    expect((await under({ APP_ENV: "development" }, "http://127.0.0.1:8787/api/v1/health")).status).toBe(200);
    expect((await under({ APP_ENV: "development" }, "http://192.168.1.20:8787/api/v1/health")).status).toBe(200);
    const deployed = await under({ APP_ENV: "development" }, "https://ra-soat.example.vn/api/v1/health");
    expect(deployed.status).toBe(503);
    expect(deployed.body.error.details[0].path).toBe("APP_ENV");
  });

  it("refuses the demo password outside development, on an account set through the API", async () => {
    const w = await world();
    const body = { username: "lucngan.demo", password: DEMO_PASSWORD, displayName: "Thử", role: "district_viewer" };
    const post = { method: "POST", body: JSON.stringify(body) };
    const headers = { Authorization: `Bearer ${w.token.district_admin}`, "Content-Type": "application/json" };
    const production = await under({ APP_ENV: "production", ...STRONG }, `${ORIGIN}/api/v1/tenants/luc-ngan/users`, {
      ...post,
      headers,
    });
    expect(production.status).toBe(400);
    expect(production.body.error.details[0]).toMatchObject({ path: "password" });
    // In development (this runtime) the documented demo password is accepted for the local demo.
    expect((await api("district_admin", "POST", "/api/v1/tenants/luc-ngan/users", body)).status).toBe(201);
  });
});

describe("rate limits of the public routes", () => {
  const classify = (address: string) =>
    exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/classify`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "CF-Connecting-IP": address },
        body: JSON.stringify({
          standard: "ND07_2021",
          area: "rural",
          monthlyIncomePerCapita: 1_400_000,
          deprivations: ["water"],
        }),
      }),
    );

  it("answer /classify about 300 times a minute per address, then 429 in the envelope with Retry-After", async () => {
    let ok = 0;
    let refused: Response | undefined;
    // Windows are whole minutes: a burst may straddle two, so allow for up to two windows' worth.
    for (let batch = 0; batch < 13 && !refused; batch++) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => classify("198.51.100.23")));
      for (const r of answers) {
        if (r.status === 429) refused ??= r;
        else {
          expect(r.status).toBe(200);
          ok++;
        }
        if (r !== refused) await r.body?.cancel();
      }
    }
    expect(refused).toBeDefined();
    expect(ok).toBeGreaterThanOrEqual(300);
    expect(ok).toBeLessThanOrEqual(600);
    const body = (await refused!.json()) as any;
    expect(isEnvelope({ status: 429, body, headers: refused!.headers }, "rate_limited")).toBe(true);
    expect(Number(refused!.headers.get("Retry-After"))).toBeGreaterThan(0);
    expect(Number(refused!.headers.get("Retry-After"))).toBeLessThanOrEqual(60);
    // Another address is not held back.
    expect((await classify("198.51.100.24")).status).toBe(200);
  }, 60_000);

  it("hold back a citizen sending many things at once, with the limiter the citizen routes use", async () => {
    const answers: number[] = [];
    for (let i = 0; i < 25; i++) {
      const r = await exports.default.fetch(
        new Request(`${ORIGIN}/api/v1/public/luc-ngan/households/ABCDEFGHJKLMNPQR/complaints`, {
          method: "POST",
          headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.44" },
          body: JSON.stringify({ type: "data_error", text: "Thử" }),
        }),
      );
      answers.push(r.status);
      await r.body?.cancel();
    }
    expect(answers.filter((s) => s === 429).length).toBeGreaterThanOrEqual(5);
    expect(answers.slice(0, 10).every((s) => s !== 429)).toBe(true);
  });

  it("cover the posted list too", async () => {
    await world();
    const statuses: number[] = [];
    for (let batch = 0; batch < 13 && !statuses.includes(429); batch++) {
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          exports.default.fetch(
            new Request(`${ORIGIN}/api/v1/public/luc-ngan/villages/${U.villageA1}/posted-list`, {
              headers: { "CF-Connecting-IP": "203.0.113.45" },
            }),
          ),
        ),
      );
      for (const r of answers) {
        statuses.push(r.status);
        await r.body?.cancel();
      }
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s !== 429).length).toBeGreaterThanOrEqual(300);
  }, 60_000);
});

describe("security headers", () => {
  it("are on every API answer: no framing, no sniffing, no referrer, nothing to run", async () => {
    for (const path of ["/api/v1/health", "/api/v1/me", "/api/v1/nowhere"]) {
      const r = await exports.default.fetch(new Request(`${ORIGIN}${path}`));
      const csp = r.headers.get("Content-Security-Policy") ?? "";
      expect(csp, path).toContain("default-src 'none'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(r.headers.get("X-Content-Type-Options")).toBe("nosniff");
      expect(r.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(r.headers.get("X-Frame-Options")).toBe("DENY");
      expect(r.headers.get("Cache-Control")).toBe("no-store");
      await r.body?.cancel();
    }
  });

  it("let the API reference page run only its own scripts, by nonce", async () => {
    const r = await exports.default.fetch(new Request(`${ORIGIN}/api/docs`));
    expect(r.status).toBe(200);
    const csp = r.headers.get("Content-Security-Policy") ?? "";
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toBeTruthy();
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await r.text();
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toContain(`nonce="${nonce}"`);
  });
});
