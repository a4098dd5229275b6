// The outbox: every change made in the app is first written here (IndexedDB in the browser), then
// sent in order when the network allows. Pure logic over an injected store and transport, so that
// it is tested in Node exactly as it runs on the phone.
//
// Guarantees a reviewer relies on:
// - a change is never lost: it stays in the outbox until the server has taken it (2xx) or the
//   person has decided what to do with it (failed, conflict);
// - a change arrives once: each entry carries its own Idempotency-Key, reused on every retry, so a
//   request whose answer was lost on a 3G drop is answered from the server's record, not applied twice;
// - changes to one record keep their order, each based on the version the previous one produced;
//   one that is refused (conflict, failure) holds back the later changes of that record only.

export type EntryStatus = "pending" | "sent" | "failed" | "conflict";

export interface OutboxEntry {
  /** Also the Idempotency-Key of the request. */
  id: string;
  /** Order of creation; entries are sent in this order. */
  seq: number;
  /** The record changed: "household:<id>", "assessment:<campaign>:<household>", …  */
  entityKey: string;
  method: "POST" | "PUT" | "PATCH";
  path: string;
  body: Record<string, unknown>;
  /** The version the change was made on (sent as If-Match); null when none is known yet. */
  baseVersion: number | null;
  /**
   * An update of a versioned record: its base version follows the versions produced by the
   * earlier changes of the same record sent from this outbox. False for creates and actions.
   */
  versioned: boolean;
  /** Records that must reach the server first (the household before its assessment). */
  dependsOn?: string[];
  /** Who made the change: it is sent only in that person's session (a shared phone). */
  owner?: string;
  /** What a person reads in the queue ("Hộ Nguyễn Văn An — lưu"). */
  label: string;
  status: EntryStatus;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  /** The server's message for a failure, or why it is waiting. */
  error?: string;
  /** The version the server stored (2xx). */
  resultVersion?: number;
  /** The record as it is on the server, for a 409 with `current`. */
  current?: Record<string, unknown>;
}

export interface OutboxStore {
  all(): Promise<OutboxEntry[]>;
  put(entry: OutboxEntry): Promise<void>;
  delete(id: string): Promise<void>;
}

export interface Answer {
  status: number;
  body: unknown;
}

/** Sends one request; throws when the network is unreachable (no answer at all). */
export type Transport = (req: {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}) => Promise<Answer>;

export interface NewChange {
  entityKey: string;
  method: OutboxEntry["method"];
  path: string;
  body: Record<string, unknown>;
  baseVersion: number | null;
  versioned: boolean;
  dependsOn?: string[];
  owner?: string;
  label: string;
}

export interface FlushReport {
  sent: OutboxEntry[];
  /** True when the flush stopped early: offline, server busy, or the session ended. */
  interrupted: "offline" | "server" | "unauthenticated" | null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function errorMessage(body: unknown, fallback: string): string {
  if (isRecord(body) && isRecord(body.error)) {
    const e = body.error;
    const details = Array.isArray(e.details)
      ? e.details.filter(isRecord).map((d) => `${String(d.path ?? "")}: ${String(d.message ?? "")}`)
      : [];
    return [String(e.message ?? fallback), ...details].join(" — ");
  }
  return fallback;
}

/** Entries whose record has an earlier change that was refused: they wait for it to be resolved. */
function blockedKeys(entries: OutboxEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.status === "failed" || e.status === "conflict").map((e) => e.entityKey));
}

export class Outbox {
  private flushing: Promise<FlushReport> | null = null;
  private again = false;
  private listeners = new Set<() => void>();

  constructor(
    private readonly store: OutboxStore,
    private readonly transport: Transport,
    private readonly makeId: () => string = () => crypto.randomUUID(),
    private readonly now: () => Date = () => new Date(),
    /** Which entries this session may send (the others wait for their owner's session). */
    private readonly sendable: (entry: OutboxEntry) => boolean = () => true,
  ) {}

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  private changed() {
    for (const fn of this.listeners) fn();
  }

  async entries(): Promise<OutboxEntry[]> {
    return (await this.store.all()).sort((a, b) => a.seq - b.seq);
  }

  /** Changes not yet on the server (pending, failed or in conflict). */
  async unsent(): Promise<OutboxEntry[]> {
    return (await this.entries()).filter((e) => e.status !== "sent");
  }

