// ExportJob: one Durable Object per export, so a report is written outside the request that asked
// for it. `start` stores the job and sets an alarm for now; the alarm runs it (an alarm may run
// for minutes and is retried by the platform when it throws). A job that keeps failing is marked
// failed with the reason, so the user is told rather than left waiting.
import { DurableObject } from "cloudflare:workers";
import { markExportFailed } from "../db/tenant/exports";
import { runTenantExport, type TenantExportSpec } from "../reports/export";
import { tenantDatabase } from "../tenancy/middleware";

/** Attempts before a job is given up: the first run and two retries. */
const MAX_ATTEMPTS = 3;

export type ExportSpec = TenantExportSpec;

export function exportJob(env: Env, exportId: string) {
  return env.EXPORT_JOB.get(env.EXPORT_JOB.idFromName(exportId));
}

export class ExportJob extends DurableObject<Env> {
  async start(spec: ExportSpec): Promise<void> {
    await this.ctx.storage.put("spec", spec);
    await this.ctx.storage.setAlarm(Date.now());
  }

  override async alarm(info?: AlarmInvocationInfo): Promise<void> {
    const spec = await this.ctx.storage.get<ExportSpec>("spec");
    if (!spec) return;
    try {
      await runTenantExport(this.env, spec);
    } catch (err) {
      if ((info?.retryCount ?? 0) + 1 < MAX_ATTEMPTS) throw err;
      console.error("export failed", spec.exportId, err);
      const d1 = tenantDatabase(this.env, spec.tenant.binding);
      if (d1) await markExportFailed(d1, spec.exportId, `Không tạo được tệp: ${String((err as Error)?.message ?? err)}`, new Date().toISOString());
    }
    await this.ctx.storage.deleteAll();
  }
}
