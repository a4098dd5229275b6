// The outbox as a person sees it: what waits, what was sent, what was refused and why, what is in
// conflict; retry, discard, resolve, and the last-resort export of unsent data.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { useAppState } from "../state";
import { exportUnsent, outbox, sync } from "../sync/client";
import type { OutboxEntry } from "../sync/engine";

export function useEntries(): OutboxEntry[] {
  const [entries, setEntries] = useState<OutboxEntry[]>([]);
  useEffect(() => {
    const load = () => void outbox.entries().then((e) => setEntries(e.reverse()));
    load();
    return outbox.onChange(load);
  }, []);
  return entries;
}

export function Queue() {
  const s = useAppState();
  const entries = useEntries();
  const unsent = entries.filter((e) => e.status !== "sent").length;
  return (
    <section>
      <h1>{t("queueTitle")}</h1>
      <p class="summary">
        <span class={`dot ${s.online ? "on" : "off"}`} aria-hidden="true" /> {s.online ? t("online") : t("offline")} ·{" "}
        {t("status_pending")}: {s.queue.pending} · {t("status_failed")}: {s.queue.failed} · {t("status_conflict")}:{" "}
        {s.queue.conflict}
      </p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void sync()} disabled={!s.queue.pending}>
          {t("sendNow")}
        </button>
        <button type="button" class="secondary" onClick={() => void exportUnsent()} disabled={!unsent}>
          {t("exportUnsent")}
        </button>
      </div>
      <p class="note">{t("exportHint")}</p>
      {entries.length === 0 ? (
        <p>{t("queueEmpty")}</p>
      ) : (
        <ul class="queue">
          {entries.map((e) => (
            <li key={e.id} class={`entry ${e.status}`} data-status={e.status}>
              <div>
                <strong>{e.label}</strong> <span class={`tag ${e.status}`}>{t(`status_${e.status}`)}</span>
                {e.owner && e.owner !== s.me?.username && <span class="tag">{t("ofAccount", { name: e.owner })}</span>}
              </div>
              <small>
                {e.method} · {new Date(e.createdAt).toLocaleString(s.lang === "vi" ? "vi-VN" : "en-GB")} · {e.attempts}{" "}
                {t("attempts")}
              </small>
              {e.error && e.error !== "offline" && <p class="error">{e.error}</p>}
              <div class="actions">
                {e.status === "conflict" && (
                  <a class="button primary" href={`/queue/${e.id}`}>
                    {t("resolve")}
                  </a>
                )}
                {e.status === "failed" && (
                  <button type="button" class="secondary" onClick={() => void outbox.retry(e.id).then(sync)}>
                    {t("retry")}
                  </button>
                )}
                {(e.status === "failed" || e.status === "conflict") && (
                  <button
                    type="button"
                    class="link danger"
                    onClick={() => confirm(t("discardConfirm")) && void outbox.discard(e.id)}
                  >
                    {t("discard")}
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
