// A district (tenant) database: one per tenant, same schema everywhere.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const units = sqliteTable(
  "units",
  {
    id: text("id").primaryKey(),
    /** Official administrative code; kept on historical records so comparisons survive mergers. */
    code: text("code").notNull(),
    name: text("name").notNull(),
    level: text("level", { enum: ["commune", "village"] }).notNull(),
    parentId: text("parent_id"),
    /** xã (rural), phường / thị trấn (urban by default): only communes have a kind. */
    kind: text("kind", { enum: ["xa", "phuong", "thi_tran", "thon", "ban", "to_dan_pho"] }),
    area: text("area", { enum: ["urban", "rural"] }).notNull(),
    validFrom: text("valid_from").notNull(),
    validTo: text("valid_to"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
    updatedAt: text("updated_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
  },
  (t) => [uniqueIndex("units_code_uq").on(t.code), index("units_parent_idx").on(t.parentId, t.name)],
);

/** The register: households kept across campaigns (sổ hộ). */
export const households = sqliteTable(
  "households",
  {
    id: text("id").primaryKey(),
    villageId: text("village_id").notNull(),
    address: text("address").notNull().default(""),
    headName: text("head_name").notNull(),
    /** Head, members and address without diacritics, lower case: what `?q=` searches. */
    searchText: text("search_text").notNull(),
    memberCount: integer("member_count").notNull(),
    /** HouseholdFacts (DOMAIN.md §3) as JSON; the members' own facts are on their rows. */
    facts: text("facts").notNull().default("{}"),
    /** The category of the household's latest assessment result, for searching by category. */
    category: text("category", { enum: ["poor", "near_poor", "average_living", "non_poor"] }),
    status: text("status", { enum: ["active", "merged"] }).notNull().default("active"),
    mergedInto: text("merged_into"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("households_village_idx").on(t.villageId, t.status, t.headName), index("households_category_idx").on(t.category, t.villageId)],
);

export const members = sqliteTable(
  "members",
  {
    id: text("id").primaryKey(),
    householdId: text("household_id").notNull(),
    position: integer("position").notNull(),
    fullName: text("full_name").notNull(),
    sex: text("sex", { enum: ["male", "female"] }).notNull(),
    birthYear: integer("birth_year").notNull(),
    ethnicity: text("ethnicity").notNull(),
    relationToHead: text("relation_to_head").notNull(),
    /** Số CCCD, shown only to the tenant's staff. */
    idNumber: text("id_number"),
    /** HMAC of the ID number with the province key: lets the province match people across tenants without moving raw IDs. */
    idHash: text("id_hash"),
    /** MemberFacts as JSON. */
    facts: text("facts").notNull().default("{}"),
  },
  (t) => [index("members_household_idx").on(t.householdId, t.position), index("members_id_hash_idx").on(t.idHash), index("members_name_idx").on(t.fullName, t.birthYear)],
);

/** Moves between villages, splits and merges (tách hộ, nhập hộ), with the households on both sides. */
export const householdEvents = sqliteTable(
  "household_events",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: ["move", "split", "merge"] }).notNull(),
    householdId: text("household_id").notNull(),
    otherHouseholdId: text("other_household_id"),
    fromVillageId: text("from_village_id"),
    toVillageId: text("to_village_id"),
    memberIds: text("member_ids").notNull().default("[]"),
    at: text("at").notNull(),
    actorId: text("actor_id").notNull(),
  },
  (t) => [index("household_events_household_idx").on(t.householdId, t.at), index("household_events_other_idx").on(t.otherHouseholdId)],
);

/**
 * Every change, who made it and what it changed, field by field. Entries are chained by hash per
 * chain (a village, or the tenant for tenant-wide records), so an edit of the log is detectable.
 */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: text("id").primaryKey(),
    chain: text("chain").notNull(),
    seq: integer("seq").notNull(),
    at: text("at").notNull(),
    actorId: text("actor_id").notNull(),
    actorName: text("actor_name").notNull(),
    actorRole: text("actor_role").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    action: text("action").notNull(),
    reason: text("reason"),
    /** [{ field, before, after }] */
    changes: text("changes").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [uniqueIndex("audit_chain_seq_uq").on(t.chain, t.seq), index("audit_entity_idx").on(t.entityId, t.at)],
);

/** Answers to requests sent with an Idempotency-Key, per user, to replay instead of applying twice. */
export const idempotency = sqliteTable(
  "idempotency",
  {
    userId: text("user_id").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: text("response").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] }), index("idempotency_created_idx").on(t.createdAt)],
);

/**
 * Per-village counters kept in the same batch as the writes that change them ("register" scope
 * for the register, a campaign id for a campaign): the province roll-up and progress read these
 * instead of scanning households.
 */
export const summaryCounters = sqliteTable(
  "summary_counters",
  {
    scope: text("scope").notNull(),
    unitId: text("unit_id").notNull(),
    key: text("key").notNull(),
    value: integer("value").notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.unitId, t.key] })],
);

/**
 * Never holds a row. A batch starts with `INSERT INTO write_guard SELECT NULL WHERE <the record is
 * not as expected>`: the NOT NULL constraint then aborts the whole batch (D1 batches are
 * transactions), which is how a version check and its write commit together without a lock.
 */
export const writeGuard = sqliteTable("write_guard", {
  ok: integer("ok").notNull(),
});

/** Tenant settings (posting days, the official calendar's changes, …) as JSON values. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedAt: text("updated_at").notNull(),
});
