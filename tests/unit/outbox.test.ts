// The web app's outbox (web/src/sync/engine.ts) against a small fake of the register API that
// keeps versions and idempotency keys the way the Worker does, over a network that can be cut or
// can lose answers.
import { describe, expect, it } from "vitest";
import {
  diffFields,
  mergeChoice,
  Outbox,
  type OutboxEntry,
  type OutboxStore,
  type Transport,
  tally,
} from "../../web/src/sync/engine";

class MemoryStore implements OutboxStore {
  rows = new Map<string, OutboxEntry>();
  async all() {
    return [...this.rows.values()].map((e) => structuredClone(e));
  }
  async put(e: OutboxEntry) {
    this.rows.set(e.id, structuredClone(e));
  }
  async delete(id: string) {
    this.rows.delete(id);
  }
}

interface Rec {
  id: string;
  version: number;
  [k: string]: unknown;
}

/** The server: records with versions, answers remembered per Idempotency-Key. */
class FakeServer {
  records = new Map<string, Rec>();
  answers = new Map<string, { status: number; body: unknown; hash: string }>();
  applied = 0;
  /** Network state: "up", "down" (nothing arrives) or "lose-answer" (arrives, answer lost). */
  network: "up" | "down" | "lose-answer" = "up";
  failNext: number | null = null;

  transport: Transport = async ({ method, path, body, headers }) => {
    if (this.network === "down") throw new TypeError("Failed to fetch");
    const answer = this.handle(method, path, body as Record<string, unknown>, headers);
    if (this.network === "lose-answer") throw new TypeError("network changed");
    return answer;
  };

  private handle(method: string, path: string, body: Record<string, unknown>, headers: Record<string, string>) {
    if (this.failNext !== null) {
      const status = this.failNext;
      this.failNext = null;
      return { status, body: { error: { code: "x", message: "Lỗi thử" } } };
    }
    const key = headers["Idempotency-Key"]!;
    const hash = JSON.stringify([method, path, body, headers["If-Match"]]);
    const seen = this.answers.get(key);
    if (seen)
      return seen.hash === hash
        ? seen
        : { status: 409, body: { error: { code: "conflict", message: "Khoá đã dùng" } } };
    const id = path.split("/").at(-1)!;
    let answer: { status: number; body: unknown };
    if (method === "POST") {
      const rec: Rec = { ...body, id: body.id as string, version: 1 };
      this.records.set(rec.id, rec);
      this.applied++;
      answer = { status: 201, body: rec };
    } else if (method === "PUT" && !this.records.has(id) && headers["If-Match"] === undefined) {
      // The first save of a record made by PUT needs no version.
      const rec: Rec = { ...body, id, version: 1 };
      this.records.set(id, rec);
      this.applied++;
      answer = { status: 200, body: rec };
    } else {
      const rec = this.records.get(id);
      const base = Number((headers["If-Match"] ?? "").replace(/"/g, ""));
      if (!rec) answer = { status: 404, body: { error: { code: "not_found", message: "Không tìm thấy" } } };
      else if (rec.version !== base)
        return { status: 409, body: { error: { code: "conflict", message: "Đã đổi" }, current: rec } };
      else {
        const next: Rec = { ...rec, ...body, id, version: rec.version + 1 };
        this.records.set(id, next);
        this.applied++;
        answer = { status: 200, body: next };
      }
    }
    this.answers.set(key, { ...answer, hash });
    return answer;
  }
}

function setup() {
  const server = new FakeServer();
  const store = new MemoryStore();
  let n = 0;
  const outbox = new Outbox(
    store,
    server.transport,
    () => `key-${++n}`,
    () => new Date("2025-10-01T08:00:00Z"),
  );
  return { server, store, outbox };
}

const create = (id: string, headName: string) => ({
  entityKey: `household:${id}`,
  method: "POST" as const,
  path: "/households",
  body: { id, headName },
  baseVersion: null,
  versioned: false,
  label: headName,
});
const update = (id: string, body: Record<string, unknown>, baseVersion: number) => ({
  entityKey: `household:${id}`,
  method: "PATCH" as const,
  path: `/households/${id}`,
  body,
  baseVersion,
  versioned: true,
  label: id,
});

describe("outbox", () => {
  it("keeps changes made offline and sends them once when the network returns", async () => {
    const { server, outbox } = setup();
    server.network = "down";
    await outbox.add(create("h1", "Nguyễn Văn An"));
    const offline = await outbox.flush();
    expect(offline.interrupted).toBe("offline");
    expect(tally(await outbox.entries())).toMatchObject({ pending: 1, sent: 0 });
    expect(server.applied).toBe(0);

    server.network = "up";
    const online = await outbox.flush();
    expect(online.interrupted).toBeNull();
    expect(server.records.get("h1")).toMatchObject({ headName: "Nguyễn Văn An", version: 1 });
    expect(tally(await outbox.entries())).toMatchObject({ pending: 0, sent: 1 });
    await outbox.flush();
    expect(server.applied).toBe(1);
  });

  it("a request whose answer was lost is repeated with the same key and applied once", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "Lò Văn Bình"));
    server.network = "lose-answer";
    await outbox.flush();
    expect(server.applied).toBe(1);
    const [entry] = await outbox.entries();
    expect(entry).toMatchObject({ status: "pending", attempts: 1 });

    server.network = "up";
    await outbox.flush();
    expect(server.applied).toBe(1);
    expect((await outbox.entries())[0]).toMatchObject({ status: "sent", attempts: 2, resultVersion: 1 });
  });

