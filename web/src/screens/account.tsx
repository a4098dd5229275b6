// My account: change my password (the current one is needed) and see my sessions — where I am
// signed in, when each was last used — and end the ones I do not recognise.
import { useEffect, useState } from "preact/hooks";
import { api, errorText } from "../api";
import { t } from "../i18n";
import type { User } from "../state";
import { TextField } from "../ui/fields";

interface Session {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
  current: boolean;
}

const two = (n: number) => String(n).padStart(2, "0");
/** A moment in this phone's time: dd/mm/yyyy hh:mm. */
const when = (iso: string) => {
  const d = new Date(iso);
  return `${two(d.getDate())}/${two(d.getMonth() + 1)}/${d.getFullYear()} ${two(d.getHours())}:${two(d.getMinutes())}`;
};

/** "Chrome trên Android" from a User-Agent, enough to tell one's devices apart. */
function device(ua: string | null): string {
  if (!ua) return t("unknownDevice");
  const browser = /Edg\//.test(ua)
    ? "Edge"
    : /Firefox\//.test(ua)
      ? "Firefox"
      : /Chrome\//.test(ua)
        ? "Chrome"
        : /Safari\//.test(ua)
          ? "Safari"
          : ua.split(/[ /]/)[0]!;
  const system = /Android/.test(ua)
    ? "Android"
    : /iPhone|iPad/.test(ua)
      ? "iOS"
      : /Windows/.test(ua)
        ? "Windows"
        : /Mac OS/.test(ua)
          ? "macOS"
          : /Linux/.test(ua)
            ? "Linux"
            : "";
  return system ? t("browserOn", { browser, system }) : browser;
}

function PasswordChange() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    if (next !== again) return setMessage({ ok: false, text: t("passwordsDiffer") });
    setBusy(true);
    const r = await api("POST", "/api/v1/me/password", { currentPassword: current, newPassword: next }).catch(
      () => null,
    );
    setBusy(false);
    if (!r) return setMessage({ ok: false, text: t("needNetwork") });
    if (r.status !== 200) return setMessage({ ok: false, text: errorText(r.body, t("error")) });
    setCurrent("");
    setNext("");
    setAgain("");
    setMessage({ ok: true, text: t("passwordChanged") });
  }

  return (
    <form class="card" onSubmit={submit}>
      <h2>{t("changePassword")}</h2>
      <TextField
        label={t("currentPassword")}
        name="currentPassword"
        type="password"
        value={current}
        onInput={setCurrent}
        autocomplete="current-password"
        required
      />
      <TextField
        label={t("newPassword")}
        name="newPassword"
        type="password"
        value={next}
        onInput={setNext}
        autocomplete="new-password"
        hint={t("passwordRules")}
        required
      />
      <TextField
        label={t("newPasswordAgain")}
        name="newPasswordAgain"
        type="password"
        value={again}
        onInput={setAgain}
        autocomplete="new-password"
        required
      />
      {message && (
        <p role={message.ok ? "status" : "alert"} class={message.ok ? "note" : "error"}>
          {message.text}
        </p>
      )}
      <button type="submit" class="primary" disabled={busy}>
        {t("changePassword")}
      </button>
    </form>
  );
}

function Sessions() {
  const [sessions, setSessions] = useState<Session[] | null>(null);
  const [error, setError] = useState("");

  async function load() {
    const r = await api<{ items: Session[] }>("GET", "/api/v1/me/sessions").catch(() => null);
    if (r?.status === 200) setSessions(r.body.items);
    else setError(r ? errorText(r.body, t("error")) : t("needNetwork"));
  }
  useEffect(() => void load(), []);

  async function end(path: string) {
    const r = await api("DELETE", path).catch(() => null);
    if (r && r.status !== 204) setError(errorText(r.body, t("error")));
    await load();
  }

  return (
    <section class="card">
      <h2>{t("sessions")}</h2>
      <p class="note">{t("sessionsHint")}</p>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {sessions === null ? (
        <p>{t("loading")}</p>
      ) : (
        <ul class="sessions" data-testid="sessions">
          {sessions.map((s) => (
            <li key={s.id} class="entry">
              <div>
                <strong>{device(s.userAgent)}</strong> {s.current && <span class="tag">{t("thisSession")}</span>}
              </div>
              <small>
                {t("lastUsed")}: {when(s.lastSeenAt)} · {t("signedInAt")}: {when(s.createdAt)}
              </small>
              {!s.current && (
                <div class="actions">
                  <button type="button" class="secondary" onClick={() => void end(`/api/v1/me/sessions/${s.id}`)}>
                    {t("endSession")}
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {sessions && sessions.length > 1 && (
        <button type="button" class="secondary" onClick={() => void end("/api/v1/me/sessions")}>
          {t("endOtherSessions")}
        </button>
      )}
    </section>
  );
}

export function Account({ me }: { me: User }) {
  return (
    <section>
      <h1>{t("account")}</h1>
      <p>
        {me.displayName} · <code>{me.username}</code>
      </p>
      <PasswordChange />
      <Sessions />
    </section>
  );
}
