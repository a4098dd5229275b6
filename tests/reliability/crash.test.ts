// The server dies in the middle of a burst of writes: reviewers' devices send their outboxes
// (households created offline and saved again and again, then each household's review form saved
// twice and submitted; every write with its Idempotency-Key and base version) while `wrangler dev`
// and its workerd are killed with SIGKILL. It restarts on the same local state; before anything
// is replayed, every acknowledged write must be on disk; then the devices replay what they still
// hold, same keys and bodies, and in the end every write is stored exactly once, versions and
// audit entries count each write once, every village's audit chain verifies and the summary
// counters equal a recount.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { copyDistrict, type District, openDistrict, removeDistrict, TENANT } from "../../scripts/lib/district";
import { generateHouseholds } from "../../src/demo/synthetic";
import { deriveIndicators, getStandard } from "../../src/domain";
import { type LocalD1, openLocalD1 } from "./lib/local-d1";
import { Device, type OutboxItem } from "./lib/outbox";
import { counterMismatches } from "./lib/recount";
import { SHAPE, settings } from "./profile";

const T = `/api/v1/tenants/${TENANT}`;
let dir: string;
let district: District;
let devices: Device[];
let campaign: { id: string; standard: string; reviewDate: string };

beforeAll(async () => {
  dir = copyDistrict(inject("district"));
  district = await openDistrict({ dir, shape: SHAPE });
  campaign = await district.as("district_admin").must("POST", `${T}/campaigns`, { year: 2025, kind: "periodic" });
  devices = district.layout.reviewers
    .slice(0, settings.crashDevices)
    .map((reviewer, d) => new Device(reviewer.username, reviewer.token, outbox(d, reviewer.villageId)));
});

afterAll(async () => {
  await district?.stop();
  if (dir) removeDistrict(dir);
});

/**
 * A device's outbox, household after household: created, saved again and again (every save on
 * the version the last one made; every third changes the members), then its review form saved
 * twice and submitted.
 */
function outbox(device: number, villageId: string): OutboxItem[] {
  const standard = getStandard(campaign.standard)!;
  const households = generateHouseholds({
    seed: 1000 + device,
    count: settings.crashHouseholdsPerDevice,
    villageIds: [villageId],
    year: 2025,
  });
  return households.flatMap(({ monthlyIncomePerCapita: _income, ...h }) => {
    const items: OutboxItem[] = [
      {
        key: `thiet-bi-${device}-tao-${h.id}`,
        method: "POST",
        path: `${T}/households`,
        body: h,
        entity: "household",
        householdId: h.id,
        makesVersion: 1,
      },
    ];
    let members: unknown[] = h.members;
    for (let save = 1; save <= settings.crashSavesPerHousehold; save++) {
      const child = {
        fullName: `Con ${h.headName} ${save}`,
        sex: "female",
        birthYear: 2020,
        ethnicity: h.members[0]!.ethnicity,
        relationToHead: "child",
      };
      const changed = save % 3 === 0 ? { members: [...h.members, child] } : {};
      if (changed.members) members = changed.members;
      items.push({
        key: `thiet-bi-${device}-luu-${h.id}-${save}`,
        method: "PATCH",
        path: `${T}/households/${h.id}`,
        body: { address: `Xóm ${save}, ${h.address}`, ...changed, version: save },
        entity: "household",
        householdId: h.id,
        makesVersion: save + 1,
      });
    }
    // The form answers every indicator the household's facts leave open.
    const open = deriveIndicators(standard, { members, facts: h.facts } as never, campaign.reviewDate).filter(
      (d) => d.value === null,
    );
    const answers = (income: number) => ({
      monthlyIncomePerCapita: income,
      indicators: Object.fromEntries(open.map((d) => [d.code, false])),
    });
    const A = `${T}/campaigns/${campaign.id}/assessments/${h.id}`;
    items.push(
      {
        key: `thiet-bi-${device}-phieu-${h.id}-1`,
        method: "PUT",
        path: A,
        body: answers(1_100_000),
        entity: "assessment",
        householdId: h.id,
        makesVersion: 1,
      },
      {
        key: `thiet-bi-${device}-phieu-${h.id}-2`,
        method: "PUT",
        path: A,
        body: { ...answers(1_350_000), version: 1 },
        entity: "assessment",
        householdId: h.id,
        makesVersion: 2,
      },
      {
        key: `thiet-bi-${device}-gui-${h.id}`,
        method: "POST",
        path: `${A}/actions`,
        body: { action: "submit" },
        entity: "assessment",
        householdId: h.id,
        makesVersion: 3,
      },
    );
    return items;
  });
}

