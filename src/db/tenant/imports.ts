// Import records: what was imported where, and how far it has got.
import { desc, eq } from "drizzle-orm";
import type { TenantDb } from "../../env";
import { imports } from "./schema";

export type ImportRow = typeof imports.$inferSelect;

export function getImport(db: TenantDb, id: string): Promise<ImportRow | undefined> {
  return db.select().from(imports).where(eq(imports.id, id)).get();
}

export function listImports(db: TenantDb, limit: number): Promise<ImportRow[]> {
  return db.select().from(imports).orderBy(desc(imports.createdAt)).limit(limit).all();
}

export async function insertImport(db: TenantDb, row: typeof imports.$inferInsert): Promise<ImportRow> {
  return db.insert(imports).values(row).returning().get();
}

export async function updateImport(db: TenantDb, id: string, changes: Partial<Omit<ImportRow, "id">>): Promise<void> {
  await db.update(imports).set(changes).where(eq(imports.id, id)).run();
}
