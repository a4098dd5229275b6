// ExportJob: one Durable Object per export, so a report is written outside the request that asked
// for it. `start` stores the job and sets an alarm for now; the alarm runs it (an alarm may run
// for minutes and is retried by the platform when it throws). A job that keeps failing is marked
// failed with the reason, so the user is told rather than left waiting.
import { DurableObject } from "cloudflare:workers";
import { setProvinceExportState } from "../db/registry/province";
import { markExportFailed } from "../db/tenant/exports";
import { type ProvinceExportSpec, runProvinceExport, runTenantExport, type TenantExportSpec } from "../reports/export";
import { tenantDatabase } from "../tenancy/middleware";

/** Attempts before a job is given up: the first run and two retries. */
const MAX_ATTEMPTS = 3;

export type ExportSpec = TenantExportSpec | ProvinceExportSpec;

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
      if (spec.kind === "province") await runProvinceExport(this.env, spec);
      else await runTenantExport(this.env, spec);
    } catch (err) {
      if ((info?.retryCount ?? 0) + 1 < MAX_ATTEMPTS) throw err;
      console.error("export failed", spec.exportId, err);
      const message = `Không tạo được tệp: ${String((err as Error)?.message ?? err)}`;
      const at = new Date().toISOString();
      if (spec.kind === "province")
        await setProvinceExportState(this.env.REGISTRY, spec.exportId, {
          status: "failed",
          progress: 0,
          error: message,
          finishedAt: at,
        });
      else {
        const d1 = tenantDatabase(this.env, spec.tenant.binding);
        if (d1) await markExportFailed(d1, spec.exportId, message, at);
      }
    }
    await this.ctx.storage.deleteAll();
  }
}
