// District and province: progress per commune and village with bars and a chart of daily
// progress, the official reports as tables with an export (job progress, then the download),
// the falsification signals, and the province's view of all districts.

import type { z } from "@hono/zod-openapi";
import { useEffect, useState } from "preact/hooks";
import { groupThousands } from "../../../src/domain";
import type { ReportSchema } from "../../../src/schemas/report";
import { api, errorText, getAll } from "../api";
import { type Campaign, currentCampaign, loadCampaigns } from "../data";
import { t } from "../i18n";
import { navigate, type User, useAppState } from "../state";
import { Select, TextField } from "../ui/fields";

type Report = z.infer<typeof ReportSchema>;
type Column = Report["columns"][number];
/** What a table shows: a report, or the province's summary laid out the same way. */
type TableData = Pick<Report, "title" | "columns" | "rows" | "total"> & Partial<Pick<Report, "unitName" | "period">>;

const FORMS: Record<string, string> = {
  results: "Kết quả rà soát",
  "poor-movement": "Diễn biến hộ nghèo",
  "near-poor-movement": "Diễn biến hộ cận nghèo",
  deprivations: "Thiếu hụt dịch vụ xã hội cơ bản",
  groups: "Theo nhóm đối tượng",
  ethnicity: "Theo dân tộc",
  causes: "Theo nguyên nhân nghèo",
  children: "Thiếu hụt của trẻ em",
  progress: "Tiến độ rà soát",
};

function cell(v: unknown, kind: Column["kind"]): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") {
    if (kind === "rate") return `${v.toFixed(2).replace(".", ",")}%`;
    if (kind === "money") return `${groupThousands(v)} đ`;
    return groupThousands(v);
  }
  if (kind === "timestamp" && typeof v === "string") return new Date(v).toLocaleString("vi-VN");
  return String(v);
}

function useTenantCampaign(
  me: User,
  tenantParam: string | null,
): { tenant: string | null; campaign: Campaign | null | undefined } {
  const tenant = me.tenant ?? tenantParam;
  const [campaign, setCampaign] = useState<Campaign | null | undefined>(undefined);
  useEffect(() => {
    if (tenant) void loadCampaigns(tenant).then((c) => setCampaign(currentCampaign(c)));
  }, [tenant]);
  return { tenant, campaign };
}

async function fetchReport(
  tenant: string,
  campaign: string,
  form: string,
  unitId: string | null,
): Promise<Report | string> {
  const r = await api<Report>(
    "GET",
    `/api/v1/tenants/${tenant}/campaigns/${campaign}/reports/${form}${unitId ? `?unitId=${unitId}` : ""}`,
  ).catch(() => null);
  if (!r) return t("offline");
  if (r.status === 404) return t("notAvailable");
  if (r.status !== 200) return errorText(r.body, t("error"));
  return r.body;
}

