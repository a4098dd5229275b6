// An export job: a report written as XLSX or CSV to R2, outside the request that asked for it.
// Summary forms are small (a row per unit) and are built whole; lists by name are paged by key
// (village code, head's name, household id), each page written and its bytes sent to R2 before
// the next is read, with the progress recorded as it goes.
import { drizzle } from "drizzle-orm/d1";
import { setProvinceExportState } from "../db/registry/province";
import { readCampaign } from "../db/tenant/campaigns";
import { markExportDone, markExportRunning, setExportProgress } from "../db/tenant/exports";
import type { ListKey } from "../db/tenant/reports";
import * as tenantSchema from "../db/tenant/schema";
import { getUnit } from "../db/tenant/units";
import { tenantDatabase } from "../tenancy/middleware";
import { buildListPage, buildSummary, listHouseholds, type ReportInput, reportTitle, villageNames } from "./build";
import { CsvWriter } from "./csv";
import { listRows, listTotalRow, sheetSpec, summaryRows } from "./layout";
import { provinceSheet, provinceSummary } from "./province";
import { openAnomalyCounts } from "./signals";
import { MultipartSink } from "./storage";
import { type FormCode, isListForm } from "./types";
import { type ByteSink, type SheetWriter, XlsxWriter } from "./xlsx";

export const EXPORT_FORMATS = ["xlsx", "csv"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Households per page of a list by name: about 2,000 member lines, a few hundred KB of XML. */
export const LIST_PAGE = 500;
/** How long a finished file stays downloadable. */
export const EXPORT_TTL_DAYS = 7;

export interface TenantExportSpec {
  kind: "tenant";
  exportId: string;
  tenant: { code: string; name: string; province: string; binding: string };
  campaignId: string;
  form: FormCode;
  format: ExportFormat;
  unitId: string | null;
  decidedOnly: boolean;
  /** The progress report shows the open signals when the one who asked may see them. */
  withAnomalies: boolean;
}

export interface ProvinceExportSpec {
  kind: "province";
  exportId: string;
  province: string;
  year: number;
  format: ExportFormat;
  decidedOnly: boolean;
}

export function sheetWriter(format: ExportFormat, emit: ByteSink): SheetWriter {
  return format === "xlsx" ? new XlsxWriter(emit) : new CsvWriter(emit);
}

/** `Content-Disposition` with the Vietnamese name, and a plain one for old clients. */
export function contentDisposition(title: string, fallback: string, extension: string): string {
  const name = `${title}.${extension}`.replace(/[\\/:*?"<>|\r\n]+/g, " ");
  return `attachment; filename="${fallback}.${extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export const exportObjectKey = (tenant: string, exportId: string, format: ExportFormat) =>
  `tenants/${tenant}/exports/${exportId}.${format}`;

export async function runTenantExport(env: Env, spec: TenantExportSpec): Promise<void> {
  const d1 = tenantDatabase(env, spec.tenant.binding);
  if (!d1) throw new Error(`No database binding ${spec.tenant.binding}`);
  const db = drizzle(d1, { schema: tenantSchema });
  await markExportRunning(d1, spec.exportId);
  const campaign = await readCampaign(d1, spec.campaignId);
  if (!campaign) throw new Error("Đợt rà soát không còn tồn tại.");
  const unit = spec.unitId ? ((await getUnit(db, spec.unitId)) ?? null) : null;
  if (spec.unitId && !unit) throw new Error("Đơn vị không còn tồn tại.");
  const input: ReportInput = {
    d1,
    db,
    tenantName: spec.tenant.name,
    campaign,
    unit,
    decidedOnly: spec.decidedOnly,
    ...(spec.withAnomalies
      ? { openAnomalies: () => openAnomalyCounts({ d1, db, registry: env.REGISTRY, tenant: spec.tenant, campaign }) }
      : {}),
  };

  const key = exportObjectKey(spec.tenant.code, spec.exportId, spec.format);
  const title = `${reportTitle(spec.form, campaign)} - ${unit?.name ?? spec.tenant.name}`;
  const probe = sheetWriter(spec.format, () => undefined);
  const upload = await env.EXPORTS.createMultipartUpload(key, {
    httpMetadata: {
      contentType: probe.contentType,
      contentDisposition: contentDisposition(title, `bao-cao-${spec.form}-${campaign.year}`, probe.extension),
    },
    customMetadata: { tenant: spec.tenant.code, exportId: spec.exportId },
  });
  const sink = new MultipartSink(upload);
  const writer = sheetWriter(spec.format, sink.push);
  try {
    if (isListForm(spec.form)) {
      const first = await buildListPage(input, spec.form, undefined, LIST_PAGE);
      writer.start(sheetSpec(first, "Đơn vị báo cáo"));
      writer.rows(listRows(first.rows, 1));
      let written = first.rows.length;
      let after: ListKey | null = first.next;
      const names = await villageNames(db);
      for (;;) {
        await sink.drain();
        await setExportProgress(
          d1,
          spec.exportId,
          first.total.households ? (written / first.total.households) * 100 : 0,
        );
        if (!after) break;
        const page = await listHouseholds(input, spec.form, after, LIST_PAGE, names);
        writer.rows(listRows(page.households, written + 1));
        written += page.households.length;
        after = page.next;
      }
      writer.rows([listTotalRow(first.total)]);
    } else {
      const report = await buildSummary(input, spec.form);
      await setExportProgress(d1, spec.exportId, 50);
      writer.start(sheetSpec(report, "Đơn vị báo cáo"));
      writer.rows(summaryRows(report));
    }
    writer.finish();
    const done = await sink.complete();
    await markExportDone(d1, spec.exportId, key, done.bytes, new Date().toISOString());
  } catch (err) {
    await sink.abort();
    throw err;
  }
}

export const provinceObjectKey = (province: string, exportId: string, format: ExportFormat) =>
  `provinces/${province}/exports/${exportId}.${format}`;

/** The province's results form, one row per tenant, from the tenants' counters. */
export async function runProvinceExport(env: Env, spec: ProvinceExportSpec): Promise<void> {
  await setProvinceExportState(env.REGISTRY, spec.exportId, { status: "running", progress: 0 });
  const summary = await provinceSummary(env, spec.province, spec.year, spec.decidedOnly);
  const { spec: sheet, rows } = provinceSheet(summary);
  const key = provinceObjectKey(spec.province, spec.exportId, spec.format);
  const probe = sheetWriter(spec.format, () => undefined);
  const upload = await env.EXPORTS.createMultipartUpload(key, {
    httpMetadata: {
      contentType: probe.contentType,
      contentDisposition: contentDisposition(
        `Kết quả rà soát hộ nghèo, hộ cận nghèo năm ${spec.year} - ${spec.province}`,
        `bao-cao-tinh-${spec.year}`,
        probe.extension,
      ),
    },
    customMetadata: { province: spec.province, exportId: spec.exportId },
  });
  const sink = new MultipartSink(upload);
  try {
    const writer = sheetWriter(spec.format, sink.push);
    writer.start(sheet);
    writer.rows(rows);
    writer.finish();
    const done = await sink.complete();
    await setProvinceExportState(env.REGISTRY, spec.exportId, {
      status: "done",
      progress: 100,
      objectKey: key,
      bytes: done.bytes,
      finishedAt: new Date().toISOString(),
    });
  } catch (err) {
    await sink.abort();
    throw err;
  }
}
