// The official report forms against an independent count: a seeded tenant's stored rows are read
// back whole and counted here in plain JavaScript, and every report's rows, subtotals and totals
// must agree with that count.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { labels, MOVEMENT_COLUMNS, type MovementKind } from "../../src/domain";
import { CAMPAIGN_2024, CAMPAIGN_2025, loadIntoD1, seedTenant } from "../fixtures/seeded-tenant";
import { LUC_NGAN_VILLAGES } from "./fixtures";
import { api, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const R = `${T}/campaigns/${CAMPAIGN_2025}/reports`;
const VILLAGE_COMMUNE: Record<string, string> = {
  [U.villageA1]: U.communeA,
  [U.villageA2]: U.communeA,
  [U.villageB1]: U.communeB,
};

interface Stored {
  households: any[];
  members: any[];
  assessments: any[];
  previous: any[];
  indicators: any[];
}
let stored: Stored;

const rate = (part: number, whole: number) => (whole ? Math.round((part * 10000) / whole) / 100 : 0);
const where = <T>(xs: T[], f: (x: T) => boolean) => xs.filter(f).length;

beforeAll(async () => {
  const w = await world();
  const seeded = await seedTenant({
    seed: 7,
    households: 420,
    villages: LUC_NGAN_VILLAGES,
    reviewers: [w.userId.enumerator, w.userId.commune_officer],
    decidedCommuneId: U.communeB,
  });
  await loadIntoD1(env.DB_LUC_NGAN, seeded);
  const all = async (sql: string) => (await env.DB_LUC_NGAN.prepare(sql).all<any>()).results;
  stored = {
    households: await all("SELECT * FROM households"),
    members: await all("SELECT * FROM members"),
    assessments: await all(`SELECT * FROM assessments WHERE campaign_id = '${CAMPAIGN_2025}'`),
    previous: await all(`SELECT * FROM assessments WHERE campaign_id = '${CAMPAIGN_2024}'`),
    indicators: await all(`SELECT * FROM assessment_indicators WHERE campaign_id = '${CAMPAIGN_2025}'`),
  };
});

/** The assessments a report counts (independently of the SQL): every listed one; decided ones only when asked. */
function counted(unit: (villageId: string) => boolean, decidedOnly = false) {
  return stored.assessments.filter((a) => unit(a.village_id) && (!decidedOnly || a.state === "decided"));
}
const inCommune = (communeId: string) => (v: string) => VILLAGE_COMMUNE[v] === communeId;
const anywhere = () => true;

function expectedResults(unit: (villageId: string) => boolean, decidedOnly = false) {
  const hs = stored.households.filter((h) => h.status === "active" && unit(h.village_id));
  const as = counted(unit, decidedOnly);
  const cat = (c: string) => as.filter((a) => a.category === c);
  const households = hs.length;
  const persons = hs.reduce((s, h) => s + h.member_count, 0);
  const sum = (xs: any[]) => xs.reduce((s, a) => s + a.persons, 0);
  return {
    households,
    persons,
    poor: cat("poor").length,
    poorPersons: sum(cat("poor")),
    poorRate: rate(cat("poor").length, households),
    nearPoor: cat("near_poor").length,
    nearPoorPersons: sum(cat("near_poor")),
    nearPoorRate: rate(cat("near_poor").length, households),
    averageLiving: cat("average_living").length,
    averageLivingPersons: sum(cat("average_living")),
    averageLivingRate: rate(cat("average_living").length, households),
  };
}

describe("results report (form 1)", () => {
  it("has one row per commune with its area, urban/rural subtotals and totals equal to an independent count", async () => {
    const r = await api("district_admin", "GET", `${R}/results`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      form: "results",
      unitId: null,
      unitName: "Huyện Lục Ngạn",
      campaignId: CAMPAIGN_2025,
      decidedOnly: false,
    });
    expect(r.body.title).toContain("năm 2025");
    expect(r.body.period).toContain("01/09/2025");
    expect(r.body.columns.map((c: any) => c.key)).toEqual(
      expect.arrayContaining([
        "households",
        "persons",
        "poor",
        "nearPoor",
        "averageLiving",
        "poorRate",
        "nearPoorRate",
      ]),
    );
    expect(r.body.rows.map((x: any) => [x.unitId, x.unitName, x.area])).toEqual([
      [U.communeB, "Thị trấn Chũ", "urban"],
      [U.communeA, "Xã Tân Sơn", "rural"],
    ]);
    expect(r.body.rows[0]).toMatchObject(expectedResults(inCommune(U.communeB)));
    expect(r.body.rows[1]).toMatchObject(expectedResults(inCommune(U.communeA)));
    expect(r.body.total).toMatchObject(expectedResults(anywhere));
    expect(r.body.subtotals).toEqual([
      expect.objectContaining({ area: "urban", label: "Khu vực thành thị", ...expectedResults(inCommune(U.communeB)) }),
      expect.objectContaining({ area: "rural", label: "Khu vực nông thôn", ...expectedResults(inCommune(U.communeA)) }),
    ]);
    // The seeded tenant must be worth checking: every category present.
    expect(r.body.total.poor).toBeGreaterThan(5);
    expect(r.body.total.nearPoor).toBeGreaterThan(5);
    expect(r.body.total.averageLiving).toBeGreaterThan(5);
  });

  it("gives the villages of a commune, and a village alone as a total without rows", async () => {
    const commune = await api("commune_officer", "GET", `${R}/results`);
    expect(commune.status).toBe(200);
    expect(commune.body.unitId).toBe(U.communeA);
    expect(commune.body.rows.map((x: any) => x.unitId)).toEqual([U.villageA1, U.villageA2]);
    expect(commune.body.rows[1]).toMatchObject({ area: "rural", ...expectedResults((v) => v === U.villageA2) });
    expect(commune.body.total).toMatchObject(expectedResults(inCommune(U.communeA)));

    const village = await api("enumerator", "GET", `${R}/results`);
    expect(village.status).toBe(200);
    expect(village.body.unitId).toBe(U.villageA1);
    expect(village.body.rows).toEqual([]);
    expect(village.body.total).toMatchObject(expectedResults((v) => v === U.villageA1));
  });

  it("counts only decided results with decidedOnly=true", async () => {
    const r = await api("district_viewer", "GET", `${R}/results?decidedOnly=true`);
    expect(r.status).toBe(200);
    expect(r.body.decidedOnly).toBe(true);
    expect(r.body.total).toMatchObject(expectedResults(anywhere, true));
    expect(r.body.rows[1].poor).toBe(0); // commune A has no decision yet
    expect(r.body.total.households).toBe(expectedResults(anywhere).households);
  });

  it("rounds rates half up to two decimals", async () => {
    const r = await api("district_admin", "GET", `${R}/results`);
    for (const row of [...r.body.rows, r.body.total]) {
      expect(row.poorRate).toBe(rate(row.poor, row.households));
      expect(Number.isInteger(Math.round(row.poorRate * 100))).toBe(true);
    }
  });
});