const acked = () => devices.reduce((n, d) => n + d.acks.length, 0);
const total = () => devices.reduce((n, d) => n + d.items.length, 0);

/** The stored record an item writes: its id (the audit's entity) and version. */
function stored(db: LocalD1, item: OutboxItem): { id: string; version: number } | undefined {
  return (
    item.entity === "household"
      ? db.tenant.prepare("SELECT id, version FROM households WHERE id = ?").get(item.householdId)
      : db.tenant
          .prepare("SELECT id, version FROM assessments WHERE household_id = ? AND campaign_id = ?")
          .get(item.householdId, campaign.id)
  ) as { id: string; version: number } | undefined;
}

/** Every acknowledged write is in the database: its record at least at the version the answer gave, its audit entries, its key. */
function expectAcknowledgedStored(db: LocalD1) {
  const audits = db.tenant.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ?");
  const key = db.tenant.prepare("SELECT status FROM idempotency WHERE key = ?");
  const lost: string[] = [];
  for (const device of devices) {
    const writesOf = new Map<string, number>();
    for (const ack of device.acks) {
      const row = stored(db, ack.item);
      if (!row || row.version < ack.item.makesVersion)
        lost.push(`${ack.item.key}: version ${row?.version ?? "none"} < ${ack.item.makesVersion}`);
      if (!key.get(ack.item.key)) lost.push(`${ack.item.key}: no idempotency record`);
      if (row) writesOf.set(row.id, (writesOf.get(row.id) ?? 0) + 1);
    }
    for (const [id, n] of writesOf) {
      const entries = (audits.get(id) as { n: number }).n;
      if (entries < n) lost.push(`${id}: ${entries} audit entries for ${n} acknowledged writes`);
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
    report.push(
      `after replay: ${acked()} of ${total()} acknowledged, ${replayed} answered from the idempotency record`,
    );
    console.log(`crash: ${report.join("; ")}`);

    const db = openLocalD1(district.state, district.layout.communes[0]!, district.layout.otherCommune);
    try {
      expectAcknowledgedStored(db);
      const items = devices.flatMap((d) => d.items);

      // Exactly once: every record at the version its last write made, one audit entry per write
      // (a review's first save also lists the household: one more), one idempotency record per key.
      const last = new Map<string, OutboxItem>();
      const writes = new Map<string, number>();
      for (const item of items) {
        last.set(`${item.entity}:${item.householdId}`, item);
        writes.set(`${item.entity}:${item.householdId}`, (writes.get(`${item.entity}:${item.householdId}`) ?? 0) + 1);
      }
      const wrong: string[] = [];
      for (const [k, item] of last) {
        const row = stored(db, item)!;
        const entries = (
          db.tenant.prepare("SELECT count(*) AS n FROM audit_log WHERE entity_id = ?").get(row.id) as { n: number }
        ).n;
        const expectedEntries = writes.get(k)! + (item.entity === "assessment" ? 1 : 0);
        if (row.version !== item.makesVersion || entries !== expectedEntries)
          wrong.push(
            `${k}: version ${row.version} (want ${item.makesVersion}), ${entries} audit entries (want ${expectedEntries})`,
          );
      }
      expect(wrong).toEqual([]);
      const households = db.tenant.prepare("SELECT count(*) AS n FROM households").get() as { n: number };
      expect(households.n).toBe(new Set(items.map((i) => i.householdId)).size);
      const submitted = db.tenant.prepare("SELECT count(*) AS n FROM assessments WHERE state = 'submitted'").get() as {
        n: number;
      };
      expect(submitted.n).toBe(items.filter((i) => i.path.endsWith("/actions")).length);
      const keys = db.tenant
        .prepare("SELECT count(*) AS n, count(DISTINCT key) AS distinctKeys FROM idempotency")
        .get() as { n: number; distinctKeys: number };
      expect(keys).toEqual({ n: items.length, distinctKeys: items.length });
      // Every summary counter (register and campaign) equals a recount of the records.
      expect(counterMismatches(db.tenant)).toEqual([]);
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
