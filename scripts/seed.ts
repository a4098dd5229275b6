// Demo data through the API itself, so that it goes through the same rules, write path and audit
// as real work. `npm start` runs `seedDemo` once on an empty local state.
// `npm run seed -- --households 50000 [--tenant luc-ngan] [--seed 1]` adds that many synthetic
// households to a running local server (default http://127.0.0.1:8787), spread over the tenant's
// villages, through the CSV import.
import { parseArgs } from "node:util";
import { householdsCsv } from "../src/demo/csv";
import { generateHouseholds } from "../src/demo/synthetic";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TENANTS } from "./demo/places";
import { type DemoCommune, seedReviews } from "./demo/procedure";
import { ApiClient, pool } from "./lib/client";

export interface SeedOptions {
  base: string;
  /** Households per village in the demo. */
  perVillage?: number;
}

const YEAR = 2025;

export async function seedDemo(opts: SeedOptions): Promise<void> {
  const province = await new ApiClient(opts.base).login(DEMO_ACCOUNTS.province, DEMO_PASSWORD);
  for (const [t, tenant] of DEMO_TENANTS.entries()) {
    const T = `/api/v1/tenants/${tenant.code}`;
    await province.must("POST", `${T}/users`, {
      username: tenant.admin,
      password: DEMO_PASSWORD,
      displayName: `Quản trị ${tenant.name}`,
      role: "district_admin",
    });
    const admin = await new ApiClient(opts.base).login(tenant.admin, DEMO_PASSWORD);
    const villageIds: string[] = [];
    const communes: DemoCommune[] = [];
    for (const commune of tenant.communes) {
      const c = await admin.must("POST", `${T}/units`, {
        code: commune.code,
        name: commune.name,
        level: "commune",
        kind: commune.kind,
      });
      const ids: string[] = [];
      for (const v of commune.villages)
        ids.push(
          (
            await admin.must("POST", `${T}/units`, {
              code: v.code,
              name: v.name,
              level: "village",
              kind: v.kind,
              parentId: c.id,
            })
          ).id,
        );
      villageIds.push(...ids);
      communes.push({ id: c.id, villageIds: ids });
      if (tenant.code === "luc-ngan" && commune === tenant.communes[0]) {
        const account = (username: string, displayName: string, role: string, unitId: string) =>
          admin.must("POST", `${T}/users`, { username, password: DEMO_PASSWORD, displayName, role, unitId });
        await account(DEMO_ACCOUNTS.communeOfficer, "Hoàng Thị Lan (cán bộ xã)", "commune_officer", c.id);
        await account(DEMO_ACCOUNTS.enumerator, "Nông Văn Tùng (rà soát viên)", "enumerator", ids[0]!);
        await account(DEMO_ACCOUNTS.supervisor, "Lương Thị Hoa (MTTQ xã)", "supervisor", c.id);
      }
    }
    const households = generateHouseholds({
      seed: 100 + t,
      count: villageIds.length * (opts.perVillage ?? 25),
      villageIds,
      year: YEAR,
    });
    await pool(households, 8, async (h) => {
      const { monthlyIncomePerCapita: _income, ...body } = h;
      await admin.must("POST", `${T}/households`, body);
    });
    await seedReviews(admin, tenant.code, communes, households);
  }
}

/** Whether the demo has already been created (its district administrator exists). */
export async function demoSeeded(base: string): Promise<boolean> {
  const r = await new ApiClient(base).call("POST", "/api/v1/auth/login", {
    username: DEMO_TENANTS[0]!.admin,
    password: DEMO_PASSWORD,
  });
  return r.status === 200;
}

/** Adds `count` synthetic households to a tenant through the CSV import, one import per commune. */
export async function seedHouseholds(opts: {
  base: string;
  tenant: string;
  count: number;
  seed: number;
  username: string;
  password: string;
}): Promise<void> {
  const admin = await new ApiClient(opts.base).login(opts.username, opts.password);
  const T = `/api/v1/tenants/${opts.tenant}`;
  const units = (await admin.must("GET", `${T}/units?limit=500`)).items as {
    id: string;
    code: string;
    level: string;
    parentId: string | null;
  }[];
  const villages = units.filter((u) => u.level === "village");
  if (!villages.length) throw new Error(`Huyện ${opts.tenant} chưa có thôn nào.`);
  const list = generateHouseholds({
    seed: opts.seed,
    count: opts.count,
    villageIds: villages.map((v) => v.id),
    year: YEAR,
  });
  const code = new Map(villages.map((v) => [v.id, v.code]));
  for (const communeId of new Set(villages.map((v) => v.parentId!))) {
    const mine = list.filter((h) => villages.find((v) => v.id === h.villageId)?.parentId === communeId);
    const csv = householdsCsv(mine, (id) => code.get(id)!, `S${opts.seed}-`);
    const job = await admin.must("POST", `${T}/imports?communeId=${communeId}&fileName=synthetic.csv`, csv, [202], {
      "Content-Type": "text/csv",
    });
    for (;;) {
      const state = await admin.must("GET", `${T}/imports/${job.id}`);
      if (state.status === "done" || state.status === "failed") {
        console.log(
          `Xã ${communeId}: ${state.status}, ${state.created} hộ mới, ${state.skipped} hộ đã có, ${state.invalid} hộ lỗi.`,
        );
        break;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      base: { type: "string", default: "http://127.0.0.1:8787" },
      households: { type: "string" },
      tenant: { type: "string", default: "luc-ngan" },
      seed: { type: "string", default: "1" },
      username: { type: "string" },
      password: { type: "string", default: DEMO_PASSWORD },
    },
  });
  if (values.households) {
    const tenant = DEMO_TENANTS.find((t) => t.code === values.tenant);
    await seedHouseholds({
      base: values.base!,
      tenant: values.tenant!,
      count: Number(values.households),
      seed: Number(values.seed),
      username: values.username ?? tenant?.admin ?? "",
      password: values.password!,
    });
  } else await seedDemo({ base: values.base! });
}