describe("movement reports (forms 2 and 3)", () => {
  function expectedMovement(list: "poor" | "nearPoor", unit: (v: string) => boolean) {
    const side = list;
    const category = list === "poor" ? "poor" : "near_poor";
    const out = { start: 0, end: 0, pending: 0 };
    for (const a of counted(unit)) {
      if (!a.movement) {
        if (a.previous_category === category) (out.start += 1), (out.end += 1), (out.pending += 1);
        continue;
      }
      const cols = MOVEMENT_COLUMNS[a.movement as MovementKind][side];
      if (cols.start) out.start += 1;
      if (cols.end) out.end += 1;
    }
    const listed = new Set(stored.assessments.map((a) => a.household_id));
    for (const p of stored.previous)
      if (unit(p.village_id) && p.category === category && !listed.has(p.household_id)) out.start += 1;
    return out;
  }

  for (const [form, list] of [
    ["poor-movement", "poor"],
    ["near-poor-movement", "nearPoor"],
  ] as const) {
    it(`${form}: end = start − decreases + increases on every row, subtotal and total, against an independent count`, async () => {
      const r = await api("district_admin", "GET", `${R}/${form}`);
      expect(r.status).toBe(200);
      for (const row of [...r.body.rows, ...r.body.subtotals, r.body.total]) {
        expect(row.end).toBe(row.start - row.decreases + row.increases);
        const dec = Object.keys(row)
          .filter((k) => k.startsWith("decrease") && k !== "decreases")
          .reduce((s, k) => s + row[k], 0);
        const inc = Object.keys(row)
          .filter((k) => k.startsWith("increase") && k !== "increases")
          .reduce((s, k) => s + row[k], 0);
        expect(row.decreases).toBe(dec);
        expect(row.increases).toBe(inc);
      }
      expect(r.body.total).toMatchObject(expectedMovement(list, anywhere));
      expect(r.body.rows[1]).toMatchObject(expectedMovement(list, inCommune(U.communeA)));
      expect(r.body.total.start).toBeGreaterThan(0);
      expect(r.body.total.decreases).toBeGreaterThan(0);
      expect(r.body.total.increases).toBeGreaterThan(0);
      // Last year's list, as decided then, is where this year's starts.
      const previousList = stored.previous.filter(
        (p) => p.category === (list === "poor" ? "poor" : "near_poor"),
      ).length;
      expect(r.body.total.start).toBe(previousList);
    });
  }

  it("counts a household of last year's list that this year did not list as leaving it", async () => {
    const r = await api("district_admin", "GET", `${R}/poor-movement`);
    const listed = new Set(stored.assessments.map((a) => a.household_id));
    const gone = stored.previous.filter((p) => p.category === "poor" && !listed.has(p.household_id)).length;
    const leftWithResult = counted(anywhere).filter((a) => a.movement === "poor_left").length;
    expect(gone).toBeGreaterThan(0);
    expect(r.body.total.decreaseOther).toBe(gone + leftWithResult);
  });
});