  it("chains changes of one record: each is based on the version the previous one produced", async () => {
    const { server, outbox } = setup();
    server.network = "down";
    await outbox.add(create("h1", "Hà Thị Cúc"));
    await outbox.flush();
    // Made offline on top of the unsent create (base 1 assumed), then on top of that change.
    await outbox.add(update("h1", { address: "Thôn Khuôn Thần" }, 1));
    server.network = "up";
    await outbox.flush();
    await outbox.add(update("h1", { headName: "Hà Thị Cúc (mẹ)" }, 2));
    await outbox.flush();
    expect(server.records.get("h1")).toMatchObject({
      headName: "Hà Thị Cúc (mẹ)",
      address: "Thôn Khuôn Thần",
      version: 3,
    });
    expect(tally(await outbox.entries())).toMatchObject({ sent: 3, conflict: 0 });
  });

  it("rebases a queued change when an earlier change of the same record is sent", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    await outbox.flush();
    server.network = "down";
    await outbox.add(update("h1", { address: "x" }, 1));
    await outbox.flush(); // tried once: the next change must be a new entry
    await outbox.add(update("h1", { address: "y" }, 1));
    expect((await outbox.unsent()).length).toBe(2);
    server.network = "up";
    await outbox.flush();
    expect(server.records.get("h1")).toMatchObject({ address: "y", version: 3 });
  });

  it("saving the same form many times offline sends one request", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    await outbox.flush();
    server.network = "down";
    for (const address of ["a", "ab", "abc"]) await outbox.add(update("h1", { address }, 1));
    expect((await outbox.unsent()).length).toBe(1);
    server.network = "up";
    await outbox.flush();
    expect(server.applied).toBe(2);
    expect(server.records.get("h1")).toMatchObject({ address: "abc", version: 2 });
  });

  it("a conflict keeps the server's record, holds back that record's later changes, and is resolved by a choice", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "Nông Văn Tùng"));
    await outbox.add(create("h2", "Hoàng Thị Lan"));
    await outbox.flush();
    // Someone else changes h1 first.
    server.records.set("h1", {
      ...server.records.get("h1")!,
      address: "Bản Mậu",
      headName: "Nông Văn Tùng",
      version: 2,
    });
    server.network = "down";
    await outbox.add(update("h1", { address: "Thôn Lim", headName: "Nông Văn Tùng" }, 1));
    await outbox.flush();
    await outbox.add(update("h1", { address: "Thôn Lim 2", headName: "Nông Văn Tùng" }, 1));
    await outbox.add(update("h2", { address: "Thôn Lim" }, 1));
    server.network = "up";
    await outbox.flush();

    const entries = await outbox.entries();
    const conflict = entries.find((e) => e.status === "conflict")!;
    expect(conflict.current).toMatchObject({ address: "Bản Mậu", version: 2 });
    expect(entries.filter((e) => e.entityKey === "household:h1" && e.status === "pending")).toHaveLength(1);
    expect(server.records.get("h2")).toMatchObject({ address: "Thôn Lim", version: 2 });

    const diffs = diffFields(conflict.body, conflict.current!);
    expect(diffs).toEqual([{ path: "address", mine: "Thôn Lim", theirs: "Bản Mậu" }]);
    const merged = mergeChoice(conflict.body, diffs, new Set(["address"]));
    await outbox.resolve(conflict.id, merged);
    await outbox.flush();
    // The chosen version went in on top of the server's, then the held-back change on top of that.
    expect(server.records.get("h1")).toMatchObject({ address: "Thôn Lim 2", version: 4 });
    expect(tally(await outbox.entries())).toMatchObject({ conflict: 0, failed: 0, pending: 0 });
  });

  it("a refusal is kept with the server's message and can be retried or discarded", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    server.failNext = 400;
    await outbox.flush();
    const [failed] = await outbox.entries();
    expect(failed).toMatchObject({ status: "failed", error: "Lỗi thử" });
    await outbox.retry(failed!.id);
    await outbox.flush();
    expect((await outbox.entries())[0]).toMatchObject({ status: "sent" });

    await outbox.add(create("h2", "B"));
    server.failNext = 422;
    await outbox.flush();
    const refused = (await outbox.entries()).find((e) => e.status === "failed")!;
    await outbox.discard(refused.id);
    expect(tally(await outbox.entries())).toMatchObject({ failed: 0, sent: 1 });
  });

  it("a busy server or an ended session stops the flush and keeps the change pending", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    server.failNext = 503;
    expect((await outbox.flush()).interrupted).toBe("server");
    server.failNext = 401;
    expect((await outbox.flush()).interrupted).toBe("unauthenticated");
    expect((await outbox.entries())[0]).toMatchObject({ status: "pending", attempts: 2 });
    await outbox.flush();
    expect(server.applied).toBe(1);
  });

  it("a change added while a flush runs is sent by that flush", async () => {
    const { server } = setup();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Transport = async (req) => {
      await gate;
      return server.transport(req);
    };
    const o = new Outbox(new MemoryStore(), slow);
    await o.add(create("h1", "A"));
    const running = o.flush();
    await o.add(create("h2", "B"));
    const second = o.flush();
    release();
    await Promise.all([running, second]);
    expect(tally(await o.entries())).toMatchObject({ sent: 2, pending: 0 });
    expect(server.applied).toBe(2);
  });

  it("a conflict settled by keeping the server's version drops the change", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    await outbox.flush();
    server.records.set("h1", { id: "h1", headName: "B", version: 2 });
    await outbox.add(update("h1", { headName: "C" }, 1));
    await outbox.flush();
    const conflict = (await outbox.entries()).find((e) => e.status === "conflict")!;
    await outbox.resolve(conflict.id, null);
    await outbox.flush();
    expect(server.records.get("h1")).toMatchObject({ headName: "B", version: 2 });
    expect(await outbox.unsent()).toEqual([]);
  });
});

