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
    status: text("status", { enum: ["active", "merged"] })
      .notNull()
      .default("active"),
    mergedInto: text("merged_into"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    index("households_village_idx").on(t.villageId, t.status, t.headName),
    index("households_category_idx").on(t.category, t.villageId),
  ],
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
  (t) => [
    index("members_household_idx").on(t.householdId, t.position),
    index("members_id_hash_idx").on(t.idHash),
    index("members_name_idx").on(t.fullName, t.birthYear),
  ],
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
  (t) => [
    index("household_events_household_idx").on(t.householdId, t.at),
    index("household_events_other_idx").on(t.otherHouseholdId),
  ],
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

/** A review campaign (đợt rà soát): periodic (định kỳ), rolling (thường xuyên) or census (tổng điều tra). */
export const campaigns = sqliteTable(
  "campaigns",
  {
    id: text("id").primaryKey(),
    year: integer("year").notNull(),
    kind: text("kind", { enum: ["periodic", "rolling", "census"] }).notNull(),
    /** The rule pack code (ND07_2021, …). */
    standard: text("standard").notNull(),
    name: text("name").notNull(),
    status: text("status", { enum: ["open", "closed"] })
      .notNull()
      .default("open"),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    /** The date the household facts describe: ages are taken on it. */
    reviewDate: text("review_date").notNull(),
    /** The campaign whose results this one is compared with (diễn biến). */
    previousCampaignId: text("previous_campaign_id"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("campaigns_year_idx").on(t.year, t.kind)],
);

/** One household's review in one campaign: answers, result and place in the procedure. */
export const assessments = sqliteTable(
  "assessments",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    householdId: text("household_id").notNull(),
    villageId: text("village_id").notNull(),
    communeId: text("commune_id").notNull(),
    state: text("state", {
      enum: ["draft", "submitted", "returned", "accepted", "agreed", "posted", "rechecking", "decided", "excluded"],
    }).notNull(),
    /** Why the household is on the campaign's list: previous_poor, previous_near_poor, request_01, request_04, census, added_by_reviewer. */
    listReason: text("list_reason").notNull(),
    /** The answers as saved (API.md: basis, income or score answers, indicators, overrides, phieuA); null until first saved. */
    answers: text("answers"),
    /** The computed result (the /classify shape + indicators + movement) as JSON; null while not classifiable. */
    result: text("result"),
    category: text("category", { enum: ["poor", "near_poor", "average_living", "non_poor"] }),
    previousCategory: text("previous_category"),
    movement: text("movement"),
    poorBasis: text("poor_basis"),
    deprivationCount: integer("deprivation_count"),
    monthlyIncome: integer("monthly_income"),
    scoreA: integer("score_a"),
    provisional: integer("provisional", { mode: "boolean" }).notNull().default(false),
    /** Members of the household when last saved (persons in the reports). */
    persons: integer("persons").notNull().default(0),
    excludedReason: text("excluded_reason"),
    returnComment: text("return_comment"),
    overrideCount: integer("override_count").notNull().default(0),
    saveCount: integer("save_count").notNull().default(0),
    lastSavedBy: text("last_saved_by"),
    firstSavedAt: text("first_saved_at"),
    lastSavedAt: text("last_saved_at"),
    submittedAt: text("submitted_at"),
    acceptedAt: text("accepted_at"),
    agreedAt: text("agreed_at"),
    postedAt: text("posted_at"),
    decidedAt: text("decided_at"),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("assessments_campaign_household_uq").on(t.campaignId, t.householdId),
    index("assessments_campaign_village_state_idx").on(t.campaignId, t.villageId, t.state),
    index("assessments_campaign_category_idx").on(t.campaignId, t.category, t.villageId),
    index("assessments_household_idx").on(t.householdId),
    // Per reviewer, in time order, with what the signals count: overrides and entry times are read on the index alone.
    index("assessments_campaign_reviewer_idx").on(
      t.campaignId,
      t.lastSavedBy,
      t.firstSavedAt,
      t.overrideCount,
      t.villageId,
    ),
  ],
);

/** Each indicator's final value per assessment, for the deprivation reports (forms 4–7, 11). */
export const assessmentIndicators = sqliteTable(
  "assessment_indicators",
  {
    assessmentId: text("assessment_id").notNull(),
    campaignId: text("campaign_id").notNull(),
    villageId: text("village_id").notNull(),
    code: text("code").notNull(),
    deprived: integer("deprived", { mode: "boolean" }).notNull(),
    /** derived | answered | override */
    source: text("source").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.assessmentId, t.code] }),
    index("assessment_indicators_campaign_idx").on(t.campaignId, t.code, t.deprived),
  ],
);

/** Requests to be reviewed: Mẫu số 01 (to be recognised poor/near-poor) or 04 (escaped). */
export const listRequests = sqliteTable(
  "list_requests",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    householdId: text("household_id").notNull(),
    form: text("form", { enum: ["01", "04"] }).notNull(),
    note: text("note"),
    filedBy: text("filed_by").notNull(),
    filedAt: text("filed_at").notNull(),
  },
  (t) => [uniqueIndex("list_requests_uq").on(t.campaignId, t.householdId, t.form)],
);