describe("deprivations, groups, ethnicity, causes, children (forms 4–11)", () => {
  it("deprivations: per indicator, counts and rates of poor and near-poor households", async () => {
    const r = await api("district_admin", "GET", `${R}/deprivations`);
    expect(r.status).toBe(200);
    const byId = new Map(counted(anywhere).map((a) => [a.id, a]));
    for (const [key, category] of [
      ["poor", "poor"],
      ["nearPoor", "near_poor"],
    ] as const) {
      const base = counted(anywhere).filter((a) => a.category === category).length;
      expect(r.body.total[key]).toBe(base);
      for (const code of ["health_insurance", "water", "sanitation", "employment"]) {
        const n = stored.indicators.filter(
          (i) => i.code === code && i.deprived === 1 && byId.get(i.assessment_id)?.category === category,
        ).length;
        expect(r.body.total[`${key}_${code}`]).toBe(n);
        expect(r.body.total[`${key}Rate_${code}`]).toBe(rate(n, base));
      }
    }
    const labelsShown = r.body.columns.map((c: any) => c.group).filter(Boolean);
    expect(labelsShown).toContain("Hộ nghèo thiếu hụt: Bảo hiểm y tế");
    expect(r.body.columns).toHaveLength(1 + 2 * (1 + 12 * 2));
  });

  it("groups: ethnic minority, female head, meritorious, social assistance, no working capacity", async () => {
    const r = await api("district_admin", "GET", `${R}/groups`);
    expect(r.status).toBe(200);
    const membersOf = new Map<string, any[]>();
    for (const m of stored.members) membersOf.set(m.household_id, [...(membersOf.get(m.household_id) ?? []), m]);
    const head = (id: string) =>
      [...membersOf.get(id)!].sort(
        (a, b) =>
          Number(a.relation_to_head !== "head") - Number(b.relation_to_head !== "head") || a.position - b.position,
      )[0];
    const facts = (m: any) => JSON.parse(m.facts);
    for (const [key, category] of [
      ["poor", "poor"],
      ["nearPoor", "near_poor"],
    ] as const) {
      const hs = counted(anywhere)
        .filter((a) => a.category === category)
        .map((a) => a.household_id);
      expect(r.body.total[key]).toBe(hs.length);
      expect(r.body.total[`${key}_minority`]).toBe(where(hs, (h) => head(h).ethnicity !== "kinh"));
      expect(r.body.total[`${key}_femaleHead`]).toBe(where(hs, (h) => head(h).sex === "female"));
      expect(r.body.total[`${key}_meritorious`]).toBe(
        where(hs, (h) => membersOf.get(h)!.some((m) => facts(m).meritorious === true)),
      );
      expect(r.body.total[`${key}_socialAssistance`]).toBe(
        where(hs, (h) => membersOf.get(h)!.some((m) => facts(m).socialAssistance === true)),
      );
      expect(r.body.total[`${key}_noLabour`]).toBe(
        where(
          hs,
          (h) => !membersOf.get(h)!.some((m) => ["full", "limited"].includes(facts(m).workingCapacity ?? "full")),
        ),
      );
    }
    expect(r.body.total.poor_minority).toBeGreaterThan(0);
  });

  it("ethnicity: by the head's group, Kinh first and each minority present", async () => {
    const r = await api("district_admin", "GET", `${R}/ethnicity`);
    expect(r.status).toBe(200);
    const headEth = new Map<string, string>();
    for (const m of [...stored.members].sort((a, b) => b.position - a.position))
      if (m.relation_to_head === "head" || !headEth.has(m.household_id)) headEth.set(m.household_id, m.ethnicity);
    const poor = counted(anywhere).filter((a) => a.category === "poor");
    const present = [
      ...new Set(
        counted(anywhere)
          .filter((a) => ["poor", "near_poor"].includes(a.category))
          .map((a) => headEth.get(a.household_id)!),
      ),
    ];
    for (const e of present)
      expect(r.body.total[`poor_${e}`]).toBe(where(poor, (a) => headEth.get(a.household_id) === e));
    expect(r.body.total.poor_minority).toBe(where(poor, (a) => headEth.get(a.household_id) !== "kinh"));
    const shown = r.body.columns
      .filter((c: any) => c.key.startsWith("poor_") && c.key !== "poor_minority")
      .map((c: any) => c.key.slice(5));
    expect(shown[0]).toBe("kinh");
    expect(new Set(shown)).toEqual(new Set(["kinh", ...present]));
    expect(r.body.columns.find((c: any) => c.key === "poor_nung")?.label).toBe("Dân tộc Nùng");
  });

  it("causes: households per cause of poverty, unrecorded ones counted apart", async () => {
    const r = await api("district_admin", "GET", `${R}/causes`);
    expect(r.status).toBe(200);
    const factsOf = new Map(stored.households.map((h) => [h.id, JSON.parse(h.facts)]));
    const poor = counted(anywhere).filter((a) => a.category === "poor");
    for (const cause of ["capital", "land", "labour", "illness_or_accident"])
      expect(r.body.total[`poor_${cause}`]).toBe(
        where(poor, (a) => (factsOf.get(a.household_id).causesOfPoverty ?? []).includes(cause)),
      );
    expect(r.body.total.poor_unrecorded).toBe(
      where(poor, (a) => !(factsOf.get(a.household_id).causesOfPoverty ?? []).length),
    );
    expect(r.body.columns.find((c: any) => c.key === "poor_capital").label).toBe(labels.causeOfPoverty.capital);
  });

  it("children: under 16 in poor and near-poor households, with their deprivations", async () => {
    const r = await api("district_admin", "GET", `${R}/children`);
    expect(r.status).toBe(200);
    const cat = new Map(counted(anywhere).map((a) => [a.household_id, a]));
    const kids = stored.members.filter((m) => 2025 - m.birth_year < 16 && cat.get(m.household_id)?.category === "poor");
    const f = (m: any) => JSON.parse(m.facts);
    expect(r.body.total.poor_children).toBe(kids.length);
    expect(r.body.total.poor_malnourished).toBe(
      where(kids, (m) => ["stunted", "underweight"].includes(f(m).nutrition)),
    );
    expect(r.body.total.poor_notInSchool).toBe(where(kids, (m) => 2025 - m.birth_year >= 3 && f(m).inSchool === false));
    expect(r.body.total.poor_noInsurance).toBe(
      where(kids, (m) => 2025 - m.birth_year >= 6 && f(m).healthInsurance === false),
    );
    const deprived = (m: any, code: string) =>
      stored.indicators.some(
        (i) => i.assessment_id === cat.get(m.household_id).id && i.code === code && i.deprived === 1,
      );
    expect(r.body.total.poor_noCleanWater).toBe(where(kids, (m) => deprived(m, "water")));
    expect(kids.length).toBeGreaterThan(0);
  });
});