describe("dependencies", () => {
  it("a change waits behind a refused change of a record it depends on, and follows it once resolved", async () => {
    const { server, outbox } = setup();
    await outbox.add(create("h1", "A"));
    await outbox.add({
      entityKey: "assessment:c:h1",
      method: "POST",
      path: "/assessments",
      body: { id: "a1", householdId: "h1" },
      baseVersion: null,
      versioned: false,
      dependsOn: ["household:h1"],
      label: "a",
    });
    server.failNext = 400;
    await outbox.flush();
    expect((await outbox.entries()).map((e) => e.status)).toEqual(["failed", "pending"]);
    expect(server.records.has("a1")).toBe(false);
    await outbox.retry((await outbox.entries())[0]!.id);
    await outbox.flush();
    expect((await outbox.entries()).map((e) => e.status)).toEqual(["sent", "sent"]);
    expect(server.records.has("a1")).toBe(true);
  });

  it("a first save without a version and a second save made before the first was answered: the second gets the version", async () => {
    const { server, outbox } = setup();
    const save = (x: number) => ({
      entityKey: "assessment:c:h1",
      method: "PUT" as const,
      path: "/assessments/a1",
      body: { x },
      baseVersion: null,
      versioned: true,
      label: "a",
    });
    server.network = "lose-answer";
    await outbox.add(save(1));
    await outbox.flush();
    await outbox.add(save(2));
    server.network = "up";
    await outbox.flush();
    expect(server.records.get("a1")).toMatchObject({ x: 2, version: 2 });
    expect(tally(await outbox.entries())).toMatchObject({ sent: 2, conflict: 0 });
  });
});

describe("a shared phone", () => {
  it("sends a change only in the session of the person who made it", async () => {
    const server = new FakeServer();
    const store = new MemoryStore();
    let me = "lan";
    const outbox = new Outbox(store, server.transport, undefined, undefined, (e) => e.owner === me);
    await outbox.add({ ...create("h1", "A"), owner: "tung" });
    await outbox.add({ ...create("h2", "B"), owner: "lan" });
    await outbox.flush();
    expect([...server.records.keys()]).toEqual(["h2"]);
    me = "tung";
    await outbox.flush();
    expect([...server.records.keys()].sort()).toEqual(["h1", "h2"]);
  });
});

describe("field-by-field diff", () => {
  it("compares nested facts leaf by leaf and whole lists as one field", () => {
    const mine = {
      headName: "A",
      facts: { dwelling: { roofMaterial: "tile", waterSource: "piped" } },
      members: [{ fullName: "A" }],
      version: 3,
    };
    const theirs = {
      id: "x",
      headName: "A",
      facts: { dwelling: { roofMaterial: "metal_sheet", waterSource: "piped" } },
      members: [{ fullName: "A" }, { fullName: "B" }],
      version: 5,
    };
    const diffs = diffFields(mine, theirs);
    expect(diffs.map((d) => d.path)).toEqual(["facts.dwelling.roofMaterial", "members"]);
    const merged = mergeChoice(mine, diffs, new Set(["members"]));
    expect(merged).toMatchObject({
      facts: { dwelling: { roofMaterial: "tile" } },
      members: [{ fullName: "A" }, { fullName: "B" }],
    });
    expect(mine.members).toHaveLength(1);
  });
});
