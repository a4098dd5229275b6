// Falsification signals through the API on a seeded tenant with planted cases: each planted case
// is flagged with its reason, the clean ones around it are not; a district officer's check is
// recorded with a note, audited on the tenant chain, and counted out of the progress report.
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ANOMALY_THRESHOLDS as T } from "../../src/domain";
import { crossTenantDuplicates } from "../../src/reports/province";
import { CAMPAIGN_2024, CAMPAIGN_2025, loadIntoD1, seedTenant } from "../fixtures/seeded-tenant";
import { LUC_NGAN_VILLAGES } from "./fixtures";
import { api, U, type World, world } from "./world";

const T_ = "/api/v1/tenants/luc-ngan";
const A = `${T_}/campaigns/${CAMPAIGN_2025}/anomalies`;
const db = () => env.DB_LUC_NGAN;
const all = async (sql: string, ...args: unknown[]) =>
  (
    await db()
      .prepare(sql)
      .bind(...args)
      .all<any>()
  ).results;
let w: World;
const planted: Record<string, any> = {};

beforeAll(async () => {
  w = await world();
  const seeded = await seedTenant({
    seed: 23,
    households: 400,
    villages: LUC_NGAN_VILLAGES,
    reviewers: [w.userId.enumerator],
    decidedCommuneId: U.communeB,
  });
  await loadIntoD1(db(), seeded);
  const saved = await all(
    `SELECT id, household_id, village_id FROM assessments WHERE campaign_id = ? AND first_saved_at IS NOT NULL AND state <> 'excluded' ORDER BY id`,
    CAMPAIGN_2025,
  );
  const take = (n: number) => saved.splice(0, n);
  const run = (sql: string, ...args: unknown[]) =>
    db()
      .prepare(sql)
      .bind(...args)
      .run();

  // Overrides: one "reviewer" overrode every one of 12 forms.
  planted.overrides = take(12);
  for (const a of planted.overrides)
    await run("UPDATE assessments SET last_saved_by = ?, override_count = 2 WHERE id = ?", w.userId.supervisor, a.id);
  // Bulk: 12 new forms 40 seconds apart from 09:00 Vietnam time.
  planted.bulk = take(12);
  for (const [i, a] of planted.bulk.entries())
    await run(
      "UPDATE assessments SET last_saved_by = ?, first_saved_at = ? WHERE id = ?",
      w.userId.district_viewer,
      new Date(Date.parse("2025-10-20T02:00:00Z") + i * 40_000).toISOString(),
      a.id,
    );
  // Night: 6 forms from 23:00 Vietnam time, 10 minutes apart.
  planted.night = take(6);
  for (const [i, a] of planted.night.entries())
    await run(
      "UPDATE assessments SET last_saved_by = ?, first_saved_at = ? WHERE id = ?",
      w.userId.province_viewer,
      new Date(Date.parse("2025-10-21T16:00:00Z") + i * 600_000).toISOString(),
      a.id,
    );

  // Assets: a poor household with a car.
  const poor = await all(
    `SELECT a.id, a.household_id, h.facts FROM assessments a JOIN households h ON h.id = a.household_id WHERE a.campaign_id = ? AND a.category = 'poor' ORDER BY a.id`,
    CAMPAIGN_2025,
  );
  planted.car = poor[0];
  await run(
    "UPDATE households SET facts = json_set(facts, '$.ownsCar', json('true')) WHERE id = ?",
    planted.car.household_id,
  );

  // Results changed after the meeting: one after it (flag), one before it (clean).
  const posted = await all(
    `SELECT id, household_id, village_id FROM assessments WHERE campaign_id = ? AND state = 'posted' ORDER BY id LIMIT 2`,
    CAMPAIGN_2025,
  );
  planted.changed = posted[0];
  planted.changedBefore = posted[1];
  let seq = 0;
  for (const [a, at] of [
    [posted[0], "2025-10-25T03:00:00.000Z"],
    [posted[1], "2025-10-05T03:00:00.000Z"],
  ] as const) {
    await run(
      "UPDATE assessments SET agreed_at = '2025-10-10T03:00:00.000Z', posted_at = '2025-10-15T03:00:00.000Z', last_saved_at = '2025-10-25T03:00:00.000Z' WHERE id = ?",
      a.id,
    );
    await run(
      "INSERT INTO audit_log (id, chain, seq, at, actor_id, actor_name, actor_role, entity_type, entity_id, action, reason, changes, prev_hash, hash) VALUES (?, 'planted', ?, ?, ?, 'Hoàng Văn Bình', 'commune_officer', 'assessment', ?, 'save', NULL, ?, '', '')",
      crypto.randomUUID(),
      ++seq,
      at,
      w.userId.commune_officer,
      a.id,
      JSON.stringify([{ field: "result.category", before: "near_poor", after: "poor" }]),
    );
  }

  // One person (one ID hash) in two households.
  const withId =
    "SELECT m.id, m.id_hash, m.household_id FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active' WHERE m.id_hash IS NOT NULL";
  const [m1] = await all(`${withId} ORDER BY m.id LIMIT 1`);
  const [m2] = await all(`${withId} AND m.household_id <> ? ORDER BY m.id LIMIT 1`, m1.household_id);
  planted.person = { hash: m1.id_hash, households: [m1.household_id, m2.household_id] };
  await run("UPDATE members SET id_hash = ? WHERE id = ?", m1.id_hash, m2.id);

  // One person by name and birth date in a poor household and in another one; a namesake born
  // on another day is someone else.
  const [pm] = await all(
    `SELECT m.id, m.full_name, m.household_id FROM members m JOIN assessments a ON a.household_id = m.household_id AND a.campaign_id = ? AND a.category = 'poor' WHERE m.household_id <> ? ORDER BY m.id LIMIT 1`,
    CAMPAIGN_2025,
    planted.car.household_id,
  );
  const others = await all(
    "SELECT m.id, m.household_id FROM members m JOIN households h ON h.id = m.household_id AND h.status = 'active' WHERE m.household_id NOT IN (?, ?, ?) ORDER BY m.id DESC LIMIT 2",
    pm.household_id,
    m1.household_id,
    m2.household_id,
  );
  await run(
    "UPDATE members SET birth_year = 1984, facts = json_set(facts, '$.birthDate', '1984-03-02') WHERE id = ?",
    pm.id,
  );
  await run(
    "UPDATE members SET full_name = ?, birth_year = 1984, facts = json_set(facts, '$.birthDate', '1984-03-02') WHERE id = ?",
    pm.full_name,
    others[0].id,
  );
  await run(
    "UPDATE members SET full_name = ?, birth_year = 1984, facts = json_set(facts, '$.birthDate', '1984-05-05') WHERE id = ?",
    pm.full_name,
    others[1].id,
  );
  planted.namesake = {
    subject: [pm.id, others[0].id].sort()[0],
    households: [pm.household_id, others[0].household_id].sort(),
    name: pm.full_name,
  };

  // Village A2: last year's list was far longer than this year's.
  const a2 = await all(
    `SELECT id FROM assessments WHERE campaign_id = ? AND village_id = ? AND category <> 'poor' ORDER BY id LIMIT 25`,
    CAMPAIGN_2024,
    U.villageA2,
  );
  for (const a of a2) await run("UPDATE assessments SET category = 'poor' WHERE id = ?", a.id);
});