/** Village meetings (họp dân) and their minutes. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    villageId: text("village_id").notNull(),
    heldOn: text("held_on").notNull(),
    chair: text("chair").notNull(),
    secretary: text("secretary").notNull(),
    attendees: integer("attendees").notNull(),
    notes: text("notes"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("meetings_campaign_village_idx").on(t.campaignId, t.villageId, t.heldOn)],
);

export const meetingResults = sqliteTable(
  "meeting_results",
  {
    meetingId: text("meeting_id").notNull(),
    householdId: text("household_id").notNull(),
    assessmentId: text("assessment_id").notNull(),
    agree: integer("agree").notNull(),
    agreed: integer("agreed", { mode: "boolean" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.meetingId, t.householdId] }),
    index("meeting_results_assessment_idx").on(t.assessmentId),
  ],
);

/** Public postings (niêm yết) of a village's list and their complaint window. */
export const postings = sqliteTable(
  "postings",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    villageId: text("village_id").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    workingDays: integer("working_days").notNull(),
    householdIds: text("household_ids").notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [index("postings_campaign_village_idx").on(t.campaignId, t.villageId, t.endsOn)],
);

/** Complaints (khiếu nại) and their re-check (phúc tra). */
export const complaints = sqliteTable(
  "complaints",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    householdId: text("household_id").notNull(),
    assessmentId: text("assessment_id").notNull(),
    villageId: text("village_id").notNull(),
    type: text("type", { enum: ["wrongly_excluded", "wrongly_included", "data_error"] }).notNull(),
    channel: text("channel").notNull(),
    text: text("text").notNull(),
    filedBy: text("filed_by").notNull(),
    filedByName: text("filed_by_name").notNull(),
    filedByRole: text("filed_by_role").notNull(),
    filedAt: text("filed_at").notNull(),
    status: text("status", { enum: ["open", "upheld", "rejected"] })
      .notNull()
      .default("open"),
    resolutionReason: text("resolution_reason"),
    resolvedBy: text("resolved_by"),
    resolvedAt: text("resolved_at"),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("complaints_campaign_village_idx").on(t.campaignId, t.villageId, t.status),
    index("complaints_household_idx").on(t.householdId),
  ],
);

/** Commune recognition decisions (quyết định công nhận); one per commune and campaign. */
export const decisions = sqliteTable(
  "decisions",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    communeId: text("commune_id").notNull(),
    number: text("number").notNull(),
    signedOn: text("signed_on").notNull(),
    poor: text("poor").notNull(),
    nearPoor: text("near_poor").notNull(),
    escapedPoor: text("escaped_poor").notNull(),
    escapedNearPoor: text("escaped_near_poor").notNull(),
    /** The commune chairman who signs (null on decisions recorded before the field existed). */
    signerName: text("signer_name"),
    signerTitle: text("signer_title"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("decisions_campaign_commune_uq").on(t.campaignId, t.communeId)],
);

/**
 * The district chairman's opinion on a commune's results (ý kiến của Chủ tịch UBND cấp huyện),
 * required before a decision signed before 1 July 2025; one per commune and campaign.
 */
export const districtOpinions = sqliteTable(
  "district_opinions",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    communeId: text("commune_id").notNull(),
    givenOn: text("given_on").notNull(),
    number: text("number"),
    text: text("text"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (t) => [uniqueIndex("district_opinions_campaign_commune_uq").on(t.campaignId, t.communeId)],
);

/** A district user's check of a falsification signal, with a note. */
export const anomalyReviews = sqliteTable(
  "anomaly_reviews",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id").notNull(),
    rule: text("rule").notNull(),
    subjectId: text("subject_id").notNull(),
    note: text("note").notNull(),
    reviewedBy: text("reviewed_by").notNull(),
    reviewedAt: text("reviewed_at").notNull(),
  },
  (t) => [uniqueIndex("anomaly_reviews_uq").on(t.campaignId, t.rule, t.subjectId)],
);

/** Export jobs: a report written to R2 as xlsx or csv. */
export const exportJobs = sqliteTable(
  "exports",
  {
    id: text("id").primaryKey(),
    campaignId: text("campaign_id"),
    form: text("form").notNull(),
    format: text("format", { enum: ["xlsx", "csv"] }).notNull(),
    unitId: text("unit_id"),
    decidedOnly: integer("decided_only", { mode: "boolean" }).notNull().default(false),
    /**
     * The file carries the falsification signals (progress form): only those who may read them
     * may download it. Null for exports made before this was recorded: treated as carrying them
     * when the form is progress.
     */
    withAnomalies: integer("with_anomalies", { mode: "boolean" }),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull(),
    progress: integer("progress").notNull().default(0),
    objectKey: text("object_key"),
    bytes: integer("bytes"),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
    expiresAt: text("expires_at").notNull(),
  },
  (t) => [index("exports_created_idx").on(t.createdBy, t.createdAt), index("exports_expires_idx").on(t.expiresAt)],
);

/** Imports of household lists (XLSX or CSV) into the register, run by an ImportJob Durable Object. */
export const imports = sqliteTable(
  "imports",
  {
    id: text("id").primaryKey(),
    /** The village or commune the file is imported into. */
    unitId: text("unit_id").notNull(),
    fileName: text("file_name"),
    fileBytes: integer("file_bytes").notNull(),
    /** SHA-256 of the file: the same file again is recognised (and creates nothing new). */
    fileHash: text("file_hash").notNull(),
    encoding: text("encoding"),
    /** Where the list was found and how its columns were read (JSON of ListLayout, src/imports/reader.ts). */
    layout: text("layout"),
    status: text("status", { enum: ["queued", "running", "done", "failed"] }).notNull(),
    rows: integer("rows").notNull().default(0),
    households: integer("households").notNull().default(0),
    created: integer("created").notNull().default(0),
    skipped: integer("skipped").notNull().default(0),
    invalid: integer("invalid").notNull().default(0),
    /** Bytes of the file read so far: progress = read / fileBytes. */
    bytesRead: integer("bytes_read").notNull().default(0),
    errorCount: integer("error_count").notNull().default(0),
    error: text("error"),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    finishedAt: text("finished_at"),
  },
  (t) => [index("imports_created_idx").on(t.createdAt)],
);
