// The keyed audit chain (issue 13): entries chained by an HMAC under AUDIT_HMAC_KEY, so that
// someone who can write to the database cannot rewrite history consistently; verification finds
// an edited, removed or reordered entry (edited here straight in D1). Chains written before the
// key still verify, and are sealed by the next keyed entry.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import {
  AUDIT_GENESIS,
  type AuditEntry,
  auditKey,
  chainEntries,
  entryHash,
  unkeyedEntryHash,
  verifyEntries,
} from "../../src/coordination/audit-chain";
import { insertAuditStatement } from "../../src/db/tenant/audit";
import { sealAuditChains } from "../../src/reports/maintenance";
import { householdBody } from "./fixtures";
import { api, U, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const d1 = () => env.DB_LUC_NGAN;

const verify = async (villageId: string) =>
  (await api("district_admin", "GET", `${T}/audit/verify?villageId=${villageId}`)).body;

async function rows(chain: string): Promise<AuditEntry[]> {
  const { results } = await d1().prepare("SELECT * FROM audit_log WHERE chain = ? ORDER BY seq").bind(chain).all<any>();
  return results.map((r) => ({
    id: r.id,
    chain: r.chain,
    seq: r.seq,
    at: r.at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    actorRole: r.actor_role,
    entityType: r.entity_type,
    entityId: r.entity_id,
    action: r.action,
    reason: r.reason,
    changes: JSON.parse(r.changes),
    prevHash: r.prev_hash,
    hash: r.hash,
  }));
}

/** Three entries written the way the chain was before it was keyed (plain SHA-256). */
async function writeUnkeyedChain(chain: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  let prev = { seq: 0, hash: AUDIT_GENESIS };
  for (let i = 1; i <= 3; i++) {
    const body = {
      id: crypto.randomUUID(),
      chain,
      seq: i,
      at: `2025-0${i}-01T00:00:00.000Z`,
      actorId: "u",
      actorName: "Cán bộ cũ",
      actorRole: "commune_officer",
      entityType: "household",
      entityId: crypto.randomUUID(),
      action: "create",
      reason: null,
      changes: [{ field: "headName", before: null, after: `Hộ cũ ${i}` }],
      prevHash: prev.hash,
    };
    const entry = { ...body, hash: await unkeyedEntryHash(body) };
    out.push(entry);
    prev = entry;
  }
  await d1().batch(out.map((e) => insertAuditStatement(d1(), e)));
  return out;
}

describe("the keyed chain", () => {
  it("marks each entry's hash as an HMAC and finds an entry edited, removed or reordered in D1", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Sầm Văn Khải"));
    for (let v = 1; v <= 3; v++)
      await api("enumerator", "PATCH", `${T}/households/${h.body.id}`, { address: `Đường ${v}`, version: v });
    const chain = await rows(U.villageA1);
    expect(chain.length).toBeGreaterThanOrEqual(4);
    expect(chain.every((e) => e.hash.startsWith("hmac-sha256:"))).toBe(true);
    expect((await verify(U.villageA1)).ok).toBe(true);
    const [, second, third] = chain as [AuditEntry, AuditEntry, AuditEntry];

    const edit = JSON.stringify([{ field: "address", before: "x", after: "Đổi lén" }]);
    await d1().prepare("UPDATE audit_log SET changes = ? WHERE id = ?").bind(edit, second.id).run();
    expect((await verify(U.villageA1)).chains[0].broken).toEqual({ seq: 2, id: second.id, problem: "hash_mismatch" });
    await d1()
      .prepare("UPDATE audit_log SET changes = ? WHERE id = ?")
      .bind(JSON.stringify(second.changes), second.id)
      .run();
    expect((await verify(U.villageA1)).ok).toBe(true);

    await d1().prepare("DELETE FROM audit_log WHERE id = ?").bind(second.id).run();
    expect((await verify(U.villageA1)).chains[0].broken).toEqual({ seq: 2, id: null, problem: "missing_entry" });
    await d1().batch([insertAuditStatement(d1(), second)]);

    // Reordered: the second and third entries swap places.
    await d1().batch([
      d1().prepare("UPDATE audit_log SET seq = -1 WHERE id = ?").bind(second.id),
      d1().prepare("UPDATE audit_log SET seq = 2 WHERE id = ?").bind(third.id),
      d1().prepare("UPDATE audit_log SET seq = 3 WHERE id = ?").bind(second.id),
    ]);
    expect((await verify(U.villageA1)).chains[0].broken).toMatchObject({ seq: 2, id: third.id });
    await d1().batch([
      d1().prepare("UPDATE audit_log SET seq = -1 WHERE id = ?").bind(third.id),
      d1().prepare("UPDATE audit_log SET seq = 2 WHERE id = ?").bind(second.id),
      d1().prepare("UPDATE audit_log SET seq = 3 WHERE id = ?").bind(third.id),
    ]);
    expect((await verify(U.villageA1)).ok).toBe(true);
  });

  it("verifies with the Worker's own key when the caller gives none (the signature callers rely on)", async () => {
    await world();
    await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Chu Văn Tiến"));
    const chain = await rows(U.villageA1);
    expect(await verifyEntries(chain, { seq: 0, hash: AUDIT_GENESIS })).toEqual({
      head: { seq: chain.at(-1)!.seq, hash: chain.at(-1)!.hash },
      broken: null,
    });
  });

  it("cannot be rewritten consistently without the key: neither with another key nor in the unkeyed form", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Hứa Văn Bình"));
    await api("enumerator", "PATCH", `${T}/households/${h.body.id}`, { address: "Thật", version: 1 });
    const chain = await rows(U.villageA1);
    const target = chain.at(-1)!;
    const { hash: _h, ...body } = target;
    const forged = { ...body, changes: [{ field: "address", before: "Xóm Trên", after: "Giả" }] };
    for (const hash of [
      await entryHash(forged, await auditKey("khoa-doan-cua-ke-gian-khong-dung-khoa-that")),
      await unkeyedEntryHash(forged),
    ]) {
      await d1()
        .prepare("UPDATE audit_log SET changes = ?, hash = ? WHERE id = ?")
        .bind(JSON.stringify(forged.changes), hash, target.id)
        .run();
      const broken = (await verify(U.villageA1)).chains[0].broken;
      expect(broken).toMatchObject({ seq: target.seq, id: target.id });
      expect(["hash_mismatch", "unkeyed_entry"]).toContain(broken.problem);
    }
    await d1()
      .prepare("UPDATE audit_log SET changes = ?, hash = ? WHERE id = ?")
      .bind(JSON.stringify(target.changes), target.hash, target.id)
      .run();
    expect((await verify(U.villageA1)).ok).toBe(true);
  });
});

