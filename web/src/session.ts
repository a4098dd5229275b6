// Who is signed in. The answer of /me is kept so that the app opens with no network; a 401 means
// the session ended and the person signs in again (their unsent changes stay in the outbox).
import { api, errorText, Offline } from "./api";
import { t } from "./i18n";
import { kv } from "./idb";
import { navigate, state, type User, update } from "./state";
import { forgetCachedData, mine, outbox, startSync, sync } from "./sync/client";

export async function startSession(): Promise<void> {
  if (state.route.path.startsWith("/public/")) {
    update({ me: null });
    return;
  }
  try {
    const r = await api<User>("GET", "/api/v1/me");
    if (r.status === 200) {
      await kv.put("me", r.body);
      update({ me: r.body });
    } else {
      await kv.delete("me");
      update({ me: null });
    }
  } catch (e) {
    if (!(e instanceof Offline)) throw e;
    update({ me: (await kv.get<User>("me")) ?? null, online: false });
  }
  if (state.me) startSync();
}

export async function signIn(username: string, password: string): Promise<string | null> {
  try {
    const r = await api<{ user: User }>("POST", "/api/v1/auth/login", { username, password });
    if (r.status !== 200) return errorText(r.body, t("signInFailed"));
    await kv.put("me", r.body.user);
    update({ me: r.body.user });
    startSync();
    void sync();
    navigate("/", true);
    return null;
  } catch (e) {
    if (e instanceof Offline) return t("signInOffline");
    throw e;
  }
}

/** Signs out after a warning when changes have not reached the server yet. */
export async function signOut(): Promise<void> {
  const unsent = (await outbox.unsent()).filter(mine).length;
  if (unsent > 0 && !confirm(t("unsentWarning", { n: unsent }))) return;
  try {
    await api("POST", "/api/v1/auth/logout");
  } catch {
    // offline: the local session ends now; the server's expires on its own
  }
  update({ me: null });
  await forgetCachedData();
  navigate("/login", true);
}
