// The server dies in the middle of a burst of saves: reviewers' devices send their outboxes
// (households created offline, then saved again and again, each write with its Idempotency-Key
// and base version) while `wrangler dev` and its workerd are killed with SIGKILL. It restarts on
// the same local state; before anything is replayed, every acknowledged write must be on disk;
// then the devices replay what they still hold, same keys and bodies, and in the end every write
// is stored exactly once, versions and audit entries count each write once, every village's
// audit chain verifies and the register's counters equal a recount.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { copyDistrict, type District, openDistrict, removeDistrict, TENANT } from "../../scripts/lib/district";
import { generateHouseholds } from "../../src/demo/synthetic";
import { type LocalD1, openLocalD1 } from "./lib/local-d1";
import { Device, type OutboxItem } from "./lib/outbox";
import { settings, SHAPE } from "./profile";

const T = `/api/v1/tenants/${TENANT}`;
let dir: string;
let district: District;
let devices: Device[];

beforeAll(async () => {
  dir = copyDistrict(inject("district"));
  district = await openDistrict({ dir, shape: SHAPE });
  devices = district.layout.reviewers.slice(0, settings.crashDevices).map((reviewer, d) => new Device(reviewer.username, reviewer.token, outbox(d, reviewer.villageId)));
});

afterAll(async () => {
  await district?.stop();
  if (dir) removeDistrict(dir);
});

/** A device's outbox: its households created, then each saved in turn, every save on the version the last one made. */
function outbox(device: number, villageId: string): OutboxItem[] {
  const households = generateHouseholds({ seed: 1000 + device, count: settings.crashHouseholdsPerDevice, villageIds: [villageId], year: 2025 });
  const items: OutboxItem[] = households.map(({ monthlyIncomePerCapita: _income, ...h }) => ({
    key: `thiet-bi-${device}-tao-${h.id}`,
    method: "POST",
    path: `${T}/households`,
    body: h,
    householdId: h.id,
    makesVersion: 1,
  }));
  for (let save = 1; save <= settings.crashSavesPerHousehold; save++) {
    for (const h of households) {
      // Every third save changes the members too (the persons counter moves with it).
      const members =
        save % 3 === 0
          ? { members: [...h.members, { fullName: `Con ${h.headName} ${save}`, sex: "female", birthYear: 2020, ethnicity: h.members[0]!.ethnicity, relationToHead: "child" }] }
          : {};
      items.push({
        key: `thiet-bi-${device}-luu-${h.id}-${save}`,
        method: "PATCH",
        path: `${T}/households/${h.id}`,
        body: { address: `Xóm ${save}, ${h.address}`, ...members, version: save },
        householdId: h.id,
        makesVersion: save + 1,
      });
    }
  }
  return items;
}

const acked = () => devices.reduce((n, d) => n + d.acks.length, 0);
const total = () => devices.reduce((n, d) => n + d.items.length, 0);

/** Every acknowledged write is in the database: the household at least at the version the answer gave, its audit entries, its key. */
function expectAcknowledgedStored(db: LocalD1) {
  const version = db.tenant.prepare("SELECT version FROM households WHERE id = ?");
  const audits = db.tenant.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ?");
  const key = db.tenant.prepare("SELECT status FROM idempotency WHERE key = ?");
  const lost: string[] = [];
  for (const device of devices) {
    const writesOf = new Map<string, number>();
    for (const ack of device.acks) {
      const id = ack.item.householdId;
      writesOf.set(id, (writesOf.get(id) ?? 0) + 1);
      const row = version.get(id) as { version: number } | undefined;
      if (!row || row.version < ack.item.makesVersion) lost.push(`${ack.item.key}: version ${row?.version ?? "none"} < ${ack.item.makesVersion}`);
      if (!key.get(ack.item.key)) lost.push(`${ack.item.key}: no idempotency record`);
    }
    for (const [id, n] of writesOf) {
      const stored = (audits.get(id) as { n: number }).n;
      if (stored < n) lost.push(`${id}: ${stored} audit entries for ${n} acknowledged writes`);
    }
  }
  expect(lost).toEqual([]);
}

