import { describe, expect, it } from "vitest";
import { api, isEnvelope, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const code = () => `T${crypto.randomUUID().slice(0, 8)}`;

describe("units", () => {
  it("creates a commune whose area follows its kind, and a village that takes its commune's area", async () => {
    await world();
    const ward = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Phường Thử",
      level: "commune",
      kind: "phuong",
    });
    expect(ward.status).toBe(201);
    expect(ward.body).toMatchObject({ level: "commune", area: "urban", parentId: null, version: 1, validTo: null });
    const xa = await api("district_admin", "POST", `${T}/units`, { code: code(), name: "Xã Thử", level: "commune" });
    expect(xa.body.area).toBe("rural");
    const village = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Tổ dân phố 1",
      level: "village",
      parentId: ward.body.id,
    });
    expect(village.status).toBe(201);
    expect(village.body).toMatchObject({ level: "village", area: "urban", parentId: ward.body.id });
    const read = await api("enumerator", "GET", `${T}/units/${U.villageA1}`);
    expect(read.status).toBe(200);
    expect(read.headers.get("ETag")).toBe('"1"');
  });

  it("accepts a client-made id (offline entry) and refuses it twice", async () => {
    await world();
    const id = crypto.randomUUID();
    const first = await api("district_admin", "POST", `${T}/units`, {
      id,
      code: code(),
      name: "Xã Có Mã",
      level: "commune",
    });
    expect(first.status).toBe(201);
    expect(first.body.id).toBe(id);
    const again = await api("district_admin", "POST", `${T}/units`, {
      id,
      code: code(),
      name: "Xã Có Mã",
      level: "commune",
    });
    expect(again.status).toBe(409);
  });

  it("applies a create or change sent twice with the same Idempotency-Key once", async () => {
    await world();
    const key = { "Idempotency-Key": crypto.randomUUID() };
    const body = { code: code(), name: "Xã Gửi Hai Lần", level: "commune" };
    const first = await api("district_admin", "POST", `${T}/units`, body, key);
    const second = await api("district_admin", "POST", `${T}/units`, body, key);
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(second.headers.get("Idempotent-Replayed")).toBe("true");
    const other = await api("district_admin", "POST", `${T}/units`, { ...body, name: "Khác" }, key);
    expect(other.status).toBe(409);
    const patchKey = { "Idempotency-Key": crypto.randomUUID() };
    const p1 = await api(
      "district_admin",
      "PATCH",
      `${T}/units/${first.body.id}`,
      { name: "Xã Đổi Tên", version: 1 },
      patchKey,
    );
    const p2 = await api(
      "district_admin",
      "PATCH",
      `${T}/units/${first.body.id}`,
      { name: "Xã Đổi Tên", version: 1 },
      patchKey,
    );
    expect(p1.body.version).toBe(2);
    expect(p2).toMatchObject({ status: 200, body: { version: 2 } });
    const read = await api("district_admin", "GET", `${T}/units/${first.body.id}`);
    expect(read.body.version).toBe(2);
  });

  it("audits every change of a unit in the tenant's chain", async () => {
    await world();
    const c = await api("district_admin", "POST", `${T}/units`, { code: code(), name: "Xã Ghi Vết", level: "commune" });
    await api("district_admin", "PATCH", `${T}/units/${c.body.id}`, { name: "Xã Đã Đổi", version: 1 });
    const log = await api("district_viewer", "GET", `${T}/audit?entityId=${c.body.id}`);
    expect(log.body.items.map((e: any) => [e.action, e.chain, e.actorRole])).toEqual([
      ["create", "tenant", "district_admin"],
      ["update", "tenant", "district_admin"],
    ]);
    expect(log.body.items[1].changes).toEqual(
      expect.arrayContaining([{ field: "name", before: "Xã Ghi Vết", after: "Xã Đã Đổi" }]),
    );
    const verify = await api("district_admin", "GET", `${T}/audit/verify`);
    expect(verify.body.chains.find((ch: any) => ch.chain === "tenant")).toMatchObject({ broken: null });
    expect(verify.body.ok).toBe(true);
  });

  it("names each bad field", async () => {
    await world();
    const orphan = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Thôn mồ côi",
      level: "village",
    });
    expect(orphan.status).toBe(400);
    expect(orphan.body.error.details).toEqual([expect.objectContaining({ path: "parentId" })]);
    const wrongKind = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Xã",
      level: "commune",
      kind: "thon",
      parentId: U.communeA,
    });
    expect(wrongKind.body.error.details.map((d: any) => d.path).sort()).toEqual(["kind", "parentId"]);
    const underVillage = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Xóm",
      level: "village",
      parentId: U.villageA1,
    });
    expect(underVillage.body.error.details).toEqual([expect.objectContaining({ path: "parentId" })]);
    const badTypes = await api("district_admin", "POST", `${T}/units`, {
      code: 12,
      name: "",
      level: "village",
      parentId: "not-a-uuid",
      area: "city",
    });
    expect(badTypes.body.error.details.map((d: any) => d.path).sort()).toEqual(["area", "code", "name", "parentId"]);
  });

  it("refuses a code already used", async () => {
    await world();
    const r = await api("district_admin", "POST", `${T}/units`, { code: "07459", name: "Trùng mã", level: "commune" });
    expect(r.status).toBe(409);
    expect(isEnvelope(r, "conflict")).toBe(true);
  });

  it("renames with a version check and answers 409 with the current unit when stale", async () => {
    await world();
    const c = await api("district_admin", "POST", `${T}/units`, { code: code(), name: "Xã Cũ", level: "commune" });
    const renamed = await api(
      "district_admin",
      "PATCH",
      `${T}/units/${c.body.id}`,
      { name: "Xã Mới" },
      { "If-Match": '"1"' },
    );
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Xã Mới", version: 2 });
    const stale = await api("district_admin", "PATCH", `${T}/units/${c.body.id}`, { name: "Xã Khác", version: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.current).toMatchObject({ name: "Xã Mới", version: 2 });
    const noVersion = await api("district_admin", "PATCH", `${T}/units/${c.body.id}`, { name: "Xã Khác" });
    expect(noVersion.status).toBe(400);
    expect(noVersion.body.error.details[0].path).toBe("version");
  });

  it("carries a commune's new area down to its villages, and moves a village with its new commune's area", async () => {
    await world();
    const c = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Xã Sắp Lên Phường",
      level: "commune",
    });
    const v = await api("district_admin", "POST", `${T}/units`, {
      code: code(),
      name: "Thôn 1",
      level: "village",
      parentId: c.body.id,
    });
    const up = await api("district_admin", "PATCH", `${T}/units/${c.body.id}`, {
      area: "urban",
      kind: "phuong",
      version: 1,
    });
    expect(up.body).toMatchObject({ area: "urban", kind: "phuong" });
    const village = await api("district_admin", "GET", `${T}/units/${v.body.id}`);
    expect(village.body).toMatchObject({ area: "urban", version: 2 });
    const moved = await api("district_admin", "PATCH", `${T}/units/${v.body.id}`, { parentId: U.communeA, version: 2 });
    expect(moved.body).toMatchObject({ parentId: U.communeA, area: "rural", version: 3 });
    const villageArea = await api("district_admin", "PATCH", `${T}/units/${v.body.id}`, { area: "urban", version: 3 });
    expect(villageArea.status).toBe(400);
    expect(villageArea.body.error.details[0].path).toBe("area");
  });

  it("shows each user only their own unit and what is under it", async () => {
    await world();
    const officer = await api("commune_officer", "GET", `${T}/units?limit=500`);
    expect(officer.status).toBe(200);
    const seen = new Set(officer.body.items.map((u: any) => u.id));
    expect(seen.has(U.communeA) && seen.has(U.villageA1) && seen.has(U.villageA2)).toBe(true);
    expect(seen.has(U.communeB) || seen.has(U.villageB1)).toBe(false);
    const enumerator = await api("enumerator", "GET", `${T}/units`);
    expect(enumerator.body.items.map((u: any) => u.id)).toEqual([U.villageA1]);
    expect((await api("commune_officer", "GET", `${T}/units/${U.villageB1}`)).status).toBe(404);
    expect((await api("enumerator", "GET", `${T}/units?parentId=${U.communeB}`)).status).toBe(404);
  });

  it("filters one level with parentId and pages with a cursor", async () => {
    await world();
    const villages = await api("district_admin", "GET", `${T}/units?parentId=${U.communeA}`);
    expect(villages.body.items.map((u: any) => u.name)).toEqual(
      expect.arrayContaining(["Thôn Bản Ó", "Thôn Khuôn Thần"]),
    );
    expect(villages.body.items.every((u: any) => u.parentId === U.communeA && u.level === "village")).toBe(true);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const q = `${T}/units?limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const p: any = await api("district_admin", "GET", q);
      expect(p.body.items.length).toBeLessThanOrEqual(2);
      all.push(...p.body.items.map((u: any) => u.id));
      cursor = p.body.nextCursor;
    } while (cursor);
    const whole = await api("district_admin", "GET", `${T}/units?limit=500`);
    expect(all).toEqual(whole.body.items.map((u: any) => u.id));
    expect(new Set(all).size).toBe(all.length);
    const bad = await api("district_admin", "GET", `${T}/units?cursor=@@@`);
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe("cursor");
  });

  it("lets only district admins change units", async () => {
    await world();
    for (const who of ["commune_officer", "enumerator", "supervisor", "district_viewer", "province_viewer"] as const) {
      const r = await api(who, "POST", `${T}/units`, {
        code: code(),
        name: "Thôn",
        level: "village",
        parentId: U.communeA,
      });
      expect(r.status, who).toBe(403);
    }
  });
});
