// Passwords and sessions (issue 13): the password rules on every password set through the API,
// changing one's own password, a province administrator's password reset by another, the idle
// timeout, and a user's view of their sessions — each change ending the sessions it should.
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertSession, registryDb } from "../../src/db/registry";
import { sha256Hex } from "../../src/lib/encoding";
import { api, ORIGIN, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";

async function login(username: string, password: string, headers: Record<string, string> = {}) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify({ username, password }),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

const as = (token: string, method: string, path: string, body?: unknown) =>
  exports.default
    .fetch(
      new Request(`${ORIGIN}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    )
    .then(async (r) => ({ status: r.status, body: r.status === 204 ? null : ((await r.json()) as any) }));

/** A fresh enumerator of the test tenant with `password`, signed in once; its token. */
async function enumerator(password = "ruong-bac-thang-2026") {
  const username = `lucngan.${crypto.randomUUID().slice(0, 8)}`;
  const made = await api("district_admin", "POST", `${T}/users`, {
    username,
    password,
    displayName: "Rà soát viên thử",
    role: "enumerator",
    unitId: U.villageA1,
  });
  expect(made.status).toBe(201);
  const signedIn = await login(username, password);
  expect(signedIn.status).toBe(200);
  return { username, id: made.body.id as string, token: signedIn.body.token as string, password };
}

describe("password rules on every password the API sets", () => {
  it("refuses a short, a common, and a username-containing password on a new account and on a reset", async () => {
    await world();
    const base = { displayName: "Thử", role: "district_viewer" };
    for (const [password, words] of [
      ["ngan-qua", /ít nhất 10/],
      ["1234567890", /phổ biến/],
      ["Password123", /phổ biến/],
      ["lucngan.dat-2026", /tên đăng nhập/],
    ] as const) {
      const r = await api("district_admin", "POST", `${T}/users`, { ...base, username: "lucngan.dat", password });
      expect(r.status, password).toBe(400);
      expect(r.body.error.details).toEqual([{ path: "password", message: expect.stringMatching(words) }]);
    }
    const who = await enumerator();
    const reset = await api("district_admin", "POST", `${T}/users/${who.id}/password`, { password: "qwertyuiop" });
    expect(reset.status).toBe(400);
    expect(reset.body.error.details[0].path).toBe("password");
    expect((await login(who.username, who.password)).status).toBe(200);
  });
});

describe("changing one's own password", () => {
  it("needs the current password, applies the rules, and ends every session of the account", async () => {
    await world();
    const who = await enumerator();
    const other = (await login(who.username, who.password)).body.token as string;
    const wrong = await as(who.token, "POST", "/api/v1/me/password", {
      currentPassword: "khong-phai-mat-khau",
      newPassword: "song-suoi-trong-xanh",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details).toEqual([{ path: "currentPassword", message: expect.any(String) }]);
    const weak = await as(who.token, "POST", "/api/v1/me/password", {
      currentPassword: who.password,
      newPassword: "0123456789",
    });
    expect(weak.status).toBe(400);
    expect(weak.body.error.details[0].path).toBe("newPassword");

    const changed = await as(who.token, "POST", "/api/v1/me/password", {
      currentPassword: who.password,
      newPassword: "song-suoi-trong-xanh",
    });
    expect(changed.status).toBe(200);
    expect(typeof changed.body.token).toBe("string");
    expect((await as(who.token, "GET", "/api/v1/me")).status).toBe(401);
    expect((await as(other, "GET", "/api/v1/me")).status).toBe(401);
    expect((await as(changed.body.token, "GET", "/api/v1/me")).status).toBe(200);
    expect((await login(who.username, who.password)).status).toBe(401);
    expect((await login(who.username, "song-suoi-trong-xanh")).status).toBe(200);
  }, 30_000);

  it("counts wrong current passwords like wrong sign-ins: 429 after five", async () => {
    await world();
    const who = await enumerator();
    for (let i = 0; i < 5; i++)
      expect(
        (
          await as(who.token, "POST", "/api/v1/me/password", {
            currentPassword: `doan-sai-${i}`,
            newPassword: "song-suoi-trong-xanh",
          })
        ).status,
      ).toBe(400);
    const locked = await as(who.token, "POST", "/api/v1/me/password", {
      currentPassword: who.password,
      newPassword: "song-suoi-trong-xanh",
    });
    expect(locked.status).toBe(429);
  }, 30_000);
});

describe("province accounts", () => {
  it("lets one province administrator open another and reset its password, ending its sessions", async () => {
    await world();
    const username = `bacgiang.${crypto.randomUUID().slice(0, 8)}`;
    const opened = await api("province_admin", "POST", "/api/v1/province/users", {
      username,
      password: "doi-chuyen-tinh-2026",
      displayName: "Phó giám đốc Sở",
      role: "province_admin",
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ username, role: "province_admin", tenant: null });
    const session = (await login(username, "doi-chuyen-tinh-2026")).body.token as string;
    const list = await api("province_admin", "GET", "/api/v1/province/users");
    expect(list.body.items.map((u: any) => u.username)).toContain(username);
    expect(list.body.items.every((u: any) => u.tenant === null)).toBe(true);

    const reset = await api("province_admin", "POST", `/api/v1/province/users/${opened.body.id}/password`, {
      password: "mat-khau-moi-cua-so",
    });
    expect(reset.status).toBe(204);
    expect((await as(session, "GET", "/api/v1/me")).status).toBe(401);
    expect((await login(username, "mat-khau-moi-cua-so")).status).toBe(200);
  });

  it("keeps the reset to other province accounts of the same province, and to province administrators", async () => {
    const w = await world();
    const reset = (who: "province_admin" | "province_viewer" | "district_admin" | "other_province_admin", id: string) =>
      api(who, "POST", `/api/v1/province/users/${id}/password`, { password: "mat-khau-moi-cua-so" });
    expect((await reset("province_admin", w.userId.province_admin)).status).toBe(403);
    expect((await reset("province_admin", w.userId.district_admin)).status).toBe(404);
    expect((await reset("other_province_admin", w.userId.province_viewer)).status).toBe(404);
    expect((await reset("province_viewer", w.userId.province_admin)).status).toBe(403);
    expect((await reset("district_admin", w.userId.province_admin)).status).toBe(403);
    const outside = await api("province_admin", "POST", "/api/v1/province/users", {
      username: "lucngan.tinh",
      password: "doi-chuyen-tinh-2026",
      displayName: "X",
      role: "province_viewer",
    });
    expect(outside.status).toBe(400);
    expect(outside.body.error.details[0].path).toBe("username");
  });
});

describe("sessions", () => {
  it("end after 30 minutes without use, besides their absolute lifetime", async () => {
    const w = await world();
    const token = `idle-${crypto.randomUUID()}`;
    const hash = await sha256Hex(token);
    await insertSession(registryDb(env.REGISTRY), hash, w.userId.district_viewer, 12 * 3600);
    const idle = new Date(Date.now() - 31 * 60_000).toISOString();
    await env.REGISTRY.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?").bind(idle, hash).run();
    expect((await as(token, "GET", "/api/v1/me")).status).toBe(401);
    const recent = new Date(Date.now() - 29 * 60_000).toISOString();
    await env.REGISTRY.prepare("UPDATE sessions SET last_seen_at = ? WHERE token_hash = ?").bind(recent, hash).run();
    expect((await as(token, "GET", "/api/v1/me")).status).toBe(200);
    // Use moves the idle clock on.
    const seen = await env.REGISTRY.prepare("SELECT last_seen_at FROM sessions WHERE token_hash = ?")
      .bind(hash)
      .first<{ last_seen_at: string }>();
    expect(Date.parse(seen!.last_seen_at)).toBeGreaterThan(Date.now() - 60_000);
  });

  it("are listed to their owner, who ends one of them or all the others", async () => {
    await world();
    const who = await enumerator();
    const phone = await login(who.username, who.password, { "User-Agent": "Mozilla/5.0 (Linux; Android 11) Chrome" });
    const laptop = await login(who.username, who.password, { "User-Agent": "Mozilla/5.0 (X11; Linux) Firefox" });
    const listed = await as(who.token, "GET", "/api/v1/me/sessions");
    expect(listed.status).toBe(200);
    expect(listed.body.items).toHaveLength(3);
    expect(listed.body.items.filter((s: any) => s.current)).toHaveLength(1);
    expect(listed.body.items.map((s: any) => s.userAgent)).toEqual(
      expect.arrayContaining([expect.stringContaining("Android"), expect.stringContaining("Firefox")]),
    );
    expect(JSON.stringify(listed.body)).not.toContain(await sha256Hex(phone.body.token));

    const phoneId = listed.body.items.find((s: any) => s.userAgent?.includes("Android")).id;
    expect((await as(who.token, "DELETE", `/api/v1/me/sessions/${phoneId}`)).status).toBe(204);
    expect((await as(phone.body.token, "GET", "/api/v1/me")).status).toBe(401);
    expect((await as(laptop.body.token, "GET", "/api/v1/me")).status).toBe(200);
    expect((await as(who.token, "DELETE", `/api/v1/me/sessions/${phoneId}`)).status).toBe(404);
    // Another user's session cannot be ended through one's own list.
    const mine = (await api("district_viewer", "GET", "/api/v1/me/sessions")).body.items[0].id;
    expect((await as(who.token, "DELETE", `/api/v1/me/sessions/${mine}`)).status).toBe(404);
    expect((await api("district_viewer", "GET", "/api/v1/me")).status).toBe(200);

    expect((await as(who.token, "DELETE", "/api/v1/me/sessions")).status).toBe(204);
    expect((await as(laptop.body.token, "GET", "/api/v1/me")).status).toBe(401);
    expect((await as(who.token, "GET", "/api/v1/me")).status).toBe(200);
    expect((await as(who.token, "GET", "/api/v1/me/sessions")).body.items).toHaveLength(1);
  }, 30_000);
});
