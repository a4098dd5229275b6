import { useState } from "preact/hooks";
import { setLang, t } from "../i18n";
import { signIn } from "../session";
import { useAppState } from "../state";
import { TextField } from "../ui/fields";

export function Login() {
  const s = useAppState();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError((await signIn(username.trim(), password)) ?? "");
    setBusy(false);
  }

  return (
    <main class="page narrow">
      <h1>{t("appName")}</h1>
      <form onSubmit={submit} class="card">
        <TextField
          label={t("username")}
          name="username"
          value={username}
          onInput={setUsername}
          autocomplete="username"
          required
        />
        <TextField
          label={t("password")}
          name="password"
          type="password"
          value={password}
          onInput={setPassword}
          autocomplete="current-password"
          required
        />
        {error && (
          <p role="alert" class="error">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {t("signIn")}
        </button>
      </form>
      <button type="button" class="link" onClick={() => setLang(s.lang === "vi" ? "en" : "vi")}>
        {t("language")}
      </button>
    </main>
  );
}