const list = async (query = "") => {
  const r = await api("district_admin", "GET", `${A}${query}`);
  expect(r.status).toBe(200);
  return r.body.items as any[];
};

describe("falsification signals", () => {
  it("flags exactly the poor and near-poor households whose assets do not fit, the planted car among them", async () => {
    const items = await list("?rule=assets_vs_category");
    const hs = await all(
      `SELECT a.id, a.category, h.facts, h.member_count, (SELECT count(*) FROM members m WHERE m.household_id = h.id AND json_extract(m.facts, '$.pension') = 1) AS pensioners
       FROM assessments a JOIN households h ON h.id = a.household_id WHERE a.campaign_id = ? AND a.category IN ('poor', 'near_poor')`,
      CAMPAIGN_2025,
    );
    const expected = hs
      .filter((h) => {
        const f = JSON.parse(h.facts);
        const area = f.houseFloorAreaM2;
        return (
          f.ownsCar ||
          f.ownsBusiness ||
          (area !== undefined && (area >= T.floorAreaM2 || area / h.member_count >= T.floorAreaPerPersonM2)) ||
          (f.productionLandM2 ?? 0) >= T.productionLandM2 ||
          (h.category === "poor" && h.pensioners > 0)
        );
      })
      .map((h) => h.id)
      .sort();
    expect(items.map((s) => s.subjectId).sort()).toEqual(expected);
    const car = items.find((s) => s.subjectId === planted.car.id);
    expect(car.reason).toMatch(/^Hộ .+ \(Thôn .+\) được xếp hộ nghèo nhưng có ô tô/);
    expect(car).toMatchObject({
      ruleLabel: "Tài sản không phù hợp với kết quả phân loại",
      status: "open",
      check: null,
      householdIds: [planted.car.household_id],
    });
    expect(hs.length).toBeGreaterThan(expected.length); // clean households exist and are not flagged
  });

  it("flags a result changed after the meeting, not one changed before it", async () => {
    const items = await list("?rule=changed_after_meeting");
    expect(items.map((s) => s.subjectId)).toEqual([planted.changed.id]);
    expect(items[0].reason).toContain(
      "đã đổi từ hộ cận nghèo thành hộ nghèo ngày 25/10/2025 (Hoàng Văn Bình), sau khi niêm yết ngày 15/10/2025. Không có khiếu nại nào về hộ được chấp nhận.",
    );
  });

  it("flags the reviewer with many overrides, the bulk entry and the night entry, and no ordinary reviewer", async () => {
    const overrides = await list("?rule=override_rate");
    expect(overrides.map((s) => s.subjectId)).toEqual([w.userId.supervisor]);
    expect(overrides[0].reason).toContain(
      "Rà soát viên supervisor đã ghi đè chỉ số tự xác định từ thông tin của hộ ở 12/12 phiếu (100%)",
    );
    const bulk = await list("?rule=bulk_entry");
    expect(bulk).toHaveLength(1);
    expect(bulk[0].subjectId).toBe(`${w.userId.district_viewer}@2025-10-20T02:00:00.000Z`);
    expect(bulk[0].householdIds.sort()).toEqual(planted.bulk.map((a: any) => a.household_id).sort());
    expect(bulk[0].reason).toContain("đã nhập 12 phiếu mới trong 7 phút (09:00–09:07 ngày 20/10/2025)");
    const night = await list("?rule=night_entry");
    expect(night.map((s) => s.subjectId)).toEqual([`${w.userId.province_viewer}@2025-10-21`]);
    expect(night[0].reason).toContain("đã nhập 6 phiếu mới trong đêm 21/10/2025 (23:00–23:50)");
  });

  it("flags one person in two households, and a person also registered in another tenant", async () => {
    const people = await list("?rule=duplicate_person");
    const dup = people.filter((s) => s.reason.includes("căn cước"));
    expect(dup.map((s) => s.subjectId)).toEqual([planted.person.hash]);
    const byName = people.filter((s) => s.reason.includes("ngày sinh"));
    expect(byName.map((s) => s.subjectId)).toEqual([planted.namesake.subject]);
    expect(byName[0].householdIds.sort()).toEqual(planted.namesake.households);
    expect(byName[0].reason).toContain(`${planted.namesake.name} (sinh năm 1984) có tên ở 2 hộ`);
    expect(dup[0].householdIds.sort()).toEqual([...planted.person.households].sort());
    expect(dup[0].reason).toMatch(/có tên ở 2 hộ: hộ .+, hộ .+, cùng một số căn cước công dân/);
    expect(dup[0].reason).not.toMatch(/\d{12}/);

    // Sơn Động's register has a person with the same ID number as one of Lục Ngạn's.
    const [m] = await all(
      "SELECT m.id_hash, m.full_name, m.birth_year, m.household_id FROM members m WHERE m.id_hash IS NOT NULL AND m.id_hash <> ? ORDER BY m.id LIMIT 1",
      planted.person.hash,
    );
    const hid = crypto.randomUUID();
    await env.DB_SON_DONG.batch([
      env.DB_SON_DONG.prepare(
        "INSERT INTO households (id, village_id, head_name, search_text, member_count, facts, created_at, updated_at) VALUES (?, ?, 'Ma Văn Thắng', 'ma van thang', 1, '{}', '2025-01-01', '2025-01-01')",
      ).bind(hid, U.villageC1),
      env.DB_SON_DONG.prepare(
        "INSERT INTO members (id, household_id, position, full_name, sex, birth_year, ethnicity, relation_to_head, id_hash) VALUES (?, ?, 0, ?, 'male', ?, 'tay', 'head', ?)",
      ).bind(crypto.randomUUID(), hid, m.full_name, m.birth_year, m.id_hash),
    ]);
    const found = await crossTenantDuplicates(env, "bac-giang");
    expect(found).toEqual([{ idHash: m.id_hash, tenants: ["luc-ngan", "son-dong"] }]);
    const stored = await env.REGISTRY.prepare("SELECT * FROM cross_tenant_people").all<any>();
    expect(stored.results).toEqual([
      expect.objectContaining({ province: "bac-giang", id_hash: m.id_hash, tenants: '["luc-ngan","son-dong"]' }),
    ]);
    const cross = await list("?rule=duplicate_person_tenants");
    expect(cross.map((s) => s.subjectId)).toEqual([m.id_hash]);
    expect(cross[0].householdIds).toEqual([m.household_id]);
    expect(cross[0].reason).toContain(`${m.full_name} (sinh năm ${m.birth_year}`);
    expect(cross[0].reason).toContain("trong sổ hộ của Huyện Sơn Động");
  });

  it("flags the village whose poverty rate fell far from last year's, not its neighbour", async () => {
    const items = await list("?rule=village_rate_change");
    expect(items.map((s) => s.subjectId)).toContain(U.villageA2);
    expect(items.map((s) => s.subjectId)).not.toContain(U.villageA1);
    expect(items.find((s) => s.subjectId === U.villageA2).reason).toMatch(
      /^Tỷ lệ hộ nghèo của Thôn Bản Ó là .+, năm trước .+: giảm .+ điểm phần trăm\./,
    );
  });

  it("records a district officer's check with a note, audited on the tenant chain, and counts it out of the progress report", async () => {
    const before = (await api("district_admin", "GET", `${T_}/campaigns/${CAMPAIGN_2025}/reports/progress`)).body.total
      .openAnomalies;
    expect(before).toBe((await list("?status=open")).length);

    const path = `${A}/assets_vs_category/${planted.car.id}/check`;
    expect((await api("district_viewer", "POST", path, { note: "x" })).status).toBe(403);
    expect((await api("district_admin", "POST", path, { note: "  " })).status).toBe(400);
    expect(
      (
        await api("district_admin", "POST", `${A}/assets_vs_category/${crypto.randomUUID()}/check`, {
          note: "Không có",
        })
      ).status,
    ).toBe(404);

    const r = await api(
      "district_admin",
      "POST",
      path,
      { note: "Đã xác minh: ô tô của con trai đã tách hộ." },
      { "Idempotency-Key": "check-1" },
    );
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      rule: "assets_vs_category",
      subjectId: planted.car.id,
      status: "checked",
      check: {
        note: "Đã xác minh: ô tô của con trai đã tách hộ.",
        by: w.userId.district_admin,
        byName: "district_admin",
      },
    });
    const again = await api(
      "district_admin",
      "POST",
      path,
      { note: "Đã xác minh: ô tô của con trai đã tách hộ." },
      { "Idempotency-Key": "check-1" },
    );
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");

    const item = (await list("?rule=assets_vs_category")).find((s) => s.subjectId === planted.car.id);
    expect(item).toMatchObject({
      status: "checked",
      check: { note: "Đã xác minh: ô tô của con trai đã tách hộ.", byName: "district_admin" },
    });
    expect((await list("?status=open")).some((s) => s.subjectId === planted.car.id)).toBe(false);
    expect(
      (await api("district_admin", "GET", `${T_}/campaigns/${CAMPAIGN_2025}/reports/progress`)).body.total
        .openAnomalies,
    ).toBe(before - 1);

    const updated = await api("district_admin", "POST", path, { note: "Kiểm tra lại: đúng." });
    expect(updated.body.id).toBe(r.body.id);
    const audit = await api("district_admin", "GET", `${T_}/audit?entityId=${r.body.id}`);
    expect(audit.body.items.map((e: any) => [e.chain, e.action])).toEqual([
      ["tenant", "check"],
      ["tenant", "recheck"],
    ]);
    expect(audit.body.items[1].changes).toEqual([
      { field: "note", before: "Đã xác minh: ô tô của con trai đã tách hộ.", after: "Kiểm tra lại: đúng." },
    ]);
    const verify = await api("district_admin", "GET", `${T_}/audit/verify`);
    expect(verify.body.chains.find((c: any) => c.chain === "tenant")).toMatchObject({ checked: 2, broken: null });
  });

  it("shows signals to district and province readers only, within the unit asked", async () => {
    expect((await api("commune_officer", "GET", A)).status).toBe(403);
    expect((await api("province_viewer", "GET", A)).status).toBe(200);
    const inB = await list(`?unitId=${U.communeB}`);
    expect(inB.every((s) => s.villageIds.includes(U.villageB1))).toBe(true);
    expect((await list()).length).toBeGreaterThan(inB.length);
  });
});
