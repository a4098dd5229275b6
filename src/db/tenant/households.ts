// The register's SQL: rows ↔ household records, reads, and the statements the VillageRoom puts
// in its write batches. Raw D1 statements here (not the query builder) because the write path
// composes them into one batch with its guards.
import { fold } from "../../lib/text";
import { TtlCache } from "../../lib/ttl-cache";
import { type Household, MEMBER_FACT_KEYS, type Member } from "../../schemas/household";

export interface HouseholdRow {
  id: string;
  village_id: string;
  address: string;
  head_name: string;
  search_text: string;
  member_count: number;
  facts: string;
  category: Household["category"];
  status: Household["status"];
  merged_into: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface MemberRow {
  id: string;
  household_id: string;
  position: number;
  full_name: string;
  sex: Member["sex"];
  birth_year: number;
  ethnicity: Member["ethnicity"];
  relation_to_head: Member["relationToHead"];
  id_number: string | null;
  id_hash: string | null;
  facts: string;
}

/** A member as stored: the API fields plus the hash of its ID number. */
export type StoredMember = Member & { idHash?: string };
export type StoredHousehold = Omit<Household, "members"> & { members: StoredMember[] };

function memberFromRow(r: MemberRow): StoredMember {
  const m: StoredMember = {
    id: r.id,
    fullName: r.full_name,
    sex: r.sex,
    birthYear: r.birth_year,
    ethnicity: r.ethnicity,
    relationToHead: r.relation_to_head,
    ...(JSON.parse(r.facts) as object),
  };
  if (r.id_number) m.idNumber = r.id_number;
  if (r.id_hash) m.idHash = r.id_hash;
  return m;
}

export function householdFromRows(h: HouseholdRow, ms: MemberRow[]): StoredHousehold {
  return {
    id: h.id,
    villageId: h.village_id,
    address: h.address,
    headName: h.head_name,
    members: ms.sort((a, b) => a.position - b.position).map(memberFromRow),
    facts: JSON.parse(h.facts),
    category: h.category,
    status: h.status,
    mergedInto: h.merged_into,
    version: h.version,
    createdAt: h.created_at,
    updatedAt: h.updated_at,
  };
}

/** The API form of a stored household; ID numbers only for those allowed to see them. */
export function publicHousehold(h: StoredHousehold, showIdNumbers: boolean): Household {
  return {
    ...h,
    members: h.members.map(({ idHash: _hash, idNumber, ...m }) => (showIdNumbers && idNumber ? { ...m, idNumber } : m)),
  };
}

export function searchTextOf(h: Pick<StoredHousehold, "headName" | "address" | "members">): string {
  return fold([h.headName, ...h.members.map((m) => m.fullName), h.address].join(" "));
}

export async function readHousehold(d1: D1Database, id: string): Promise<StoredHousehold | undefined> {
  const [h, ms] = await d1.batch<HouseholdRow | MemberRow>([
    d1.prepare("SELECT * FROM households WHERE id = ?").bind(id),
    d1.prepare("SELECT * FROM members WHERE household_id = ? ORDER BY position").bind(id),
  ]);
  const row = h?.results[0] as HouseholdRow | undefined;
  return row ? householdFromRows(row, (ms?.results ?? []) as MemberRow[]) : undefined;
}

/** Several households at once (one round trip); those not stored are absent from the map. */
export async function readHouseholds(d1: D1Database, ids: readonly string[]): Promise<Map<string, StoredHousehold>> {
  const out = new Map<string, StoredHousehold>();
  if (!ids.length) return out;
  const list = JSON.stringify(ids);
  const [hs, ms] = await d1.batch<HouseholdRow | MemberRow>([
    d1.prepare("SELECT * FROM households WHERE id IN (SELECT value FROM json_each(?))").bind(list),
    d1
      .prepare(
        "SELECT * FROM members WHERE household_id IN (SELECT value FROM json_each(?)) ORDER BY household_id, position",
      )
      .bind(list),
  ]);
  const members = new Map<string, MemberRow[]>();
  for (const m of (ms?.results ?? []) as MemberRow[])
    members.set(m.household_id, [...(members.get(m.household_id) ?? []), m]);
  for (const h of (hs?.results ?? []) as HouseholdRow[]) out.set(h.id, householdFromRows(h, members.get(h.id) ?? []));
  return out;
}

/**
 * Which village a household is in, to route its writes to that village's room. Kept per isolate:
 * a stale answer is harmless, since the room refuses (404) a household that is not in its village
 * and the caller then asks again with `fresh`.
 */
const villageCaches = new WeakMap<D1Database, TtlCache<string, string>>();

export async function householdVillage(d1: D1Database, id: string, fresh = false): Promise<string | undefined> {
  let cache = villageCaches.get(d1);
  if (!cache) {
    cache = new TtlCache(300_000, 100_000);
    villageCaches.set(d1, cache);
  }
  const cached = fresh ? undefined : cache.get(id);
  if (cached) return cached;
  const row = await d1
    .prepare("SELECT village_id FROM households WHERE id = ?")
    .bind(id)
    .first<{ village_id: string }>();
  if (row) cache.set(id, row.village_id);
  else cache.delete(id);
  return row?.village_id;
}

export interface HouseholdQuery {
  villageIds?: string[] | undefined;
  communeId?: string | undefined;
  q?: string | undefined;
  category?: string | undefined;
  includeMerged?: boolean;
  after?: (string | number)[] | undefined;
  limit: number;
}

/** Search of the register, paged by (village, head name, id). */
export async function searchHouseholds(d1: D1Database, query: HouseholdQuery): Promise<HouseholdRow[]> {
  const where: string[] = [];
  const args: unknown[] = [];
  if (query.villageIds) {
    where.push(`village_id IN (${query.villageIds.map(() => "?").join(",")})`);
    args.push(...query.villageIds);
  }
  if (query.communeId) {
    where.push("village_id IN (SELECT id FROM units WHERE parent_id = ?)");
    args.push(query.communeId);
  }
  if (!query.includeMerged) where.push("status = 'active'");
  if (query.category) {
    where.push("category = ?");
    args.push(query.category);
  }
  if (query.q) {
    // Every word must appear somewhere: "nguyen an" finds "Nguyễn Văn An".
    for (const word of fold(query.q).split(" ").filter(Boolean).slice(0, 8)) {
      where.push("search_text LIKE ? ESCAPE '\\'");
      args.push(`%${word.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
    }
  }
  if (query.after) {
    where.push("(village_id, head_name, id) > (?, ?, ?)");
    args.push(...query.after);
  }
  const sql = `SELECT * FROM households ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY village_id, head_name, id LIMIT ?`;
  const { results } = await d1
    .prepare(sql)
    .bind(...args, query.limit)
    .all<HouseholdRow>();
  return results;
}

// ---- statements for the write batch ---------------------------------------------------------

function memberFacts(m: StoredMember): string {
  const facts: Record<string, unknown> = {};
  for (const k of MEMBER_FACT_KEYS) if (m[k] !== undefined) facts[k] = m[k];
  return JSON.stringify(facts);
}

function insertMembers(d1: D1Database, h: StoredHousehold): D1PreparedStatement[] {
  return h.members.map((m, i) =>
    d1
      .prepare(
        "INSERT INTO members (id, household_id, position, full_name, sex, birth_year, ethnicity, relation_to_head, id_number, id_hash, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(
        m.id,
        h.id,
        i,
        m.fullName,
        m.sex,
        m.birthYear,
        m.ethnicity,
        m.relationToHead,
        m.idNumber ?? null,
        m.idHash ?? null,
        memberFacts(m),
      ),
  );
}

export function insertHouseholdStatements(d1: D1Database, h: StoredHousehold): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        "INSERT INTO households (id, village_id, address, head_name, search_text, member_count, facts, category, status, merged_into, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      )
      .bind(
        h.id,
        h.villageId,
        h.address,
        h.headName,
        searchTextOf(h),
        h.members.length,
        JSON.stringify(h.facts),
        h.category,
        h.status,
        h.mergedInto,
        h.version,
        h.createdAt,
        h.updatedAt,
      ),
    ...insertMembers(d1, h),
  ];
}

/** Rewrites the household row and its members as `h` (whose version is already the new one). */
export function replaceHouseholdStatements(
  d1: D1Database,
  h: StoredHousehold,
  membersChanged: boolean,
): D1PreparedStatement[] {
  return [
    d1
      .prepare(
        "UPDATE households SET village_id = ?, address = ?, head_name = ?, search_text = ?, member_count = ?, facts = ?, status = ?, merged_into = ?, version = ?, updated_at = ? WHERE id = ?",
      )
      .bind(
        h.villageId,
        h.address,
        h.headName,
        searchTextOf(h),
        h.members.length,
        JSON.stringify(h.facts),
        h.status,
        h.mergedInto,
        h.version,
        h.updatedAt,
        h.id,
      ),
    ...(membersChanged
      ? [d1.prepare("DELETE FROM members WHERE household_id = ?").bind(h.id), ...insertMembers(d1, h)]
      : []),
  ];
}

/** Aborts the batch unless the household is in `villageId` at `version`. */
export function guardHousehold(d1: D1Database, id: string, villageId: string, version: number): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO write_guard (ok) SELECT NULL WHERE NOT EXISTS (SELECT 1 FROM households WHERE id = ? AND village_id = ? AND version = ?)",
    )
    .bind(id, villageId, version);
}

export function insertHouseholdEvent(
  d1: D1Database,
  e: {
    kind: "move" | "split" | "merge";
    householdId: string;
    otherHouseholdId?: string | null;
    fromVillageId?: string | null;
    toVillageId?: string | null;
    memberIds?: string[];
    at: string;
    actorId: string;
  },
): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO household_events (id, kind, household_id, other_household_id, from_village_id, to_village_id, member_ids, at, actor_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(
      crypto.randomUUID(),
      e.kind,
      e.householdId,
      e.otherHouseholdId ?? null,
      e.fromVillageId ?? null,
      e.toVillageId ?? null,
      JSON.stringify(e.memberIds ?? []),
      e.at,
      e.actorId,
    );
}

export async function householdEvents(d1: D1Database, id: string) {
  const { results } = await d1
    .prepare("SELECT * FROM household_events WHERE household_id = ? OR other_household_id = ? ORDER BY at, id")
    .bind(id, id)
    .all<{
      id: string;
      kind: string;
      household_id: string;
      other_household_id: string | null;
      from_village_id: string | null;
      to_village_id: string | null;
      member_ids: string;
      at: string;
      actor_id: string;
    }>();
  return results.map((r) => ({
    id: r.id,
    kind: r.kind,
    householdId: r.household_id,
    otherHouseholdId: r.other_household_id,
    fromVillageId: r.from_village_id,
    toVillageId: r.to_village_id,
    memberIds: JSON.parse(r.member_ids) as string[],
    at: r.at,
    actorId: r.actor_id,
  }));
}

/** Ids among `ids` that already exist in the register. */
export async function existingHouseholdIds(d1: D1Database, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const { results } = await d1
    .prepare("SELECT id FROM households WHERE id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(ids))
    .all<{ id: string }>();
  return new Set(results.map((r) => r.id));
}

/**
 * Many new households in two statements: rows travel as one JSON parameter and are unpacked by
 * json_each, which keeps an import's batch small (D1 limits bound parameters per statement and
 * statements per invocation).
 */
export function insertHouseholdsBulk(d1: D1Database, list: StoredHousehold[]): D1PreparedStatement[] {
  if (!list.length) return [];
  const hs = list.map((h) => ({
    id: h.id,
    village_id: h.villageId,
    address: h.address,
    head_name: h.headName,
    search_text: searchTextOf(h),
    member_count: h.members.length,
    facts: JSON.stringify(h.facts),
    created_at: h.createdAt,
  }));
  const ms = list.flatMap((h) =>
    h.members.map((m, i) => ({
      id: m.id,
      household_id: h.id,
      position: i,
      full_name: m.fullName,
      sex: m.sex,
      birth_year: m.birthYear,
      ethnicity: m.ethnicity,
      relation_to_head: m.relationToHead,
      id_number: m.idNumber ?? null,
      id_hash: m.idHash ?? null,
      facts: memberFacts(m),
    })),
  );
  const col = (k: string) => `json_extract(value, '$.${k}')`;
  return [
    d1
      .prepare(
        `INSERT INTO households (id, village_id, address, head_name, search_text, member_count, facts, category, status, merged_into, version, created_at, updated_at)
         SELECT ${col("id")}, ${col("village_id")}, ${col("address")}, ${col("head_name")}, ${col("search_text")}, ${col("member_count")}, ${col("facts")}, NULL, 'active', NULL, 1, ${col("created_at")}, ${col("created_at")} FROM json_each(?)`,
      )
      .bind(JSON.stringify(hs)),
    d1
      .prepare(
        `INSERT INTO members (id, household_id, position, full_name, sex, birth_year, ethnicity, relation_to_head, id_number, id_hash, facts)
         SELECT ${col("id")}, ${col("household_id")}, ${col("position")}, ${col("full_name")}, ${col("sex")}, ${col("birth_year")}, ${col("ethnicity")}, ${col("relation_to_head")}, ${col("id_number")}, ${col("id_hash")}, ${col("facts")} FROM json_each(?)`,
      )
      .bind(JSON.stringify(ms)),
  ];
}

/** Head name and address of each of these households (for lists printed by name). */
export async function householdHeads(
  d1: D1Database,
  ids: readonly string[],
): Promise<Map<string, { headName: string; address: string }>> {
  const { results } = await d1
    .prepare("SELECT id, head_name, address FROM households WHERE id IN (SELECT value FROM json_each(?))")
    .bind(JSON.stringify(ids))
    .all<{ id: string; head_name: string; address: string }>();
  return new Map(results.map((r) => [r.id, { headName: r.head_name, address: r.address }]));
}
