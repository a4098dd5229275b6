// ImportJob: one Durable Object per import. It runs the import outside the request that uploaded
// the file, from an alarm, so a large file is not bound to the request's limits; if the run
// fails, the alarm is retried and the import resumes safely (see src/imports/run.ts).
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/d1";
import { updateImport } from "../db/tenant/imports";
import { type ImportTask, runImport } from "../imports/run";

/** Runs before an import is given up as failed (each resumes where the last stopped). */
const MAX_RUNS = 3;

export class ImportJob extends DurableObject<Env> {
  async start(task: ImportTask): Promise<void> {
    await this.ctx.storage.put("task", task);
    await this.ctx.storage.setAlarm(Date.now());
  }

  override async alarm(): Promise<void> {
    const task = await this.ctx.storage.get<ImportTask>("task");
    if (!task) return;
    const runs = ((await this.ctx.storage.get<number>("runs")) ?? 0) + 1;
    await this.ctx.storage.put("runs", runs);
    try {
      await runImport(this.env, task);
    } catch (err) {
      if (runs < MAX_RUNS) throw err; // the runtime retries the alarm
      console.error("import failed", task.importId, err);
      const d1 = (this.env as unknown as Record<string, D1Database>)[task.binding]!;
      await updateImport(drizzle(d1), task.importId, {
        status: "failed",
        error: "Lỗi hệ thống khi nhập; hãy thử lại.",
        finishedAt: new Date().toISOString(),
      });
    }
    await this.ctx.storage.deleteAll();
  }
}
