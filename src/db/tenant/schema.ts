// A district (tenant) database: one per tenant, same schema everywhere.
import { sql } from "drizzle-orm";
import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

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
