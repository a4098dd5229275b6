// The first administrator of an empty deployment comes from the BOOTSTRAP_ADMIN secret, once.
// (This file never builds the shared test world: its registry starts with no account.)
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { insertTenant, registryDb } from "../../src/db/registry";
import { api } from "./world";

describe("bootstrap administrator", () => {
  it("signs in the secret's account as province admin only while no account exists", async () => {
    await insertTenant(registryDb(env.REGISTRY), {
      code: "luc-ngan",
      name: "Huyện Lục Ngạn",
      province: "bac-giang",
      binding: "DB_LUC_NGAN",
    });
    const wrongPassword = await api(null, "POST", "/api/v1/auth/login", { username: "root.tinh", password: "doan-mo" });
    expect(wrongPassword.status).toBe(401);
    const first = await api(null, "POST", "/api/v1/auth/login", { username: "root.tinh", password: "khoi-tao-123" });
    expect(first.status).toBe(200);
    expect(first.body.user).toMatchObject({ username: "root.tinh", role: "province_admin", tenant: null });
    const tenants = await api(null, "GET", "/api/v1/tenants", undefined, {
      Authorization: `Bearer ${first.body.token}`,
    });
    expect(tenants.body.items.map((t: any) => t.code)).toEqual(["luc-ngan"]);

    // The account now exists and signs in normally; the secret creates no second account.
    await env.REGISTRY.prepare("UPDATE users SET username = 'renamed.admin' WHERE username = 'root.tinh'").run();
    const again = await api(null, "POST", "/api/v1/auth/login", { username: "root.tinh", password: "khoi-tao-123" });
    expect(again.status).toBe(401);
    const count = await env.REGISTRY.prepare("SELECT count(*) AS n FROM users").first<{ n: number }>();
    expect(count?.n).toBe(1);
  });
});