  /**
   * Records a change. A change to the same record and address as the last unsent one that was
   * never tried replaces it (same key: the server has never seen it), so that saving a form ten
   * times offline sends one request.
   */
  async add(change: NewChange): Promise<OutboxEntry> {
    const all = await this.entries();
    const last = all.filter((e) => e.entityKey === change.entityKey && e.status !== "sent").at(-1);
    if (
      last &&
      last.status === "pending" &&
      last.attempts === 0 &&
      last.method === change.method &&
      last.path === change.path &&
      last.owner === change.owner
    ) {
      const merged: OutboxEntry = { ...last, body: change.body, label: change.label };
      await this.store.put(merged);
      this.changed();
      return merged;
    }
    const seq = all.reduce((m, e) => Math.max(m, e.seq), 0) + 1;
    const entry: OutboxEntry = {
      ...change,
      id: this.makeId(),
      seq,
      status: "pending",
      attempts: 0,
      createdAt: this.now().toISOString(),
    };
    await this.store.put(entry);
    this.changed();
    return entry;
  }

  /**
   * Sends the pending entries in order. Only one flush runs at a time; a flush asked for while one
   * runs is done right after it, so that a change added meanwhile is not left waiting.
   */
  flush(): Promise<FlushReport> {
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    const loop = async (): Promise<FlushReport> => {
      const sent: OutboxEntry[] = [];
      for (;;) {
        this.again = false;
        const report = await this.run();
        sent.push(...report.sent);
        if (report.interrupted || !this.again) return { sent, interrupted: report.interrupted };
      }
    };
    this.flushing = loop().finally(() => {
      this.flushing = null;
    });
    return this.flushing;
  }

  private async run(): Promise<FlushReport> {
    const sent: OutboxEntry[] = [];
    const order = (await this.entries()).map((e) => e.id);
    for (const id of order) {
      // Read afresh: `add` may have replaced the body of an untried entry since the flush began.
      const entries = await this.entries();
      const entry = entries.find((e) => e.id === id);
      if (!entry || entry.status !== "pending" || !this.sendable(entry)) continue;
      const blocked = blockedKeys(entries.filter((e) => e.seq < entry.seq));
      if (blocked.has(entry.entityKey) || entry.dependsOn?.some((k) => blocked.has(k))) continue;
      const headers: Record<string, string> = { "Idempotency-Key": entry.id };
      if (entry.baseVersion !== null) headers["If-Match"] = `"${entry.baseVersion}"`;
      // Counted before sending: from now on the server may have seen this key, so `add` must not
      // change the entry's body any more.
      entry.attempts++;
      await this.store.put(entry);
      let answer: Answer;
      try {
        answer = await this.transport({ method: entry.method, path: entry.path, body: entry.body, headers });
      } catch {
        entry.error = "offline";
        await this.store.put(entry);
        this.changed();
        return { sent, interrupted: "offline" };
      }
      const { status, body } = answer;
      if (status >= 200 && status < 300) {
        entry.status = "sent";
        entry.sentAt = this.now().toISOString();
        delete entry.error;
        const version = isRecord(body) && typeof body.version === "number" ? body.version : undefined;
        if (version !== undefined) entry.resultVersion = version;
        await this.store.put(entry);
        // Later changes of the same record were made on top of this one: base them on its version.
        if (version !== undefined)
          for (const later of await this.entries())
            if (
              later.seq > entry.seq &&
              later.entityKey === entry.entityKey &&
              later.status === "pending" &&
              later.versioned
            ) {
              later.baseVersion = version;
              await this.store.put(later);
            }
        sent.push(entry);
        this.changed();
        continue;
      }
      if (status === 401) {
        entry.error = errorMessage(body, "Phiên đăng nhập đã hết; hãy đăng nhập lại.");
        await this.store.put(entry);
        this.changed();
        return { sent, interrupted: "unauthenticated" };
      }
      if (status >= 500 || status === 429) {
        entry.error = errorMessage(body, `Máy chủ chưa nhận (${status}); sẽ thử lại.`);
        await this.store.put(entry);
        this.changed();
        return { sent, interrupted: "server" };
      }
      if (status === 409 && isRecord(body) && isRecord(body.current)) {
        entry.status = "conflict";
        entry.current = body.current;
        entry.error = errorMessage(body, "Bản ghi đã được người khác thay đổi.");
      } else {
        entry.status = "failed";
        entry.error = errorMessage(body, `Máy chủ từ chối (${status}).`);
      }
      await this.store.put(entry);
      this.changed();
    }
    return { sent, interrupted: null };
  }