describe("progress report", () => {
  it("counts listed, screened, surveyed and each stage per commune, with the last activity", async () => {
    const r = await api("district_admin", "GET", `${R}/progress`);
    expect(r.status).toBe(200);
    expect(r.body.subtotals).toEqual([]);
    const as = stored.assessments;
    const at = (states: string[]) => where(as, (a) => states.includes(a.state));
    expect(r.body.total).toMatchObject({
      listed: as.length,
      excluded: at(["excluded"]),
      screened: where(
        as,
        (a) =>
          ["request_01", "request_04"].includes(a.list_reason) &&
          (a.state === "excluded" || JSON.parse(a.answers ?? "{}").phieuA !== undefined),
      ),
      surveyed: where(as, (a) => a.first_saved_at !== null && a.state !== "excluded"),
      submitted: at(["submitted", "accepted", "agreed", "posted", "rechecking", "decided"]),
      accepted: at(["accepted", "agreed", "posted", "rechecking", "decided"]),
      agreed: at(["agreed", "posted", "rechecking", "decided"]),
      posted: at(["posted", "rechecking", "decided"]),
      decided: at(["decided"]),
      returned: at(["returned"]),
      rechecking: at(["rechecking"]),
      lastActivity: as
        .map((a) => a.updated_at)
        .sort()
        .at(-1),
    });
    expect(r.body.total.screened).toBeGreaterThan(0);
    const communeB = r.body.rows.find((x: any) => x.unitId === U.communeB);
    expect(communeB.decided).toBe(
      where(as, (a) => VILLAGE_COMMUNE[a.village_id] === U.communeB && a.state === "decided"),
    );
    expect(communeB.decided).toBe(communeB.listed - communeB.excluded);
    expect(r.body.columns.some((c: any) => c.key === "openAnomalies")).toBe(true);
    const asOfficer = await api("commune_officer", "GET", `${R}/progress`);
    expect(asOfficer.body.columns.some((c: any) => c.key === "openAnomalies")).toBe(false);
  });
});

