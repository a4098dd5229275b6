import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { householdBody } from "./fixtures";
import { api, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";

describe("household register", () => {
  it("creates, reads with an ETag, and updates with a version check", async () => {
    await world();
    const created = await api("enumerator", "POST", `${T}/households`, householdBody());
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      villageId: U.villageA1,
      headName: "Nguyễn Văn An",
      version: 1,
      status: "active",
      category: null,
    });
    expect(created.body.members).toHaveLength(3);
    expect(created.body.members.every((m: any) => typeof m.id === "string")).toBe(true);
    expect(created.body.members[0]).toMatchObject({
      idNumber: "024075000123",
      healthInsurance: true,
      ethnicity: "tay",
    });
    expect(created.body.members[0]).not.toHaveProperty("idHash");

    const read = await api("commune_officer", "GET", `${T}/households/${created.body.id}`);
    expect(read.status).toBe(200);
    expect(read.headers.get("ETag")).toBe('"1"');
    expect(read.body.facts.dwelling).toEqual({
      wallMaterial: "earth",
      roofMaterial: "leaves_straw",
      livingAreaM2: 30,
      waterSource: "drilled_well",
    });

    const updated = await api(
      "enumerator",
      "PATCH",
      `${T}/households/${created.body.id}`,
      { address: "Xóm Dưới" },
      { "If-Match": '"1"' },
    );
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ address: "Xóm Dưới", version: 2 });
    expect(updated.headers.get("ETag")).toBe('"2"');

    const stale = await api("enumerator", "PATCH", `${T}/households/${created.body.id}`, {
      address: "Xóm Giữa",
      version: 1,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.code).toBe("conflict");
    expect(stale.body.current).toMatchObject({ address: "Xóm Dưới", version: 2 });
    const after = await api("enumerator", "GET", `${T}/households/${created.body.id}`);
    expect(after.body.address).toBe("Xóm Dưới");
  });

  it("hides ID numbers from those who may not see them", async () => {
    await world();
    const created = await api("enumerator", "POST", `${T}/households`, householdBody());
    const asSupervisor = await api("supervisor", "GET", `${T}/households/${created.body.id}`);
    expect(asSupervisor.status).toBe(200);
    expect(asSupervisor.body.members[0]).not.toHaveProperty("idNumber");
    const asOfficer = await api("commune_officer", "GET", `${T}/households/${created.body.id}`);
    expect(asOfficer.body.members[0].idNumber).toBe("024075000123");
  });

  it("names each bad field with its path", async () => {
    await world();
    const bad = householdBody() as any;
    bad.members[2].birthYear = 2999;
    bad.members[1].sex = "x";
    bad.members[0].idNumber = "12ab";
    bad.facts.dwelling.livingAreaM2 = -1;
    const r = await api("enumerator", "POST", `${T}/households`, bad);
    expect(r.status).toBe(400);
    expect(r.body.error.details.map((d: any) => d.path).sort()).toEqual([
      "facts.dwelling.livingAreaM2",
      "members.0.idNumber",
      "members.1.sex",
      "members.2.birthYear",
    ]);
    const invisible = await api("enumerator", "POST", `${T}/households`, {
      ...householdBody(),
      headName: "\u200b\u200c\u2060",
    });
    expect(invisible.status).toBe(400);
    expect(invisible.body.error.details.map((d: any) => d.path)).toEqual(["headName"]);
    const noVillage = await api("district_admin", "POST", `${T}/households`, householdBody(U.communeA));
    expect(noVillage.status).toBe(400);
    expect(noVillage.body.error.details[0].path).toBe("villageId");
  });

  it("keeps each user inside their scope and other tenants out", async () => {
    await world();
    const inB = await api("district_admin", "POST", `${T}/households`, householdBody(U.villageB1, "Trần Văn Bảo"));
    expect(inB.status).toBe(201);
    expect((await api("enumerator", "GET", `${T}/households/${inB.body.id}`)).status).toBe(404);
    expect(
      (await api("commune_officer", "PATCH", `${T}/households/${inB.body.id}`, { address: "x", version: 1 })).status,
    ).toBe(404);
    expect((await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA2))).status).toBe(404);
    expect((await api("other_district_admin", "GET", `${T}/households/${inB.body.id}`)).status).toBe(404);
    expect((await api("supervisor", "POST", `${T}/households`, householdBody())).status).toBe(403);
    expect((await api("province_admin", "GET", `${T}/households/${inB.body.id}`)).status).toBe(403);
  });

  it("searches names ignoring diacritics and case, by village and by category", async () => {
    await world();
    const a = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Nguyễn Văn Ân"));
    await api("district_admin", "POST", `${T}/households`, householdBody(U.villageA2, "Lương Thị Thu"));
    const found = await api("enumerator", "GET", `${T}/households?q=nguyen%20van%20an`);
    expect(found.status).toBe(200);
    expect(found.body.items.map((h: any) => h.id)).toContain(a.body.id);
    expect(found.body.items.every((h: any) => h.villageId === U.villageA1)).toBe(true);
    const byMember = await api(
      "commune_officer",
      "GET",
      `${T}/households?q=HOANG%20THI%20BINH&villageId=${U.villageA1}`,
    );
    expect(byMember.body.items.map((h: any) => h.id)).toContain(a.body.id);
    const thu = await api("commune_officer", "GET", `${T}/households?q=luong thu`);
    expect(thu.body.items.map((h: any) => h.headName)).toEqual(["Lương Thị Thu"]);
    await env.DB_LUC_NGAN.prepare("UPDATE households SET category = 'poor' WHERE id = ?").bind(a.body.id).run();
    const poor = await api("commune_officer", "GET", `${T}/households?category=poor`);
    expect(poor.body.items.map((h: any) => h.id)).toEqual([a.body.id]);
    const percent = await api("commune_officer", "GET", `${T}/households?q=%25`);
    expect(percent.body.items).toEqual([]);
  });

  it("applies an Idempotency-Key once and refuses the key for another body", async () => {
    await world();
    const key = crypto.randomUUID();
    const body = { ...householdBody(U.villageA1, "Đặng Văn Hải"), id: crypto.randomUUID() };
    const first = await api("enumerator", "POST", `${T}/households`, body, { "Idempotency-Key": key });
    const second = await api("enumerator", "POST", `${T}/households`, body, { "Idempotency-Key": key });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const count = await env.DB_LUC_NGAN.prepare(
      "SELECT count(*) AS n FROM households WHERE head_name = 'Đặng Văn Hải'",
    ).first<{ n: number }>();
    expect(count?.n).toBe(1);
    const other = await api(
      "enumerator",
      "POST",
      `${T}/households`,
      { ...body, address: "khác" },
      { "Idempotency-Key": key },
    );
    expect(other.status).toBe(409);

    const updKey = crypto.randomUUID();
    const u1 = await api(
      "enumerator",
      "PATCH",
      `${T}/households/${body.id}`,
      { address: "Mới", version: 1 },
      { "Idempotency-Key": updKey },
    );
    const u2 = await api(
      "enumerator",
      "PATCH",
      `${T}/households/${body.id}`,
      { address: "Mới", version: 1 },
      { "Idempotency-Key": updKey },
    );
    expect(u1.status).toBe(200);
    expect(u2).toMatchObject({ status: 200, body: u1.body });
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${body.id}`);
    expect(audit.body.items.map((e: any) => e.action)).toEqual(["create", "update"]);
  });

  it("moves a household to another village, keeping counters and history", async () => {
    await world();
    const h = await api("district_admin", "POST", `${T}/households`, householdBody(U.villageA1, "Vi Văn Mạnh"));
    const moved = await api("district_admin", "PATCH", `${T}/households/${h.body.id}`, {
      villageId: U.villageB1,
      version: 1,
      reason: "Chuyển nơi ở",
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ villageId: U.villageB1, version: 2 });
    const again = await api("district_admin", "PATCH", `${T}/households/${h.body.id}`, { address: "Tổ 3", version: 2 });
    expect(again.body).toMatchObject({ address: "Tổ 3", version: 3 });
    const history = await api("district_admin", "GET", `${T}/households/${h.body.id}/history`);
    expect(history.body.items).toEqual([
      expect.objectContaining({ kind: "move", fromVillageId: U.villageA1, toVillageId: U.villageB1 }),
    ]);
    const counters = await env.DB_LUC_NGAN.prepare(
      "SELECT unit_id, key, value FROM summary_counters WHERE scope = 'register'",
    ).all<any>();
    const recount = await env.DB_LUC_NGAN.prepare(
      "SELECT h.village_id AS unit_id, count(DISTINCT h.id) AS households, count(m.id) AS persons FROM households h LEFT JOIN members m ON m.household_id = h.id WHERE h.status = 'active' GROUP BY h.village_id",
    ).all<any>();
    for (const r of recount.results) {
      expect(counters.results.find((c: any) => c.unit_id === r.unit_id && c.key === "households")?.value).toBe(
        r.households,
      );
      expect(counters.results.find((c: any) => c.unit_id === r.unit_id && c.key === "persons")?.value).toBe(r.persons);
    }
  });

  it("splits a household and merges households, with history on both sides", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Nông Văn Dũng"));
    const child = h.body.members[2].id;
    const split = await api("enumerator", "POST", `${T}/households/${h.body.id}/split`, {
      memberIds: [child],
      newHousehold: { headName: "Nguyễn Văn Cường" },
      version: 1,
    });
    expect(split.status).toBe(201);
    expect(split.body.source.members).toHaveLength(2);
    expect(split.body.created.members.map((m: any) => m.id)).toEqual([child]);
    const all = await api("enumerator", "POST", `${T}/households/${h.body.id}/split`, {
      memberIds: split.body.source.members.map((m: any) => m.id),
      newHousehold: { headName: "X" },
      version: 2,
    });
    expect(all.status).toBe(400);

    const merged = await api("enumerator", "POST", `${T}/households/${split.body.created.id}/merge`, {
      intoId: h.body.id,
      intoVersion: 2,
      version: 1,
    });
    expect(merged.status).toBe(200);
    expect(merged.body.merged).toMatchObject({ status: "merged", mergedInto: h.body.id, members: [] });
    expect(merged.body.into.members).toHaveLength(3);
    const history = await api("enumerator", "GET", `${T}/households/${h.body.id}/history`);
    expect(history.body.items.map((e: any) => e.kind)).toEqual(["split", "merge"]);
    const edit = await api("enumerator", "PATCH", `${T}/households/${split.body.created.id}`, {
      address: "x",
      version: 2,
    });
    expect(edit.status).toBe(409);
  });
});

describe("audit chain", () => {
  it("records who changed which field, and detects a row changed behind the API's back", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Lục Văn Thắng"));
    await api("enumerator", "PATCH", `${T}/households/${h.body.id}`, {
      headName: "Lục Văn Thắm",
      version: 1,
      reason: "Sửa lỗi chính tả",
    });
    const log = await api("commune_officer", "GET", `${T}/audit?entityId=${h.body.id}`);
    expect(log.status).toBe(200);
    const update = log.body.items[1];
    expect(update).toMatchObject({
      action: "update",
      actorRole: "enumerator",
      actorName: "enumerator",
      reason: "Sửa lỗi chính tả",
    });
    expect(update.changes).toEqual(
      expect.arrayContaining([{ field: "headName", before: "Lục Văn Thắng", after: "Lục Văn Thắm" }]),
    );

    const clean = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageA1}`);
    expect(clean.body.ok).toBe(true);
    expect(clean.body.chains[0].checked).toBeGreaterThanOrEqual(2);

    await env.DB_LUC_NGAN.prepare("UPDATE audit_log SET reason = 'không có gì' WHERE id = ?").bind(update.id).run();
    const broken = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageA1}`);
    expect(broken.body.ok).toBe(false);
    expect(broken.body.chains[0].broken).toEqual({ seq: update.seq, id: update.id, problem: "hash_mismatch" });
  });
});
