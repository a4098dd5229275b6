// The registry database (binding REGISTRY): who the tenants are and who may sign in.
// District data never lives here; see src/db/tenant/schema.ts.
import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "../../auth/policy";

export const tenants = sqliteTable("tenants", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  province: text("province").notNull(),
  /** Name of the D1 binding that holds this tenant's database, e.g. DB_LUC_NGAN. */
  binding: text("binding").notNull().unique(),
  schemaVersion: integer("schema_version").notNull().default(0),
  status: text("status", { enum: ["active", "suspended"] })
    .notNull()
    .default("active"),
  createdAt: text("created_at").notNull().default(sql`(strftime('%Y-%m-%dT%H:%M:%fZ','now'))`),
});

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    username: text("username").notNull().unique(),
    passwordHash: text("password_hash").notNull(),
    displayName: text("display_name").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    province: text("province").notNull(),
    /** null for province roles */
    tenant: text("tenant").references(() => tenants.code),
    /** null for province and district-wide roles */
    unitId: text("unit_id"),
    disabled: integer("disabled", { mode: "boolean" }).notNull().default(false),
    version: integer("version").notNull().default(1),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [index("users_tenant_idx").on(t.tenant, t.username)],
);

export const sessions = sqliteTable(
  "sessions",
  {
    /** SHA-256 of the opaque token, hex; the token itself is never stored. */
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    createdAt: text("created_at").notNull(),
    /** The absolute end of the session. */
    expiresAt: text("expires_at").notNull(),
    /** When it was last used (to the minute; null: not since it was created). Idle sessions end. */
    lastSeenAt: text("last_seen_at"),
    /** The browser or program that signed in, so that its owner can tell their sessions apart. */
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/**
 * Sign-ins per key ("user:<name>" or "ip:<address>") within a window: `failures` counts wrong
 * passwords, `pending` the checks under way (reserved before the password is tested, see
 * src/db/registry/index.ts, reserveLoginAttempt).
 */
export const loginAttempts = sqliteTable("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull(),
  pending: integer("pending").notNull().default(0),
  windowStart: text("window_start").notNull(),
  blockedUntil: text("blocked_until"),
});

/** Dated snapshots of the province roll-up (one per province, year and day). */
export const provinceSnapshots = sqliteTable(
  "province_snapshots",
  {
    province: text("province").notNull(),
    year: integer("year").notNull(),
    takenOn: text("taken_on").notNull(),
    takenAt: text("taken_at").notNull(),
    data: text("data").notNull(),
  },
  (t) => [primaryKey({ columns: [t.province, t.year, t.takenOn] })],
);

/**
 * People whose ID number (as its hash, never the number) is in the registers of two or more
 * tenants of a province, found by the nightly province check; each tenant's signals read them.
 */
export const crossTenantPeople = sqliteTable(
  "cross_tenant_people",
  {
    province: text("province").notNull(),
    idHash: text("id_hash").notNull(),
    /** JSON array of the tenant codes whose register has this person. */
    tenants: text("tenants").notNull(),
    foundAt: text("found_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.province, t.idHash] })],
);

/** Province-level exports (the results form with one row per tenant), like a tenant's `exports`. */
export const provinceExports = sqliteTable(
  "province_exports",
  {
    id: text("id").primaryKey(),
    province: text("province").notNull(),
    year: integer("year").notNull(),
    form: text("form").notNull(),
    format: text("format", { enum: ["xlsx", "csv"] }).notNull(),
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
  (t) => [
    index("province_exports_created_idx").on(t.createdBy, t.createdAt),
    index("province_exports_expires_idx").on(t.expiresAt),
  ],
);