  /** Puts a failed entry back in the queue as it is (after the cause was fixed elsewhere). */
  async retry(id: string): Promise<void> {
    const entry = (await this.store.all()).find((e) => e.id === id);
    if (!entry || entry.status !== "failed") return;
    entry.status = "pending";
    delete entry.error;
    await this.store.put(entry);
    this.changed();
  }

  /** Drops an unsent change for good (the person chose the server's version, or gave up). */
  async discard(id: string): Promise<void> {
    await this.store.delete(id);
    this.changed();
  }

  /**
   * Settles a conflict: the conflicting change is replaced by `body`, a new change based on the
   * server's current version, with a new key (the old request was refused, not stored). With
   * `body` null the person keeps the server's version and the change is dropped.
   */
  async resolve(id: string, body: Record<string, unknown> | null): Promise<OutboxEntry | null> {
    const entry = (await this.store.all()).find((e) => e.id === id);
    if (!entry || entry.status !== "conflict") return null;
    await this.store.delete(id);
    if (body === null) {
      this.changed();
      return null;
    }
    const version =
      entry.current && typeof entry.current.version === "number" ? entry.current.version : entry.baseVersion;
    const replacement: OutboxEntry = {
      ...entry,
      id: this.makeId(),
      body,
      baseVersion: version,
      status: "pending",
      attempts: 0,
      createdAt: this.now().toISOString(),
    };
    delete replacement.current;
    delete replacement.error;
    await this.store.put(replacement);
    this.changed();
    return replacement;
  }

  /** Forgets sent entries beyond the most recent `keep` (the queue shows recent history). */
  async prune(keep = 50): Promise<void> {
    const sent = (await this.entries()).filter((e) => e.status === "sent");
    for (const e of sent.slice(0, Math.max(0, sent.length - keep))) await this.store.delete(e.id);
  }
}

/** The counts the sync badge shows. */
export function tally(entries: readonly OutboxEntry[]): Record<EntryStatus, number> {
  const t: Record<EntryStatus, number> = { pending: 0, sent: 0, failed: 0, conflict: 0 };
  for (const e of entries) t[e.status]++;
  return t;
}

// ---- conflicts, field by field ---------------------------------------------------------------

export interface FieldDiff {
  /** Dotted path: "headName", "facts.dwelling.roofMaterial", "indicators.water", "members". */
  path: string;
  mine: unknown;
  theirs: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Leaves of a record down to `depth` levels of objects; arrays and deeper objects are one field each. */
function leaves(v: Record<string, unknown>, prefix: string, depth: number, out: Map<string, unknown>) {
  for (const [k, x] of Object.entries(v)) {
    const path = prefix ? `${prefix}.${k}` : k;
    if (isRecord(x) && depth > 1) leaves(x, path, depth - 1, out);
    else out.set(path, x);
  }
}

/** Fields of my change that differ from the server's record, ignoring bookkeeping fields. */
export function diffFields(
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
  ignore: readonly string[] = ["version", "id"],
): FieldDiff[] {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  leaves(mine, "", 3, a);
  leaves(theirs, "", 3, b);
  const diffs: FieldDiff[] = [];
  for (const [path, value] of a) {
    if (ignore.includes(path)) continue;
    // A whole sub-record on one side and its fields on the other: compare the leaves under it.
    const theirValue = b.has(path) ? b.get(path) : getPath(theirs, path);
    if (!same(value, theirValue)) diffs.push({ path, mine: value, theirs: theirValue });
  }
  return diffs;
}

export function getPath(v: unknown, path: string): unknown {
  let cur = v;
  for (const k of path.split(".")) {
    if (!isRecord(cur)) return undefined;
    cur = cur[k];
  }
  return cur;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown) {
  const keys = path.split(".");
  let cur = target;
  for (const k of keys.slice(0, -1)) {
    if (!isRecord(cur[k])) cur[k] = {};
    cur = cur[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1]!;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** My change with the fields the person chose from the server's version. */
export function mergeChoice(
  mine: Record<string, unknown>,
  diffs: readonly FieldDiff[],
  takeTheirs: ReadonlySet<string>,
): Record<string, unknown> {
  const out = structuredClone(mine);
  for (const d of diffs) if (takeTheirs.has(d.path)) setPath(out, d.path, structuredClone(d.theirs));
  return out;
}