describe("chains written before the key", () => {
  it("still verify, are sealed by the next keyed entry, and refuse an unkeyed entry after it", async () => {
    await world();
    const old = await writeUnkeyedChain(U.villageB1);
    const before = await verify(U.villageB1);
    expect(before).toMatchObject({ ok: true, chains: [{ checked: 3, broken: null, sealed: false }] });

    const h = await api("district_admin", "POST", `${T}/households`, householdBody(U.villageB1, "Lã Văn Phúc"));
    expect(h.status).toBe(201);
    const after = await verify(U.villageB1);
    expect(after).toMatchObject({ ok: true, chains: [{ checked: 4, broken: null, sealed: true }] });
    const chain = await rows(U.villageB1);
    expect(chain[3]!.prevHash).toBe(old[2]!.hash);
    expect(chain[3]!.hash.startsWith("hmac-sha256:")).toBe(true);

    // An old entry edited after the seal: its unkeyed hash no longer matches.
    await d1().prepare("UPDATE audit_log SET actor_name = 'Người khác' WHERE id = ?").bind(old[1]!.id).run();
    expect((await verify(U.villageB1)).chains[0].broken).toEqual({ seq: 2, id: old[1]!.id, problem: "hash_mismatch" });
    await d1().prepare("UPDATE audit_log SET actor_name = 'Cán bộ cũ' WHERE id = ?").bind(old[1]!.id).run();

    // An entry appended in the old, keyless form after the chain was keyed is refused.
    const last = chain.at(-1)!;
    const body = { ...old[0]!, id: crypto.randomUUID(), seq: last.seq + 1, prevHash: last.hash };
    const { hash: _x, ...content } = body;
    await d1().batch([insertAuditStatement(d1(), { ...body, hash: await unkeyedEntryHash(content) })]);
    expect((await verify(U.villageB1)).chains[0].broken).toEqual({
      seq: last.seq + 1,
      id: body.id,
      problem: "unkeyed_entry",
    });
    await d1().prepare("DELETE FROM audit_log WHERE id = ?").bind(body.id).run();
  });

  it("are sealed by the nightly run when nothing else writes to them", async () => {
    await world();
    await writeUnkeyedChain(U.villageA2);
    expect((await verify(U.villageA2)).chains[0].sealed).toBe(false);
    expect(await sealAuditChains(env)).toBeGreaterThanOrEqual(1);
    const sealed = await verify(U.villageA2);
    expect(sealed).toMatchObject({ ok: true, chains: [{ checked: 4, broken: null, sealed: true }] });
    const seal = (await rows(U.villageA2)).at(-1)!;
    expect(seal).toMatchObject({ action: "seal", entityType: "audit_chain", actorId: "system" });
    expect(await sealAuditChains(env)).toBe(0);
  });

  it("writes new entries with the configured key only (the chain function takes it)", async () => {
    const key = await auditKey("mot-khoa-thu-nghiem-du-dai-de-dung-0123456789");
    const [e] = await chainEntries(
      "x",
      { seq: 0, hash: AUDIT_GENESIS },
      { id: "a", username: "a", displayName: "A", role: "enumerator" },
      "2026-01-01T00:00:00.000Z",
      [{ entityType: "household", entityId: "h", action: "create", changes: [] }],
      key,
    );
    const { hash, ...body } = e!;
    expect(hash).toBe(await entryHash(body, key));
    expect(hash).not.toBe(await entryHash(body, await auditKey("khoa-khac-hoan-toan-khong-giong-0123456789")));
  });
});
