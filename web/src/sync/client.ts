// The outbox in the browser: entries in IndexedDB, sent with fetch, flushed when the app opens,
// when the network returns (`online`; iOS has no Background Sync), when the app comes back to the
// foreground, after every change, and every half minute while something waits.
import { sawNetwork } from "../api";
import { idb, kv } from "../idb";
import { state, update } from "../state";
import { type Answer, Outbox, type OutboxEntry, type OutboxStore, type Transport, tally } from "./engine";

const store: OutboxStore = {
  all: () => idb.all<OutboxEntry>("outbox"),
  put: (e) => idb.put("outbox", e),
  delete: (id) => idb.delete("outbox", id),
};

const HOUSEHOLD_PATH = /^\/api\/v1\/tenants\/([^/]+)\/households(?:\/([^/]+))?$/;
const ASSESSMENT_PATH = /^\/api\/v1\/tenants\/([^/]+)\/campaigns\/([^/]+)\/assessments\/([^/]+)(\/actions)?$/;

/** Keeps the local copy of a record in step with what the server stored. */
async function remember(path: string, body: any) {
  if (!body || typeof body !== "object") return;
  const unsentOf = async (key: string) =>
    (await store.all()).filter((e) => e.entityKey === key && e.status !== "sent").length;
  const h = HOUSEHOLD_PATH.exec(path);
  if (h && typeof body.id === "string") {
    // Another unsent change of the same household is newer than this answer: keep the local copy.
    if ((await unsentOf(`household:${body.id}`)) > 1) return;
    await kv.put(`h:${h[1]}:${body.id}`, body);
    return;
  }
  const a = ASSESSMENT_PATH.exec(path);
  if (a && typeof body.householdId === "string") {
    if ((await unsentOf(`assessment:${a[2]}:${a[3]}`)) > 1) return;
    await kv.put(`a:${a[1]}:${a[2]}:${a[3]}`, body);
  }
}

const transport: Transport = async ({ method, path, body, headers }) => {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", ...headers },
      body: JSON.stringify(body),
    });
  } catch (e) {
    sawNetwork(false);
    throw e;
  }
  sawNetwork(true);
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  const answer: Answer = { status: res.status, body: parsed };
  if (res.ok) await remember(path, parsed);
  return answer;
};

export const outbox = new Outbox(store, transport, undefined, undefined, (e) => mine(e));

/** Changes made in this session's account (or before accounts were recorded). */
export const mine = (e: OutboxEntry) => !e.owner || e.owner === state.me?.username;

async function refreshTally() {
  update({ queue: tally((await outbox.entries()).filter(mine)) });
}
outbox.onChange(() => void refreshTally());

/** Sends what waits, unless offline or signed out. */
export async function sync(): Promise<void> {
  if (!state.me) return;
  await outbox.flush();
  await outbox.prune();
}

let started = false;
export function startSync() {
  if (started) return;
  started = true;
  void refreshTally();
  addEventListener("online", () => {
    update({ online: true });
    void sync();
  });
  addEventListener("offline", () => update({ online: false }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") void sync();
  });
  // The `online` event is not always delivered (some WebViews, pages restored from cache): look
  // at the flag every few seconds too, and retry what waits every half minute in any case.
  setInterval(() => {
    if (navigator.onLine === state.online) return;
    update({ online: navigator.onLine });
    if (navigator.onLine) void sync();
  }, 3_000);
  setInterval(() => {
    if (state.queue.pending > 0) void sync();
  }, 30_000);
  void sync();
}

/** The unsent changes as a file the person can hand over when nothing else works. */
export async function exportUnsent(): Promise<void> {
  const unsent = await outbox.unsent();
  const file = {
    app: "ra-soat",
    exportedAt: new Date().toISOString(),
    user: state.me ? { username: state.me.username, tenant: state.me.tenant } : null,
    changes: unsent.map(({ id, method, path, body, baseVersion, label, status, error, createdAt }) => ({
      idempotencyKey: id,
      method,
      path,
      body,
      baseVersion,
      label,
      status,
      error,
      createdAt,
    })),
  };
  const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url;
  a.download = `ra-soat-chua-gui-${new Date().toISOString().slice(0, 10)}.json`;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Forgets what was kept for offline use (a phone may be shared), except the phone's copies of
 * records with unsent changes: those go out at the next sign-in of whoever made them.
 */
export async function forgetCachedData(): Promise<void> {
  const keep = new Set((await outbox.unsent()).map(localKeyOf).filter((k): k is string => k !== null));
  for (const key of await idb.keys("kv", "")) if (!keep.has(key)) await kv.delete(key);
  void refreshTally();
}

/** The key of the phone's own copy of the record an entry changes. */
export function localKeyOf(entry: OutboxEntry): string | null {
  const h = HOUSEHOLD_PATH.exec(entry.path);
  if (h) return `h:${h[1]}:${entry.entityKey.slice("household:".length)}`;
  const a = ASSESSMENT_PATH.exec(entry.path);
  return a ? `a:${a[1]}:${a[2]}:${a[3]}` : null;
}