describe("a crash in the middle of a write burst", () => {
  it("loses no acknowledged write, duplicates none, and keeps the audit chains and counters right", async () => {
    const report: string[] = [];
    for (let kill = 1; kill <= settings.crashKills; kill++) {
      // Kill when a further share of what is left has been acknowledged (a third, then a half, …).
      const target = acked() + Math.ceil((total() - acked()) / (kill + 2));
      let stopped = false;
      const sending = devices.map((d) => d.drain(district.base));
      void Promise.all(sending).then(() => (stopped = true));
      while (acked() < target && !stopped) await new Promise((r) => setTimeout(r, 5));
      expect(devices.flatMap((d) => d.refusals)).toEqual([]);
      const inFlight = devices.filter((d) => d.sent > d.acks.length + d.refusals.length).length;
      await district.server.kill();
      const outcomes = await Promise.all(sending);
      expect(outcomes.every((o) => o === "network" || o === "empty")).toBe(true);
      report.push(`kill ${kill}: ${acked()} of ${total()} writes acknowledged, ${inFlight} in flight`);

      district = await openDistrict({ dir, shape: SHAPE });
      const db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
      try {
        expectAcknowledgedStored(db);
      } finally {
        db.close();
      }
    }

    // The devices replay what they still hold until their outboxes are empty.
    const outcomes = await Promise.all(devices.map((d) => d.drain(district.base)));
    expect(devices.flatMap((d) => d.refusals)).toEqual([]);
    expect(outcomes.every((o) => o === "empty")).toBe(true);
    const replayed = devices.flatMap((d) => d.acks).filter((a) => a.replayed).length;
    report.push(`after replay: ${acked()} of ${total()} acknowledged, ${replayed} answered from the idempotency record`);
    console.log(`crash: ${report.join("; ")}`);

    const db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
    try {
      expectAcknowledgedStored(db);
      const items = devices.flatMap((d) => d.items);
      const lastOf = new Map<string, OutboxItem>();
      for (const item of items) lastOf.set(item.householdId, item);

      // Exactly once: one row per household, at the version its last write made, with one audit entry per write.
      const households = db.tenant.prepare("SELECT id, version, address, member_count FROM households").all() as { id: string; version: number; address: string; member_count: number }[];
      expect(households.length).toBe(lastOf.size);
      for (const h of households) {
        const last = lastOf.get(h.id)!;
        expect({ id: h.id, version: h.version, address: h.address }).toEqual({ id: h.id, version: last.makesVersion, address: (last.body as { address: string }).address });
      }
      const writesPerHousehold = db.tenant.prepare("SELECT entity_id, count(*) AS n FROM audit_log GROUP BY entity_id").all() as { entity_id: string; n: number }[];
      const expected = new Map<string, number>();
      for (const item of items) expected.set(item.householdId, (expected.get(item.householdId) ?? 0) + 1);
      expect(Object.fromEntries(writesPerHousehold.map((r) => [r.entity_id, r.n]))).toEqual(Object.fromEntries(expected));
      const keys = db.tenant.prepare("SELECT count(*) AS n, count(DISTINCT key) AS distinctKeys FROM idempotency").get() as { n: number; distinctKeys: number };
      expect(keys).toEqual({ n: items.length, distinctKeys: items.length });

      // The village counters equal a recount of the register.
      const counters = db.tenant.prepare("SELECT unit_id, key, value FROM summary_counters WHERE scope = 'register' AND value != 0 ORDER BY unit_id, key").all();
      const recount = db.tenant
        .prepare(
          `SELECT village_id AS unit_id, 'households' AS key, count(*) AS value FROM households WHERE status = 'active' GROUP BY village_id
           UNION ALL SELECT h.village_id, 'persons', count(*) FROM members m JOIN households h ON h.id = m.household_id WHERE h.status = 'active' GROUP BY h.village_id
           ORDER BY unit_id, key`,
        )
        .all();
      expect(counters).toEqual(recount);
    } finally {
      db.close();
    }

    // Every village's audit chain verifies.
    const admin = district.as("district_admin");
    for (const villageId of district.layout.villages.flat()) {
      const verify = await admin.must("GET", `${T}/audit/verify?villageId=${villageId}`);
      expect(verify.ok, JSON.stringify(verify)).toBe(true);
    }
  });
});
