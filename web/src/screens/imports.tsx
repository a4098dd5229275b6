// Importing a household list as the commune or the district keeps it (.xlsx or .csv, from the
// phone or the computer): the file is read through first (dry run) and what would happen is
// shown — the sheet and header row found, which column is which, how many households, the first
// errors with the whole list of them to download — and only on confirmation imported, with
// progress, the result and the error file. The same file again creates nothing new.
import { useEffect, useState } from "preact/hooks";
import { groupThousands } from "../../../src/domain";
import type { Import, ImportPreview } from "../../../src/schemas/import";
import { IMPORT_COLUMN_LABELS, IMPORT_COLUMNS } from "../../../src/schemas/import-columns";
import { api, errorText, postFile, postFileForFile } from "../api";
import { loadUnits, type Unit } from "../data";
import { type TextKey, t } from "../i18n";
import { type User, useAppState } from "../state";
import { Select } from "../ui/fields";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
/** dd/mm/yyyy and the time, in Vietnam. */
const TIME_FORMAT: Intl.DateTimeFormatOptions = {
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "Asia/Ho_Chi_Minh",
};
/** Errors listed on the screen; the downloadable file has them all. */
const SHOWN_ERRORS = 10;

const isXlsx = (file: File) => file.type === XLSX_TYPE || /\.xlsx$/i.test(file.name);
const contentType = (file: File) => (isXlsx(file) ? XLSX_TYPE : "text/csv");

function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

type Step =
  | { kind: "choose" }
  | { kind: "reading" }
  | { kind: "preview"; preview: ImportPreview }
  | { kind: "importing"; job: Import | null }
  | { kind: "done"; job: Import };

/** "commune:<id>" or "village:<id>": where the file goes. */
type Place = string;

const STATUS = {
  queued: "importQueued",
  running: "importRunning",
  done: "importDoneShort",
  failed: "importFailed",
} as const satisfies Record<Import["status"], TextKey>;