describe("lists by name (forms 12–13)", () => {
  it("pages through every poor household with its members, in village and name order", async () => {
    const seen: any[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const r: any = await api("district_admin", "GET", `${R}/poor-list?limit=7${cursor ? `&cursor=${cursor}` : ""}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.rows);
      cursor = r.body.nextCursor;
      pages++;
      if (pages === 1) {
        const poor = counted(anywhere).filter((a) => a.category === "poor");
        expect(r.body.total).toEqual({ households: poor.length, persons: poor.reduce((s, a) => s + a.persons, 0) });
      }
    } while (cursor);
    const poor = counted(anywhere).filter((a) => a.category === "poor");
    expect(pages).toBeGreaterThan(1);
    expect(seen.map((h) => h.householdId).sort()).toEqual(poor.map((a) => a.household_id).sort());
    const one = seen[0];
    const ms = stored.members.filter((m) => m.household_id === one.householdId).sort((a, b) => a.position - b.position);
    expect(one.members.map((m: any) => m.fullName)).toEqual(ms.map((m) => m.full_name));
    expect(one.persons).toBe(ms.length);
    expect(seen.some((h) => h.supportNeeds.length > 0)).toBe(true);
    expect(seen.find((h) => h.supportNeeds.length > 0).supportNeeds[0]).toMatch(/[À-ỹ]/);
  });

  it("is personal data: readable by district and commune staff, not by province roles", async () => {
    expect((await api("commune_officer", "GET", `${R}/near-poor-list`)).status).toBe(200);
    expect((await api("province_viewer", "GET", `${R}/near-poor-list`)).status).toBe(403);
    expect((await api("province_viewer", "GET", `${R}/results`)).status).toBe(200);
  });
});

describe("access and bad input", () => {
  it("describes the report, export, signal and province routes in the OpenAPI document", async () => {
    const doc = await api(null, "GET", "/api/v1/openapi.json");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/tenants/{tenant}/campaigns/{campaign}/reports/{form}",
        "/api/v1/tenants/{tenant}/exports",
        "/api/v1/tenants/{tenant}/exports/{id}",
        "/api/v1/tenants/{tenant}/exports/{id}/download",
        "/api/v1/tenants/{tenant}/campaigns/{campaign}/anomalies",
        "/api/v1/tenants/{tenant}/campaigns/{campaign}/anomalies/{rule}/{subjectId}/check",
        "/api/v1/province/summary",
        "/api/v1/province/exports",
      ]),
    );
  });

  it("keeps users inside their scope and answers clearly for unknown things", async () => {
    expect((await api("commune_officer", "GET", `${R}/results?unitId=${U.communeB}`)).status).toBe(404);
    expect((await api("enumerator", "GET", `${R}/results?unitId=${U.communeA}`)).status).toBe(404);
    expect((await api("other_district_admin", "GET", `${R}/results`)).status).toBe(404);
    expect((await api("district_admin", "GET", `${T}/campaigns/${crypto.randomUUID()}/reports/results`)).status).toBe(
      404,
    );
    const badForm = await api("district_admin", "GET", `${R}/lists`);
    expect(badForm.status).toBe(400);
    expect(badForm.body.error.details[0].path).toBe("form");
    expect((await api("district_admin", "GET", `${R}/results?unitId=${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api("district_admin", "GET", `${R}/results?decidedOnly=yes`)).status).toBe(400);
    expect((await api("district_admin", "GET", `${R}/poor-list?cursor=xyz`)).status).toBe(400);
  });
});
