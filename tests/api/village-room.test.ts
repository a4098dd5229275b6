// The VillageRoom under concurrency, and its live channel (presence, soft locks, changes).
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { householdBody } from "./fixtures";
import { api, ORIGIN, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";

describe("concurrent updates", () => {
  it("applies exactly one of 20 simultaneous updates with the same base version; 19 get 409 with the current record", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Triệu Văn Sơn"));
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        api("enumerator", "PATCH", `${T}/households/${h.body.id}`, { address: `Địa chỉ ${i}`, version: 1 }),
      ),
    );
    const ok = answers.filter((a) => a.status === 200);
    const conflicts = answers.filter((a) => a.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const c of conflicts) expect(c.body.current).toMatchObject({ version: 2, address: ok[0]!.body.address });
    const stored = await api("enumerator", "GET", `${T}/households/${h.body.id}`);
    expect(stored.body).toMatchObject({ version: 2, address: ok[0]!.body.address });
    const audit = await api("district_admin", "GET", `${T}/audit?entityId=${h.body.id}`);
    expect(audit.body.items.filter((e: any) => e.action === "update")).toHaveLength(1);
  });

  it("keeps every one of many concurrent creates in one village, with a valid chain and exact counters", async () => {
    await world();
    const before = await env.DB_LUC_NGAN.prepare(
      "SELECT coalesce(sum(value), 0) AS n FROM summary_counters WHERE scope = 'register' AND unit_id = ? AND key = 'households'",
    )
      .bind(U.villageA2)
      .first<{ n: number }>();
    const created = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api("district_admin", "POST", `${T}/households`, householdBody(U.villageA2, `Hộ số ${i}`)),
      ),
    );
    expect(created.every((c) => c.status === 201)).toBe(true);
    const after = await env.DB_LUC_NGAN.prepare(
      "SELECT value AS n FROM summary_counters WHERE scope = 'register' AND unit_id = ? AND key = 'households'",
    )
      .bind(U.villageA2)
      .first<{ n: number }>();
    expect(after!.n - before!.n).toBe(30);
    const verify = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageA2}`);
    expect(verify.body.ok).toBe(true);
  });
});

describe("writes committed together", () => {
  it("answers each of many concurrent writes on its own when one in their group fails: a stale version, a key sent twice", async () => {
    await world();
    const hs = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        api("district_admin", "POST", `${T}/households`, householdBody(U.villageB1, `Hộ nhóm ${i}`)),
      ),
    );
    expect(hs.every((h) => h.status === 201)).toBe(true);
    const patch = (i: number, version: number, key?: string) =>
      api(
        "district_admin",
        "PATCH",
        `${T}/households/${hs[i]!.body.id}`,
        { address: `Tổ ${i}`, version },
        key ? { "Idempotency-Key": key } : {},
      );
    // Households 9 and 11 are changed with the same Idempotency-Key: one request must win it.
    const answers = await Promise.all([
      ...Array.from({ length: 9 }, (_, i) => patch(i, 1)),
      patch(9, 1, "nhom-khoa"),
      patch(10, 7),
      patch(11, 1, "nhom-khoa"),
    ]);
    expect(answers.slice(0, 9).map((a) => a.status)).toEqual(Array(9).fill(200));
    expect(answers[10]).toMatchObject({ status: 409, body: { current: { version: 1 } } }); // stale: it is at version 1
    expect([answers[9]!.status, answers[11]!.status].sort()).toEqual([200, 409]);
    const winner = answers[9]!.status === 200 ? 9 : 11;
    const stored = await Promise.all(hs.map((h) => api("district_admin", "GET", `${T}/households/${h.body.id}`)));
    expect(stored.map((h) => h.body.version)).toEqual(hs.map((_, i) => (i < 9 || i === winner ? 2 : 1)));
    const verify = await api("district_admin", "GET", `${T}/audit/verify?villageId=${U.villageB1}`);
    expect(verify.body.ok).toBe(true);
    const updates = await env.DB_LUC_NGAN.prepare(
      "SELECT count(*) AS n FROM audit_log WHERE action = 'update' AND entity_id IN (SELECT value FROM json_each(?))",
    )
      .bind(JSON.stringify(hs.map((h) => h.body.id)))
      .first<{ n: number }>();
    expect(updates!.n).toBe(10);
  });
});

interface Socket {
  ws: WebSocket;
  messages: any[];
  next(type: string, where?: (m: any) => boolean): Promise<any>;
}

async function connect(token: string, villageId: string): Promise<Socket> {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${T}/villages/${villageId}/live`, {
      headers: { Upgrade: "websocket", Authorization: `Bearer ${token}` },
    }),
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: any[] = [];
  const waiters: { type: string; where: (m: any) => boolean; resolve: (m: any) => void }[] = [];
  ws.addEventListener("message", (e) => {
    const m = JSON.parse(e.data as string);
    messages.push(m);
    for (const w of [...waiters])
      if (w.type === m.type && w.where(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
  });
  return {
    ws,
    messages,
    next: (type, where = () => true) => {
      const seen = messages.find((m) => m.type === type && where(m));
      if (seen) {
        messages.splice(messages.indexOf(seen), 1);
        return Promise.resolve(seen);
      }
      return new Promise((resolve) => waiters.push({ type, where, resolve }));
    },
  };
}

describe("live village channel", () => {
  it("tells both subscribers of a committed change and shows both in presence", async () => {
    const w = await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Hà Văn Tài"));
    const a = await connect(w.token.enumerator, U.villageA1);
    const b = await connect(w.token.commune_officer, U.villageA1);
    await a.next("welcome");
    const presence = await b.next("presence", (m) => m.users.length === 2);
    expect(presence.users.map((u: any) => u.name).sort()).toEqual(["commune_officer", "enumerator"]);

    a.ws.send(JSON.stringify({ type: "view", householdId: h.body.id }));
    const viewing = await b.next("presence", (m) => m.users.some((u: any) => u.viewing === h.body.id));
    expect(viewing.users.find((u: any) => u.name === "enumerator").viewing).toBe(h.body.id);

    await api("commune_officer", "PATCH", `${T}/households/${h.body.id}`, { address: "Đổi qua API", version: 1 });
    for (const s of [a, b]) {
      const change = await s.next("change", (m) => m.id === h.body.id);
      expect(change).toMatchObject({
        entity: "household",
        action: "update",
        version: 2,
        by: { name: "commune_officer" },
      });
    }
    a.ws.close();
    b.ws.close();
  });

  it("holds a soft lock until its alarm expires it", async () => {
    const w = await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Vi Thị Mai"));
    const editor = await connect(w.token.enumerator, U.villageA1);
    const watcher = await connect(w.token.supervisor, U.villageA1);
    editor.ws.send(JSON.stringify({ type: "edit", householdId: h.body.id, ttlSeconds: 60 }));
    const locked = await watcher.next("locks", (m) => m.locks.length > 0);
    expect(locked.locks).toEqual([expect.objectContaining({ householdId: h.body.id, name: "enumerator" })]);
    const shown = await watcher.next("presence", (m) => m.users.some((u: any) => u.editing === h.body.id));
    expect(shown.users.find((u: any) => u.editing === h.body.id).name).toBe("enumerator");

    // Let the lock's time run out, then run the alarm the room scheduled for it.
    const stub = env.VILLAGE_ROOM.get(env.VILLAGE_ROOM.idFromName(`luc-ngan:${U.villageA1}`));
    await runInDurableObject(stub, async (_room, state) => {
      const lock = await state.storage.get<any>(`lock:${h.body.id}`);
      await state.storage.put(`lock:${h.body.id}`, { ...lock, expiresAt: new Date(Date.now() - 1000).toISOString() });
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const released = await watcher.next("locks", (m) => m.locks.length === 0);
    expect(released.locks).toEqual([]);
    editor.ws.close();
    watcher.ws.close();
  });

  it("refuses a plain request and a village outside the user's scope", async () => {
    const w = await world();
    const plain = await api("enumerator", "GET", `${T}/villages/${U.villageA1}/live`);
    expect(plain.status).toBe(400);
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/villages/${U.villageB1}/live`, {
        headers: { Upgrade: "websocket", Authorization: `Bearer ${w.token.enumerator}` },
      }),
    );
    expect(res.status).toBe(404);
  });
});