export function Imports({ me }: { me: User }) {
  useAppState();
  const tenant = me.tenant!;
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [place, setPlace] = useState<Place>("");
  const [file, setFile] = useState<File | null>(null);
  /** One key per chosen file: a repeated confirmation is the same import. */
  const [key, setKey] = useState("");
  const [step, setStep] = useState<Step>({ kind: "choose" });
  const [error, setError] = useState("");
  const [recent, setRecent] = useState<Import[]>([]);

  const loadRecent = () =>
    void api<{ items: Import[] }>("GET", `/api/v1/tenants/${tenant}/imports`)
      .then((r) => r.status === 200 && setRecent(r.body.items.slice(0, 5)))
      .catch(() => {});
  useEffect(() => {
    void loadUnits(tenant).then((all) => {
      const mine = all.find((u) => u.id === me.unitId);
      const communes = all.filter(
        (u) => u.level === "commune" && (!mine || u.id === mine.id || u.id === mine.parentId),
      );
      const villages = all.filter((u) => u.level === "village" && communes.some((c) => c.id === u.parentId));
      const list = mine?.level === "village" ? [mine] : [...communes, ...villages];
      setUnits(list);
      setPlace(mine?.level === "village" ? `village:${mine.id}` : communes[0] ? `commune:${communes[0].id}` : "");
    });
    loadRecent();
  }, [tenant]);

  if (!units) return <p>{t("loading")}</p>;
  const options: Record<string, string> = {};
  for (const c of units.filter((u) => u.level === "commune")) {
    options[`commune:${c.id}`] = t("wholeCommune", { name: c.name });
    for (const v of units.filter((u) => u.parentId === c.id)) options[`village:${v.id}`] = `${c.name} › ${v.name}`;
  }
  for (const v of units.filter((u) => u.level === "village" && !units.some((c) => c.id === u.parentId)))
    options[`village:${v.id}`] = v.name;

  const path = (name: string, extra = "") => {
    const [level, id] = place.split(":");
    return `/api/v1/tenants/${tenant}/imports?${level === "commune" ? "communeId" : "villageId"}=${id}&fileName=${encodeURIComponent(name)}${extra}`;
  };

  async function preview(chosen: File) {
    setFile(chosen);
    setKey(crypto.randomUUID());
    setError("");
    setStep({ kind: "reading" });
    const r = await postFile<ImportPreview>(path(chosen.name, "&dryRun=true"), chosen, contentType(chosen)).catch(
      () => null,
    );
    if (r?.status === 200) return setStep({ kind: "preview", preview: r.body });
    setError(r ? errorText(r.body, t("error")) : t("offline"));
    setStep({ kind: "choose" });
  }

  async function downloadErrors(format: "xlsx" | "csv") {
    if (!file) return;
    const got = await postFileForFile(
      path(file.name, "&dryRun=true"),
      file,
      contentType(file),
      format === "xlsx" ? XLSX_TYPE : "text/csv",
    ).catch(() => null);
    if (!got) return setError(t("offline"));
    if (!(got instanceof Blob)) return setError(errorText(got.body, t("error")));
    saveBlob(got, `loi-${file.name.replace(/\.[^.]+$/, "")}.${format}`);
  }

  async function confirm() {
    if (!file) return;
    setError("");
    setStep({ kind: "importing", job: null });
    const r = await postFile<Import>(path(file.name), file, contentType(file), { "Idempotency-Key": key }).catch(
      () => null,
    );
    if (r?.status !== 202) {
      setError(r ? errorText(r.body, t("error")) : t("offline"));
      return setStep({ kind: "choose" });
    }
    let job = r.body;
    for (let i = 0; i < 3600 && job.status !== "done" && job.status !== "failed"; i++) {
      setStep({ kind: "importing", job });
      await new Promise((ok) => setTimeout(ok, 1000));
      const s = await api<Import>("GET", `/api/v1/tenants/${tenant}/imports/${job.id}`).catch(() => null);
      if (s?.status === 200) job = s.body;
    }
    setStep({ kind: "done", job });
    loadRecent();
  }

  const restart = () => {
    setFile(null);
    setStep({ kind: "choose" });
  };

  return (
    <section>
      <h1>{t("importTitle")}</h1>
      {step.kind === "choose" && (
        <>
          <p class="note">{t("importIntro")}</p>
          <Select
            label={t("importInto")}
            name="place"
            value={place || undefined}
            allowEmpty={false}
            options={options}
            onChange={(v) => setPlace(v ?? "")}
          />
          <div class="field">
            <label for="import-file">{t("chooseFile")}</label>
            <input
              id="import-file"
              type="file"
              accept=".xlsx,.csv,text/csv,application/vnd.ms-excel,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              onChange={(e) => {
                const chosen = (e.currentTarget as HTMLInputElement).files?.[0];
                if (chosen) void preview(chosen);
              }}
            />
          </div>
        </>
      )}
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {step.kind === "reading" && <p role="status">{t("readingFile")}</p>}
      {step.kind === "preview" && (
        <PreviewView
          file={file!}
          preview={step.preview}
          onImport={() => void confirm()}
          onDownload={(f) => void downloadErrors(f)}
          onOther={restart}
        />
      )}
      {step.kind === "importing" && (
        <div class="job" role="status">
          <progress max={1} value={step.job?.progress ?? 0} aria-label={t("importTitle")} />
          <span>{t("importing", { p: Math.round((step.job?.progress ?? 0) * 100) })}</span>
        </div>
      )}
      {step.kind === "done" && <ResultView job={step.job} onOther={restart} />}
      {recent.length > 0 && (
        <>
          <h2>{t("recentImports")}</h2>
          <ul class="cards">
            {recent.map((r) => (
              <li key={r.id} class="card">
                <strong>{r.fileName || r.id.slice(0, 8)}</strong>{" "}
                <span class={`tag ${r.status === "failed" ? "failed" : r.status === "done" ? "sent" : "wait"}`}>
                  {t(STATUS[r.status])}
                </span>
                <p class="meta">
                  {new Date(r.createdAt).toLocaleString("vi-VN", TIME_FORMAT)} · {t("createdN", { n: groupThousands(r.created) })}
                  {r.skipped > 0 && ` · ${t("skippedN", { n: groupThousands(r.skipped) })}`}
                  {r.invalid > 0 && ` · ${t("invalidN", { n: groupThousands(r.invalid) })}`}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function PreviewView(p: {
  file: File;
  preview: ImportPreview;
  onImport: () => void;
  onDownload: (format: "xlsx" | "csv") => void;
  onOther: () => void;
}) {
  const v = p.preview;
  return (
    <div class="card preview" data-testid="import-preview">
      <h2>{t("previewTitle")}</h2>
      <dl class="facts">
        <dt>{t("fileLabel")}</dt>
        <dd>{p.file.name}</dd>
        {v.sheet !== null && (
          <>
            <dt>{t("sheetLabel")}</dt>
            <dd>{v.sheet}</dd>
          </>
        )}
        <dt>{t("headerRowLabel")}</dt>
        <dd>{v.headerRow}</dd>
        <dt>{t("householdsToImport")}</dt>
        <dd data-testid="preview-households">{groupThousands(v.households)}</dd>
        <dt>{t("invalidHouseholds")}</dt>
        <dd>{groupThousands(v.invalid)}</dd>
      </dl>
      <div class="table-wrap">
        <table class="mapping">
          <caption>{t("columnsRead")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("registerField")}</th>
              <th scope="col">{t("columnInFile")}</th>
            </tr>
          </thead>
          <tbody>
            {IMPORT_COLUMNS.filter((c) => v.columns[c] !== undefined).map((c) => (
              <tr key={c}>
                <th scope="row">{IMPORT_COLUMN_LABELS[c]}</th>
                <td>{v.columns[c]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {v.ignored.length > 0 && <p class="note">{t("ignoredColumns", { list: v.ignored.join(", ") })}</p>}
      {v.errorCount > 0 && (
        <>
          <h3>{t("errorsTitle", { n: groupThousands(v.errorCount) })}</h3>
          <ul class="row-errors">
            {v.errors.slice(0, SHOWN_ERRORS).map((e, i) => (
              <li key={i}>
                <strong>{t("rowN", { n: e.row })}</strong> · {e.column}: {e.message}
              </li>
            ))}
          </ul>
          {v.errorCount > SHOWN_ERRORS && <p class="note">{t("moreErrors", { n: v.errorCount - SHOWN_ERRORS })}</p>}
          <div class="actions">
            <button type="button" class="secondary" onClick={() => p.onDownload("xlsx")}>
              {t("downloadErrors")} (.xlsx)
            </button>
            <button type="button" class="secondary" onClick={() => p.onDownload("csv")}>
              {t("downloadErrors")} (.csv)
            </button>
          </div>
        </>
      )}
      <div class="actions">
        <button type="button" class="primary" disabled={v.households === 0} onClick={p.onImport}>
          {t("importN", { n: groupThousands(v.households) })}
        </button>
        <button type="button" class="secondary" onClick={p.onOther}>
          {t("otherFile")}
        </button>
      </div>
    </div>
  );
}

function ResultView({ job, onOther }: { job: Import; onOther: () => void }) {
  return (
    <div class="card" role="status" data-testid="import-result">
      {job.status === "done" ? (
        <>
          <h2>{t("importDone")}</h2>
          <ul>
            <li>{t("createdN", { n: groupThousands(job.created) })}</li>
            <li>{t("skippedN", { n: groupThousands(job.skipped) })}</li>
            <li>{t("invalidN", { n: groupThousands(job.invalid) })}</li>
          </ul>
          {job.errorReportXlsxUrl && job.errorReportUrl && (
            <div class="actions">
              <a class="button secondary" href={job.errorReportXlsxUrl} download>
                {t("downloadErrors")} (.xlsx)
              </a>
              <a class="button secondary" href={job.errorReportUrl} download>
                {t("downloadErrors")} (.csv)
              </a>
            </div>
          )}
        </>
      ) : (
        <>
          <h2>{t("importFailed")}</h2>
          <p class="error">{job.error ?? t("error")}</p>
        </>
      )}
      <div class="actions">
        <button type="button" class="secondary" onClick={onOther}>
          {t("otherFile")}
        </button>
      </div>
    </div>
  );
}
