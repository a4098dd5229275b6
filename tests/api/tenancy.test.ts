// Tenants are isolated: a user of one district never reaches another's data.
import { describe, expect, it } from "vitest";
import { api, world } from "./world";

async function tenantRoutes(): Promise<{ method: string; path: string; contentType: string }[]> {
  const doc = await api(null, "GET", "/api/v1/openapi.json");
  const out: { method: string; path: string; contentType: string }[] = [];
  for (const [path, ops] of Object.entries<Record<string, any>>(doc.body.paths)) {
    if (!path.includes("{tenant}")) continue;
    for (const [method, op] of Object.entries<any>(ops)) {
      out.push({
        method: method.toUpperCase(),
        path,
        contentType: Object.keys(op.requestBody?.content ?? { "application/json": 1 })[0]!,
      });
    }
  }
  return out;
}

const fill = (path: string, tenant: string) =>
  path.replace("{tenant}", tenant).replace(/\{[^}]+\}/g, () => crypto.randomUUID());

describe("tenant isolation", () => {
  it("answers 404 to a district admin for every route of another tenant", async () => {
    await world();
    const routes = await tenantRoutes();
    expect(routes.length).toBeGreaterThanOrEqual(6);
    for (const r of routes) {
      const body = r.method === "GET" ? undefined : r.contentType === "application/json" ? {} : "a,b\n1,2\n";
      const res = await api(
        "other_district_admin",
        r.method,
        fill(r.path, "luc-ngan"),
        body,
        body === undefined ? {} : { "Content-Type": r.contentType },
      );
      expect(res.status, `${r.method} ${r.path}`).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
  });

  it("answers 403 to district and commune roles for every province route", async () => {
    await world();
    const doc = await api(null, "GET", "/api/v1/openapi.json");
    const routes = Object.entries<Record<string, any>>(doc.body.paths)
      .filter(([path]) => path.startsWith("/api/v1/province/"))
      .flatMap(([path, ops]) => Object.keys(ops).map((method) => ({ method: method.toUpperCase(), path })));
    expect(routes.length).toBeGreaterThanOrEqual(3);
    for (const who of ["district_admin", "district_viewer", "commune_officer", "enumerator", "supervisor"] as const) {
      for (const r of routes) {
        const res = await api(
          who,
          r.method,
          fill(r.path, "luc-ngan") + (r.path.endsWith("summary") ? "?year=2025" : ""),
          r.method === "GET" ? undefined : { campaignYear: 2025, format: "xlsx" },
        );
        expect(res.status, `${who} ${r.method} ${r.path}`).toBe(403);
        expect(res.body.error.code).toBe("forbidden");
      }
    }
  });

  it("answers 404 for a tenant that does not exist and for a province user of another province", async () => {
    await world();
    expect((await api("province_admin", "GET", "/api/v1/tenants/khong-co/units")).status).toBe(404);
    expect((await api("other_province_admin", "GET", "/api/v1/tenants/luc-ngan/units")).status).toBe(404);
  });

  it("lists to each user the tenants they may see", async () => {
    await world();
    const province = await api("province_viewer", "GET", "/api/v1/tenants");
    expect(province.body.items.map((t: any) => t.code)).toEqual(["luc-ngan", "son-dong"]);
    const district = await api("enumerator", "GET", "/api/v1/tenants");
    expect(district.body.items).toEqual([
      { code: "luc-ngan", name: "Huyện Lục Ngạn", province: "bac-giang", status: "active" },
    ]);
    const elsewhere = await api("other_province_admin", "GET", "/api/v1/tenants");
    expect(elsewhere.body.items).toEqual([]);
  });
});