export function ReportTable({ report, onRow }: { report: TableData; onRow?: (row: Record<string, unknown>) => void }) {
  return (
    <div class="table-wrap">
      <table class="report">
        <caption>
          {report.title} {report.unitName ? `— ${report.unitName}` : ""} {report.period ? `(${report.period})` : ""}
        </caption>
        <thead>
          <tr>
            {report.columns.map((c) => (
              <th key={c.key} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row, i) => (
            <tr key={String(row.unitId ?? i)}>
              {report.columns.map((c, j) =>
                j === 0 ? (
                  <th key={c.key} scope="row">
                    {onRow && row.unitId ? (
                      <button type="button" class="link" onClick={() => onRow(row)}>
                        {cell(row[c.key] ?? row.unitName, c.kind)}
                      </button>
                    ) : (
                      cell(row[c.key] ?? row.unitName, c.kind)
                    )}
                  </th>
                ) : (
                  <td key={c.key} class={c.kind === "text" ? "" : "num"}>
                    {cell(row[c.key], c.kind)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            {report.columns.map((c, j) => (
              <td key={c.key} class={j === 0 ? "" : "num"}>
                {j === 0 ? t("total") : cell(report.total[c.key], c.kind)}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

const STAGES = ["surveyed", "submitted", "accepted", "agreed", "posted", "decided"];

export function Dashboard({ me, tenant: tenantParam }: { me: User; tenant: string | null }) {
  const s = useAppState();
  const { tenant, campaign } = useTenantCampaign(me, tenantParam);
  const unitId = s.route.query.get("unitId");
  const [report, setReport] = useState<Report | string | null>(null);
  const [daily, setDaily] = useState<[string, number][]>([]);

  useEffect(() => {
    if (!tenant || !campaign) return;
    setReport(null);
    void fetchReport(tenant, campaign.id, "progress", unitId).then(setReport);
    // Forms saved per day (Vietnam dates), from the campaign's list.
    void getAll<{ lastSavedAt?: string | null }>(
      `/api/v1/tenants/${tenant}/campaigns/${campaign.id}/assessments?${unitId ? `communeId=${unitId}` : ""}`,
    )
      .then((r) => {
        const days = new Map<string, number>();
        for (const a of r.body) {
          if (!a.lastSavedAt) continue;
          const day = new Date(Date.parse(a.lastSavedAt) + 7 * 3600_000).toISOString().slice(0, 10);
          days.set(day, (days.get(day) ?? 0) + 1);
        }
        setDaily([...days].sort(([a], [b]) => a.localeCompare(b)).slice(-30));
      })
      .catch(() => setDaily([]));
  }, [tenant, campaign?.id, unitId]);

  if (!tenant) return <TenantPicker path="/dashboard" />;
  if (campaign === undefined) return <p>{t("loading")}</p>;
  if (!campaign) return <p class="note">{t("noCampaign")}</p>;
  return (
    <section>
      <h1>
        {t("dashboard")} {campaign.year}
      </h1>
      {unitId && (
        <p>
          <a href={`/dashboard${me.tenant ? "" : `?tenant=${tenant}`}`}>← {t("back")}</a>
        </p>
      )}
      {report === null ? (
        <p>{t("loading")}</p>
      ) : typeof report === "string" ? (
        <p class="note">{report}</p>
      ) : (
        <>
          <ul class="bars" aria-label={t("dashboard")}>
            {report.rows.map((row) => {
              const listed = Number(row.listed ?? 0);
              return (
                <li key={String(row.unitId)}>
                  <div class="bar-head">
                    {row.unitId && !unitId ? (
                      <a href={`/dashboard?${me.tenant ? "" : `tenant=${tenant}&`}unitId=${String(row.unitId)}`}>
                        {String(row.unitName)}
                      </a>
                    ) : (
                      <span>{String(row.unitName)}</span>
                    )}
                    <span>
                      {groupThousands(Number(row.decided ?? 0))}/{groupThousands(listed)}
                    </span>
                  </div>
                  <div class="bar-stack">
                    {STAGES.map((k) => {
                      const n = Number(row[k] ?? 0);
                      const label = report.columns.find((c) => c.key === k)?.label ?? k;
                      return (
                        <div key={k} class={`bar stage-${k}`} title={`${label}: ${n}`}>
                          <span style={{ width: `${listed ? Math.round((n / listed) * 100) : 0}%` }} />
                          <small>
                            {label}: {groupThousands(n)}
                          </small>
                        </div>
                      );
                    })}
                  </div>
                </li>
              );
            })}
          </ul>
          {daily.length > 0 && <DailyChart days={daily} />}
          <ReportTable
            report={report}
            onRow={
              unitId
                ? undefined
                : (row) => navigate(`/dashboard?${me.tenant ? "" : `tenant=${tenant}&`}unitId=${String(row.unitId)}`)
            }
          />
        </>
      )}
    </section>
  );
}

function DailyChart({ days }: { days: [string, number][] }) {
  const max = Math.max(...days.map(([, n]) => n), 1);
  const w = 320;
  const h = 120;
  const bw = Math.min(w / days.length, 32);
  return (
    <figure class="chart">
      <figcaption>{t("dailyProgress")}</figcaption>
      <svg
        viewBox={`0 0 ${w} ${h + 20}`}
        role="img"
        aria-label={days.map(([d, n]) => `${d.slice(8)}/${d.slice(5, 7)}: ${n}`).join(", ")}
      >
        {days.map(([d, n], i) => (
          <g key={d}>
            <rect
              x={i * bw + 2}
              y={h - (n / max) * h}
              width={Math.max(2, bw - 4)}
              height={(n / max) * h}
              fill="#9f1c1c"
            />
            {days.length <= 15 && (
              <text x={i * bw + bw / 2} y={h + 14} font-size="10" text-anchor="middle">
                {d.slice(8)}/{d.slice(5, 7)}
              </text>
            )}
          </g>
        ))}
      </svg>
    </figure>
  );
}

function TenantPicker({ path }: { path: string }) {
  const [tenants, setTenants] = useState<{ code: string; name: string }[] | null>(null);
  useEffect(
    () =>
      void api("GET", "/api/v1/tenants")
        .then((r) => setTenants(r.status === 200 ? r.body.items : []))
        .catch(() => setTenants([])),
    [],
  );
  if (!tenants) return <p>{t("loading")}</p>;
  return (
    <ul class="links">
      {tenants.map((x) => (
        <li key={x.code}>
          <a href={`${path}?tenant=${x.code}`}>{x.name}</a>
        </li>
      ))}
    </ul>
  );
}

export function Reports({ me, tenant: tenantParam }: { me: User; tenant: string | null }) {
  const { tenant, campaign } = useTenantCampaign(me, tenantParam);
  const [form, setForm] = useState("results");
  const [report, setReport] = useState<Report | string | null>(null);
  const [job, setJob] = useState<{ status: string; progress: number; downloadUrl?: string; error?: string } | null>(
    null,
  );

  useEffect(() => {
    if (!tenant || !campaign) return;
    setReport(null);
    void fetchReport(tenant, campaign.id, form, null).then(setReport);
  }, [tenant, campaign?.id, form]);

  async function exportIt(format: "xlsx" | "csv") {
    if (!tenant || !campaign) return;
    setJob({ status: "queued", progress: 0 });
    const r = await api(
      "POST",
      `/api/v1/tenants/${tenant}/exports`,
      { campaignId: campaign.id, form, format },
      { "Idempotency-Key": crypto.randomUUID() },
    ).catch(() => null);
    if (!r || r.status !== 202)
      return setJob({ status: "failed", progress: 0, error: r ? errorText(r.body, t("error")) : t("offline") });
    const id = r.body.id as string;
    for (let i = 0; i < 600; i++) {
      const s = await api("GET", `/api/v1/tenants/${tenant}/exports/${id}`).catch(() => null);
      if (s?.status === 200) {
        setJob(s.body);
        if (s.body.status === "done" || s.body.status === "failed") return;
      }
      await new Promise((ok) => setTimeout(ok, 1000));
    }
  }

  if (!tenant) return <TenantPicker path="/reports" />;
  if (campaign === undefined) return <p>{t("loading")}</p>;
  if (!campaign) return <p class="note">{t("noCampaign")}</p>;
  return (
    <section>
      <h1>{t("reports")}</h1>
      <Select
        label={t("reports")}
        name="form"
        value={form}
        allowEmpty={false}
        options={FORMS}
        onChange={(v) => setForm(v ?? "results")}
      />
      <div class="actions">
        <button type="button" class="secondary" onClick={() => void exportIt("xlsx")}>
          {t("exportFile")} (.xlsx)
        </button>
        <button type="button" class="secondary" onClick={() => void exportIt("csv")}>
          {t("exportFile")} (.csv)
        </button>
      </div>
      {job && (
        <div class="job" role="status">
          {job.status === "done" && job.downloadUrl ? (
            <a class="button primary" href={job.downloadUrl} download>
              {t("download")}
            </a>
          ) : job.status === "failed" ? (
            <p class="error">{job.error ?? t("error")}</p>
          ) : (
            <>
              <progress max={1} value={job.progress} />
              <span>{t("exportRunning", { p: Math.round(job.progress * 100) })}</span>
            </>
          )}
        </div>
      )}
      {report === null ? (
        <p>{t("loading")}</p>
      ) : typeof report === "string" ? (
        <p class="note">{report}</p>
      ) : (
        <ReportTable report={report} />
      )}
    </section>
  );
}

interface Signal {
  rule: string;
  ruleLabel: string;
  subjectId: string;
  villageIds: string[];
  householdIds: string[];
  reason: string;
  status: "open" | "checked";
  check: { note: string; byName: string; at: string } | null;
}

export function Signals({ me, tenant: tenantParam }: { me: User; tenant: string | null }) {
  const { tenant, campaign } = useTenantCampaign(me, tenantParam);
  const [items, setItems] = useState<Signal[] | string | null>(null);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const load = () => {
    if (!tenant || !campaign) return;
    void getAll<Signal>(`/api/v1/tenants/${tenant}/campaigns/${campaign.id}/anomalies`)
      .then((r) => setItems(r.status === 200 ? r.body : r.status === 404 ? t("notAvailable") : t("error")))
      .catch(() => setItems(t("offline")));
  };
  useEffect(load, [tenant, campaign?.id]);

  async function check(x: Signal) {
    const note = notes[`${x.rule}/${x.subjectId}`]?.trim();
    if (!note || !tenant || !campaign) return;
    await api(
      "POST",
      `/api/v1/tenants/${tenant}/campaigns/${campaign.id}/anomalies/${x.rule}/${x.subjectId}/check`,
      { note },
      { "Idempotency-Key": crypto.randomUUID() },
    ).catch(() => null);
    load();
  }

  if (!tenant) return <TenantPicker path="/signals" />;
  return (
    <section>
      <h1>{t("signals")}</h1>
      {items === null ? (
        <p>{t("loading")}</p>
      ) : typeof items === "string" ? (
        <p class="note">{items}</p>
      ) : items.length === 0 ? (
        <p>{t("noSignals")}</p>
      ) : (
        <ul class="cards">
          {items.map((x) => {
            const key = `${x.rule}/${x.subjectId}`;
            return (
              <li key={key} class={`card signal ${x.status}`}>
                <strong>{x.ruleLabel}</strong>{" "}
                <span class={`tag ${x.status === "open" ? "failed" : "sent"}`}>
                  {t(x.status === "open" ? "signalOpen" : "signalChecked")}
                </span>
                <p>{x.reason}</p>
                {x.householdIds.length > 0 && x.villageIds[0] && (
                  <ul class="links">
                    {x.householdIds.slice(0, 5).map((h) => (
                      <li key={h}>
                        <a href={`/v/${x.villageIds[0]}/h/${h}`}>{t("openHousehold")}</a>
                      </li>
                    ))}
                  </ul>
                )}
                {x.check ? (
                  <p class="note">
                    {x.check.byName}: {x.check.note}
                  </p>
                ) : (
                  me.role === "district_admin" && (
                    <div class="field-row">
                      <TextField
                        label={t("checkNote")}
                        value={notes[key] ?? ""}
                        onInput={(v) => setNotes({ ...notes, [key]: v })}
                      />
                      <button
                        type="button"
                        class="secondary"
                        onClick={() => void check(x)}
                        disabled={!notes[key]?.trim()}
                      >
                        {t("markChecked")}
                      </button>
                    </div>
                  )
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

interface ProvinceSummary {
  year: number;
  standard: string;
  totals: Record<string, number>;
  tenants: {
    code: string;
    name: string;
    households: number;
    poor: number;
    nearPoor: number;
    averageLiving: number;
    poorRate: number;
    nearPoorRate: number;
    asOf: string;
  }[];
}

export function ProvinceView({ me: _me }: { me: User }) {
  const [year, setYear] = useState(new Date().getFullYear());
  const [data, setData] = useState<ProvinceSummary | string | null>(null);
  useEffect(() => {
    setData(null);
    void api<ProvinceSummary>("GET", `/api/v1/province/summary?year=${year}`)
      .then((r) =>
        setData(r.status === 200 ? r.body : r.status === 404 ? t("notAvailable") : errorText(r.body, t("error"))),
      )
      .catch(() => setData(t("offline")));
  }, [year]);
  const years = Object.fromEntries(
    [0, 1, 2].map((k) => [String(new Date().getFullYear() - k), String(new Date().getFullYear() - k)]),
  );
  return (
    <section>
      <h1>{t("province")}</h1>
      <Select
        label="Năm"
        name="year"
        value={String(year)}
        allowEmpty={false}
        options={years}
        onChange={(v) => setYear(Number(v))}
      />
      {data === null ? (
        <p>{t("loading")}</p>
      ) : typeof data === "string" ? (
        <p class="note">{data}</p>
      ) : (
        <ReportTable
          report={{
            title: `${t("province")} ${data.year} (${data.standard})`,
            columns: [
              { key: "name", label: "Huyện", kind: "text" },
              { key: "households", label: t("households"), kind: "count" },
              { key: "poor", label: t("poor"), kind: "count" },
              { key: "poorRate", label: `${t("rate")} ${t("poor").toLowerCase()}`, kind: "rate" },
              { key: "nearPoor", label: t("nearPoor"), kind: "count" },
              { key: "nearPoorRate", label: `${t("rate")} ${t("nearPoor").toLowerCase()}`, kind: "rate" },
            ],
            rows: data.tenants.map((x) => ({ ...x, unitId: x.code })),
            total: data.totals,
          }}
          onRow={(row) => navigate(`/dashboard?tenant=${String(row.code)}`)}
        />
      )}
    </section>
  );
}
