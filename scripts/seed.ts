// Demo data through the API itself, so that it goes through the same rules, write path and audit
// as real work. `npm start` runs it once on an empty local state.
import { parseArgs } from "node:util";
import { ApiClient } from "./lib/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "./demo/places";

export interface SeedOptions {
  base: string;
}

export async function seedDemo(opts: SeedOptions): Promise<void> {
  const province = await new ApiClient(opts.base).login(DEMO_ACCOUNTS.province, DEMO_PASSWORD);
  for (const tenant of DEMO_TENANTS) {
    const T = `/api/v1/tenants/${tenant.code}`;
    await province.must("POST", `${T}/users`, { username: tenant.admin, password: DEMO_PASSWORD, displayName: `Quản trị ${tenant.name}`, role: "district_admin" });
    const admin = await new ApiClient(opts.base).login(tenant.admin, DEMO_PASSWORD);
    for (const commune of tenant.communes) {
      const c = await admin.must("POST", `${T}/units`, { code: commune.code, name: commune.name, level: "commune", kind: commune.kind });
      const villageIds: string[] = [];
      for (const v of commune.villages) {
        const village = await admin.must("POST", `${T}/units`, { code: v.code, name: v.name, level: "village", kind: v.kind, parentId: c.id });
        villageIds.push(village.id);
      }
      if (tenant.code === "luc-ngan" && commune === tenant.communes[0]) {
        const account = (username: string, displayName: string, role: string, unitId: string) =>
          admin.must("POST", `${T}/users`, { username, password: DEMO_PASSWORD, displayName, role, unitId });
        await account(DEMO_ACCOUNTS.communeOfficer, "Hoàng Thị Lan (cán bộ xã)", "commune_officer", c.id);
        await account(DEMO_ACCOUNTS.enumerator, "Nông Văn Tùng (rà soát viên)", "enumerator", villageIds[0]!);
        await account(DEMO_ACCOUNTS.supervisor, "Lương Thị Hoa (MTTQ xã)", "supervisor", c.id);
      }
    }
  }
}

/** Whether the demo has already been created (its district administrator exists). */
export async function demoSeeded(base: string): Promise<boolean> {
  const r = await new ApiClient(base).call("POST", "/api/v1/auth/login", { username: DEMO_TENANTS[0]!.admin, password: DEMO_PASSWORD });
  return r.status === 200;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { base: { type: "string", default: "http://127.0.0.1:8787" } } });
  await seedDemo({ base: values.base! });
}
