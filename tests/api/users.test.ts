import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, ORIGIN, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const name = () => `lucngan.${crypto.randomUUID().slice(0, 8)}`;

async function login(username: string, password: string) {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}/api/v1/auth/login`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ username, password }),
    }),
  );
  return { status: res.status, body: (await res.json()) as any };
}

describe("accounts", () => {
  it("creates an enumerator of a village who can then sign in", async () => {
    await world();
    const username = name();
    const r = await api("district_admin", "POST", `${T}/users`, {
      username,
      password: "mat-khau-123",
      displayName: "Lương Văn Hùng",
      role: "enumerator",
      unitId: U.villageA2,
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({
      username,
      role: "enumerator",
      tenant: "luc-ngan",
      unitId: U.villageA2,
      disabled: false,
      version: 1,
    });
    expect(r.body).not.toHaveProperty("passwordHash");
    const signedIn = await login(username, "mat-khau-123");
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.user).toMatchObject({ role: "enumerator", unitId: U.villageA2 });
  });

  it("checks that the unit fits the role", async () => {
    await world();
    const base = { password: "mat-khau-123", displayName: "Thử" };
    const officerAtVillage = await api("district_admin", "POST", `${T}/users`, {
      ...base,
      username: name(),
      role: "commune_officer",
      unitId: U.villageA1,
    });
    expect(officerAtVillage.status).toBe(400);
    expect(officerAtVillage.body.error.details[0].path).toBe("unitId");
    const viewerWithUnit = await api("district_admin", "POST", `${T}/users`, {
      ...base,
      username: name(),
      role: "district_viewer",
      unitId: U.communeA,
    });
    expect(viewerWithUnit.body.error.details[0].path).toBe("unitId");
    const elsewhere = await api("district_admin", "POST", `${T}/users`, {
      ...base,
      username: name(),
      role: "supervisor",
      unitId: U.communeC,
    });
    expect(elsewhere.body.error.details[0].path).toBe("unitId");
    const provinceRole = await api("district_admin", "POST", `${T}/users`, {
      ...base,
      username: name(),
      role: "province_admin",
    });
    expect(provinceRole.body.error.details[0].path).toBe("role");
    const shortPassword = await api("district_admin", "POST", `${T}/users`, {
      ...base,
      password: "123",
      username: name(),
      role: "district_viewer",
    });
    expect(shortPassword.body.error.details[0].path).toBe("password");
  });

  it("refuses a username already taken in the tenant", async () => {
    await world();
    const body = { username: name(), password: "mat-khau-123", displayName: "X", role: "district_viewer" };
    expect((await api("district_admin", "POST", `${T}/users`, body)).status).toBe(201);
    const again = await api("district_admin", "POST", `${T}/users`, body);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it("says nothing of another tenant's usernames: a name outside the tenant's prefix is refused alike", async () => {
    await world();
    const taken = `sondong.${crypto.randomUUID().slice(0, 8)}`;
    const made = await api("other_district_admin", "POST", "/api/v1/tenants/son-dong/users", {
      username: taken,
      password: "mat-khau-son-dong",
      displayName: "Cán bộ Sơn Động",
      role: "district_viewer",
    });
    expect(made.status).toBe(201);
    const attempt = (username: string) =>
      api("district_admin", "POST", `${T}/users`, {
        username,
        password: "mat-khau-123",
        displayName: "Thử",
        role: "district_viewer",
      });
    const onTaken = await attempt(taken);
    const onFree = await attempt(`sondong.${crypto.randomUUID().slice(0, 8)}`);
    expect(onTaken.status).toBe(400);
    expect(onTaken.body.error.details).toEqual([
      { path: "username", message: 'Tên đăng nhập của tài khoản huyện này phải bắt đầu bằng "lucngan.".' },
    ]);
    expect(onFree.status).toBe(onTaken.status);
    expect(onFree.body).toEqual(onTaken.body);
  });

  it("lets the province open a district administrator's account", async () => {
    await world();
    const r = await api("province_admin", "POST", `${T}/users`, {
      username: name(),
      password: "mat-khau-123",
      displayName: "Quản trị huyện",
      role: "district_admin",
    });
    expect(r.status).toBe(201);
  });

  it("lists the tenant's accounts for staff only", async () => {
    await world();
    const list = await api("district_viewer", "GET", `${T}/users`);
    expect(list.status).toBe(200);
    expect(list.body.items.every((u: any) => u.tenant === "luc-ngan")).toBe(true);
    expect(list.body.items.map((u: any) => u.username)).toContain("enumerator");
    expect((await api("enumerator", "GET", `${T}/users`)).status).toBe(403);
    expect(
      (
        await api("commune_officer", "POST", `${T}/users`, {
          username: name(),
          password: "mat-khau-123",
          displayName: "X",
          role: "enumerator",
          unitId: U.villageA1,
        })
      ).status,
    ).toBe(403);
  });

  it("disables an account: its sessions end and it can no longer sign in", async () => {
    await world();
    const username = name();
    const created = await api("district_admin", "POST", `${T}/users`, {
      username,
      password: "mat-khau-123",
      displayName: "Sắp khoá",
      role: "supervisor",
      unitId: U.communeA,
    });
    const session = await login(username, "mat-khau-123");
    const me = () =>
      exports.default.fetch(
        new Request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${session.body.token}` } }),
      );
    expect((await me()).status).toBe(200);
    const off = await api("district_admin", "PATCH", `${T}/users/${created.body.id}`, { disabled: true, version: 1 });
    expect(off.body).toMatchObject({ disabled: true, version: 2 });
    expect((await me()).status).toBe(401);
    expect((await login(username, "mat-khau-123")).status).toBe(401);
    const log = await api("district_admin", "GET", `${T}/audit?entityId=${created.body.id}`);
    expect(log.body.items.map((e: any) => e.action)).toEqual(["create", "disable"]);
    expect(log.body.items[1].changes).toEqual([
      { field: "disabled", before: false, after: true },
      { field: "version", before: 1, after: 2 },
    ]);
    const stale = await api("district_admin", "PATCH", `${T}/users/${created.body.id}`, {
      disabled: false,
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ disabled: true, version: 2 });
  });

  it("resets a password: old sessions end and the new password works", async () => {
    await world();
    const username = name();
    const created = await api("district_admin", "POST", `${T}/users`, {
      username,
      password: "mat-khau-cu",
      displayName: "Đổi mật khẩu",
      role: "enumerator",
      unitId: U.villageA1,
    });
    const old = await login(username, "mat-khau-cu");
    const reset = await api("district_admin", "POST", `${T}/users/${created.body.id}/password`, {
      password: "mat-khau-moi",
    });
    expect(reset.status).toBe(204);
    const me = await exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/me`, { headers: { Authorization: `Bearer ${old.body.token}` } }),
    );
    expect(me.status).toBe(401);
    expect((await login(username, "mat-khau-cu")).status).toBe(401);
    expect((await login(username, "mat-khau-moi")).status).toBe(200);
  });

  it("does not reach an account of another tenant", async () => {
    const w = await world();
    const r = await api("district_admin", "PATCH", `${T}/users/${w.userId.other_district_admin}`, {
      disabled: true,
      version: 1,
    });
    expect(r.status).toBe(404);
  });
});
