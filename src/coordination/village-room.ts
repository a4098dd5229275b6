// VillageRoom: one Durable Object per tenant + village. Every write to the village's households
// (and assessments) passes through it, one at a time, so that a version check, the record, its
// audit entry (chained by hash), the idempotency record and the summary counters commit together
// in one D1 batch without races. Writes that queue up while a batch is in flight are committed
// together (group commit): each is planned in turn, none touching a household another in the
// group touches, and their batches run as one; should that fail, each runs again on its own. It
// also tells everyone watching the village what changed, who is viewing or editing which
// household, and holds the soft locks ("đang sửa bởi …") until they expire by alarm.
import { DurableObject } from "cloudflare:workers";
import { liveSessions, touchSession } from "../db/registry";
import { type HouseholdReview, readReview } from "../db/tenant/assessments";
import { chainHead, insertAuditBulk } from "../db/tenant/audit";
import { counterStatements } from "../db/tenant/counters";
import { readHousehold, readHouseholds, type StoredHousehold } from "../db/tenant/households";
import { insertAnswerStatement, readAnswer } from "../db/tenant/idempotency";
import { settings } from "../env";
import { ApiError, errorBody } from "../http/errors";
import { type AuditEntry, auditKey, chainEntries } from "./audit-chain";
import { type AssessmentCommand, planAssessment } from "./commands/assessments";
import { type BatchCommand, planBatch } from "./commands/batch";
import { type HouseholdCommand, planHousehold } from "./commands/households";
import type { LiveMessage, Outcome, PresenceEntry, SoftLock, WriteRequest } from "./protocol";
import type { Plan, Planned, Room } from "./room";

const MAX_ATTEMPTS = 4;
/** Most writes committed in one batch (D1 bounds the statements of one invocation). */
const MAX_GROUP = 24;
const DEFAULT_LOCK_SECONDS = 120;
const CACHE_LIMIT = 5000;

type Failure = "guard" | "idempotency" | "audit_seq" | "constraint" | "other";

function classify(err: unknown): Failure {
  const msg = String((err as Error)?.message ?? err);
  if (msg.includes("write_guard")) return "guard";
  if (msg.includes("idempotency.")) return "idempotency";
  if (msg.includes("audit_log.chain")) return "audit_seq";
  if (msg.includes("constraint failed")) return "constraint";
  return "other";
}

/** What each socket carries through hibernation: its user, their session, what they view or edit. */
type Attachment = PresenceEntry & {
  /** SHA-256 of the session token the socket was opened with; never sent to anyone. */
  session: string;
};

/** The close code of a socket whose session has ended (sign in again). */
export const SESSION_ENDED = 4401;

interface Queued {
  req: WriteRequest;
  done(outcome: Outcome): void;
  fail(err: unknown): void;
}

/** The household a write of one record is about; null for writes that go alone (split, merge, meetings, …). */
function subject(req: WriteRequest): string | null {
  const cmd = req.command;
  switch (cmd.kind) {
    case "household.create":
      return cmd.household.id;
    case "household.update":
      return cmd.id;
    case "assessment.save":
    case "assessment.action":
      return cmd.householdId;
    default:
      return null;
  }
}

export class VillageRoom extends DurableObject<Env> {
  /** Writes waiting for the batch in flight; one drain at a time commits them, in order. */
  private queue: Queued[] = [];
  private draining = false;
  /** Households of this village as last written or read; any batch failure clears it. */
  private cache = new Map<string, StoredHousehold>();
  /** Households known not to exist, while a group is being planned. */
  private absent = new Set<string>();
  /** Reviews (campaign, household, commune) as last read or left by this room's saves and actions. */
  private reviews = new Map<string, HouseholdReview>();
  private head: { seq: number; hash: string } | undefined;
  /** Messages to the watchers go out one after another, each after the sessions are checked. */
  private outgoing: Promise<void> = Promise.resolve();
  /** When this room last marked each session used (the registry is written at most once a minute). */
  private touched = new Map<string, number>();

  /** Applies one write. Never throws for a refusal: the answer carries the status. */
  write(req: WriteRequest): Promise<Outcome> {
    return new Promise<Outcome>((done, fail) => {
      this.queue.push({ req, done, fail });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    try {
      while (this.queue.length) {
        const group = this.takeGroup();
        if (group.length === 1) await this.alone(group[0]!);
        else await this.together(group);
      }
    } finally {
      this.draining = false;
    }
  }

  /** The next writes to commit together: single-record writes about different households, in order. */
  private takeGroup(): Queued[] {
    const first = this.queue.shift()!;
    const group = [first];
    const seen = new Set([subject(first.req)]);
    if (seen.has(null)) return group;
    while (group.length < MAX_GROUP && this.queue.length) {
      const next = this.queue[0]!;
      const s = subject(next.req);
      if (s === null || seen.has(s) || next.req.binding !== first.req.binding) break;
      seen.add(s);
      group.push(this.queue.shift()!);
    }
    return group;
  }

  private async alone(q: Queued): Promise<void> {
    try {
      q.done(await this.apply(q.req));
    } catch (err) {
      q.fail(err);
    }
  }

  /** Plans each write of the group, commits all that have something to write in one batch. */
  private async together(group: Queued[]): Promise<void> {
    const d1 = this.database(group[0]!.req.binding);
    const now = new Date().toISOString();
    const villageId = group[0]!.req.villageId;
    const planned: { q: Queued; plan: Plan }[] = [];
    try {
      // The group's households in one read (new ones are known absent, without a read each).
      const wanted = group.map((q) => subject(q.req)!).filter((id) => !this.cache.has(id));
      const found = await readHouseholds(d1, wanted);
      for (const id of wanted) {
        const h = found.get(id);
        if (!h) this.absent.add(id);
        else if (h.villageId === villageId) this.remember(h);
      }
      for (const q of group) {
        try {
          const room = this.room(d1, q.req, now);
          const plan = await this.plan(room, q.req);
          if ("refuse" in plan) q.done((await this.replay(d1, q.req)) ?? plan.refuse);
          else if (!plan.statements.length && !plan.audit.length && !q.req.idempotency) q.done(plan.response);
          else planned.push({ q, plan });
        } catch (err) {
          q.fail(err);
        }
      }
    } finally {
      this.absent.clear();
    }
    if (!planned.length) return;

    let head = (this.head ??= await chainHead(d1, villageId));
    const entries: AuditEntry[] = [];
    const batch: D1PreparedStatement[] = [];
    for (const { q, plan } of planned) {
      const mine = await chainEntries(villageId, head, q.req.actor, now, plan.audit, await this.auditKey());
      entries.push(...mine);
      head = mine[mine.length - 1] ?? head;
      batch.push(...plan.guards, ...plan.statements);
    }
    batch.push(
      ...insertAuditBulk(d1, entries),
      ...counterStatements(
        d1,
        planned.flatMap(({ plan }) => plan.counters),
      ),
      ...planned.flatMap(({ q, plan }) =>
        q.req.idempotency
          ? [
              insertAnswerStatement(
                d1,
                q.req.actor.id,
                q.req.idempotency.key,
                { requestHash: q.req.idempotency.hash, ...plan.response },
                now,
              ),
            ]
          : [],
      ),
    );
    try {
      await d1.batch(batch);
    } catch {
      // Something in the group does not hold (a record changed elsewhere, a key used twice, …):
      // each write runs again on its own, from fresh reads, and gets its own answer.
      this.forgetAll();
      for (const { q } of planned) await this.alone(q);
      return;
    }
    this.head = { seq: head.seq, hash: head.hash };
    for (const { q, plan } of planned) {
      this.committed(plan, q.req);
      q.done(plan.response);
    }
  }

  private room(d1: D1Database, req: WriteRequest, now: string): Room {
    return {
      d1,
      tenant: req.tenant,
      villageId: req.villageId,
      now,
      household: (id) => this.household(d1, id, req.villageId),
      review: (campaign, householdId, communeId) => this.review(d1, campaign, householdId, communeId),
    };
  }

  /** What the room keeps after a plan has committed, and what it tells the village's watchers. */
  private committed(plan: Plan, req: WriteRequest) {
    for (const h of plan.remember ?? []) this.remember(h);
    for (const id of plan.forget ?? []) this.cache.delete(id);
    // A new household, or a change that stays in the village, leaves every review as it was.
    const reviewsUntouched =
      req.command.kind === "household.create" || (req.command.kind === "household.update" && !plan.forget?.length);
    if (plan.reviewed) {
      const { campaignId, householdId, communeId, review } = plan.reviewed;
      this.reviews.set(`${campaignId}:${householdId}:${communeId}`, review);
    } else if (!reviewsUntouched) this.reviews.clear();
    for (const message of plan.live ?? []) this.broadcast(message);
  }

  /** After a failed batch nothing the room holds can be trusted: read again. */
  private forgetAll() {
    this.cache.clear();
    this.reviews.clear();
    this.head = undefined;
  }

  /** Reviews change only through this room's writes (a plan that might change one it cannot follow clears them all). */
  private async review(
    d1: D1Database,
    campaign: { id: string; previousCampaignId: string | null },
    householdId: string,
    communeId: string,
  ): Promise<HouseholdReview> {
    const key = `${campaign.id}:${householdId}:${communeId}`;
    const cached = this.reviews.get(key);
    if (cached) return cached;
    const review = await readReview(d1, campaign, householdId, communeId);
    if (this.reviews.size >= CACHE_LIMIT) this.reviews.delete(this.reviews.keys().next().value!);
    this.reviews.set(key, review);
    return review;
  }

  private auditKey(): Promise<CryptoKey> {
    return auditKey(settings(this.env).auditHmacKey);
  }

  private database(binding: string): D1Database {
    const d1 = (this.env as unknown as Record<string, D1Database | undefined>)[binding];
    if (!d1) throw new Error(`No D1 binding ${binding}`);
    return d1;
  }

  private async apply(req: WriteRequest): Promise<Outcome> {
    const d1 = this.database(req.binding);
    for (let attempt = 1; ; attempt++) {
      const now = new Date().toISOString();
      const planned: Planned = await this.plan(this.room(d1, req, now), req);
      if ("refuse" in planned) return (await this.replay(d1, req)) ?? planned.refuse;
      // Nothing to write (an idempotent step found it already done): answer without a batch.
      if (!planned.statements.length && !planned.audit.length && !req.idempotency) return planned.response;

      this.head ??= await chainHead(d1, req.villageId);
      const entries = await chainEntries(
        req.villageId,
        this.head,
        req.actor,
        now,
        planned.audit,
        await this.auditKey(),
      );
      const batch = [
        ...planned.guards,
        ...planned.statements,
        ...insertAuditBulk(d1, entries),
        ...counterStatements(d1, planned.counters),
        ...(req.idempotency
          ? [
              insertAnswerStatement(
                d1,
                req.actor.id,
                req.idempotency.key,
                { requestHash: req.idempotency.hash, ...planned.response },
                now,
              ),
            ]
          : []),
      ];
      try {
        if (batch.length) await d1.batch(batch);
      } catch (err) {
        const failure = classify(err);
        this.forgetAll();
        // A prepared batch cannot be planned again from fresher data: its guard failing is final.
        const replannable = failure === "audit_seq" || (failure === "guard" && req.command.kind !== "batch");
        if (failure !== "idempotency" && replannable && attempt < MAX_ATTEMPTS) continue;
        const replayed = await this.replay(d1, req);
        if (replayed) return replayed;
        if (failure === "guard")
          return {
            ...refusal(new ApiError("conflict", "Dữ liệu vừa được thay đổi ở nơi khác; hãy tải lại và thử lại.")),
            stale: true,
          };
        if (failure === "constraint")
          return refusal(new ApiError("conflict", "Dữ liệu trùng với bản ghi đã có (mã định danh đã được dùng)."));
        throw err;
      }
      const last = entries[entries.length - 1];
      if (last) this.head = { seq: last.seq, hash: last.hash };
      this.committed(planned, req);
      return planned.response;
    }
  }

  private plan(room: Room, req: WriteRequest): Promise<Planned> {
    switch (req.command.kind) {
      case "household.create":
      case "household.update":
      case "household.split":
      case "household.merge":
      case "household.import":
        return planHousehold(room, req as WriteRequest & { command: HouseholdCommand });
      case "batch":
        return planBatch(room, req as WriteRequest & { command: BatchCommand });
      case "assessment.save":
      case "assessment.action":
      case "request.file":
      case "meeting.record":
      case "posting.record":
      case "complaint.file":
      case "complaint.resolve":
      case "decision.apply":
        return planAssessment(room, req as WriteRequest & { command: AssessmentCommand });
    }
  }

  /** The stored answer for a repeated Idempotency-Key: the same request gets it again, another request a 409. */
  private async replay(d1: D1Database, req: WriteRequest): Promise<Outcome | undefined> {
    if (!req.idempotency) return undefined;
    const stored = await readAnswer(d1, req.actor.id, req.idempotency.key);
    if (!stored) return undefined;
    if (stored.requestHash !== req.idempotency.hash)
      return refusal(new ApiError("conflict", "Khoá Idempotency-Key này đã được dùng cho một yêu cầu khác."));
    return { status: stored.status, body: stored.body, replayed: true };
  }

  /** Caches only this village's households: this room is the only writer of those. */
  private async household(d1: D1Database, id: string, villageId: string): Promise<StoredHousehold | undefined> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    if (this.absent.has(id)) return undefined;
    const h = await readHousehold(d1, id);
    if (h && h.villageId === villageId) this.remember(h);
    return h;
  }

  private remember(h: StoredHousehold) {
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(h.id, h);
  }

  // ---- live: WebSockets (hibernating), presence, soft locks ----------------------------------

  override async fetch(request: Request): Promise<Response> {
    if (request.headers.get("Upgrade")?.toLowerCase() !== "websocket")
      return new Response("Expected a WebSocket upgrade", { status: 426 });
    const user = JSON.parse(request.headers.get("X-Live-User") ?? "{}") as Partial<Attachment>;
    if (!user.userId || !user.session) return new Response("Missing user", { status: 400 });
    const pair = new WebSocketPair();
    const [client, server] = [pair[0], pair[1]];
    const attachment: Attachment = {
      connection: crypto.randomUUID(),
      userId: user.userId,
      name: user.name ?? "",
      role: user.role ?? "",
      viewing: null,
      editing: null,
      session: user.session,
    };
    this.ctx.acceptWebSocket(server, [user.userId]);
    server.serializeAttachment(attachment);
    server.send(
      JSON.stringify({
        type: "welcome",
        connection: attachment.connection,
        presence: this.presence(),
        locks: await this.locks(),
      }),
    );
    this.broadcast({ type: "presence", users: this.presence() });
    return new Response(null, { status: 101, webSocket: client });
  }

  override async webSocketMessage(ws: WebSocket, raw: string | ArrayBuffer): Promise<void> {
    const me = ws.deserializeAttachment() as Attachment;
    if (!(await this.sessionsLive([me])).has(me.session)) {
      this.endSession(ws);
      return;
    }
    let msg: { type?: string; householdId?: unknown; ttlSeconds?: unknown };
    try {
      msg = JSON.parse(typeof raw === "string" ? raw : new TextDecoder().decode(raw));
    } catch {
      ws.send(JSON.stringify({ type: "error", message: "Tin nhắn không phải JSON." } satisfies LiveMessage));
      return;
    }
    const householdId = typeof msg.householdId === "string" && msg.householdId.length <= 64 ? msg.householdId : null;
    // Viewing and editing are the person's doing: they keep the session from going idle.
    if ((msg.type === "view" || msg.type === "edit") && Date.now() - (this.touched.get(me.session) ?? 0) > 60_000) {
      this.touched.set(me.session, Date.now());
      await touchSession(this.env.REGISTRY, me.session);
    }
    switch (msg.type) {
      case "view":
        me.viewing = householdId;
        break;
      case "edit": {
        if (!householdId) return;
        const ttl =
          typeof msg.ttlSeconds === "number" ? Math.min(600, Math.max(1, msg.ttlSeconds)) : DEFAULT_LOCK_SECONDS;
        me.viewing = householdId;
        me.editing = householdId;
        await this.lock({
          householdId,
          userId: me.userId,
          name: me.name,
          expiresAt: new Date(Date.now() + ttl * 1000).toISOString(),
        });
        break;
      }
      case "release":
        if (me.editing) await this.unlock(me.editing, me.userId);
        me.editing = null;
        break;
      case "ping":
        ws.send(JSON.stringify({ type: "pong" }));
        return;
      default:
        ws.send(JSON.stringify({ type: "error", message: "Loại tin nhắn không hợp lệ." } satisfies LiveMessage));
        return;
    }
    ws.serializeAttachment(me);
    this.broadcast({ type: "presence", users: this.presence() });
  }

  override async webSocketClose(ws: WebSocket): Promise<void> {
    const me = ws.deserializeAttachment() as Attachment;
    this.touched.delete(me.session);
    ws.close();
    const stillHere = this.ctx.getWebSockets(me.userId).some((other) => other !== ws);
    if (me.editing && !stillHere) await this.unlock(me.editing, me.userId);
    this.broadcast({ type: "presence", users: this.presence() });
  }

  override async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws);
  }

  /** Removes expired soft locks, tells the watchers, and waits for the next expiry. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const all = await this.ctx.storage.list<SoftLock>({ prefix: "lock:" });
    const expired = [...all].filter(([, l]) => Date.parse(l.expiresAt) <= now).map(([k]) => k);
    if (expired.length) await this.ctx.storage.delete(expired);
    for (const ws of this.ctx.getWebSockets()) {
      const a = ws.deserializeAttachment() as Attachment;
      if (a.editing && expired.includes(`lock:${a.editing}`)) {
        a.editing = null;
        ws.serializeAttachment(a);
      }
    }
    await this.scheduleAlarm();
    if (expired.length) {
      this.broadcast({ type: "locks", locks: await this.locks() });
      this.broadcast({ type: "presence", users: this.presence() });
    }
  }

  private presence(): PresenceEntry[] {
    return this.ctx.getWebSockets().map((ws) => {
      const { session: _session, ...entry } = ws.deserializeAttachment() as Attachment;
      return entry;
    });
  }

  /** Which of these sockets' sessions are still live (one registry query). */
  private sessionsLive(sockets: Attachment[]): Promise<Set<string>> {
    const sessions = [...new Set(sockets.map((a) => a.session).filter(Boolean))];
    return liveSessions(this.env.REGISTRY, sessions, settings(this.env).sessionIdleSeconds);
  }

  private endSession(ws: WebSocket) {
    try {
      ws.close(SESSION_ENDED, "Phiên đăng nhập đã kết thúc");
    } catch {
      // already closing
    }
  }

  private async locks(): Promise<SoftLock[]> {
    const all = await this.ctx.storage.list<SoftLock>({ prefix: "lock:" });
    return [...all.values()].sort((a, b) => a.householdId.localeCompare(b.householdId));
  }

  private async lock(l: SoftLock) {
    await this.ctx.storage.put(`lock:${l.householdId}`, l);
    await this.scheduleAlarm();
    this.broadcast({ type: "locks", locks: await this.locks() });
  }

  private async unlock(householdId: string, userId: string) {
    const existing = await this.ctx.storage.get<SoftLock>(`lock:${householdId}`);
    if (existing?.userId !== userId) return;
    await this.ctx.storage.delete(`lock:${householdId}`);
    await this.scheduleAlarm();
    this.broadcast({ type: "locks", locks: await this.locks() });
  }

  private async scheduleAlarm() {
    const locks = await this.locks();
    if (!locks.length) {
      await this.ctx.storage.deleteAlarm();
      return;
    }
    await this.ctx.storage.setAlarm(Math.min(...locks.map((l) => Date.parse(l.expiresAt))));
  }

  /** Sends a message to every watcher whose session is still live; closes the others' sockets. */
  private broadcast(message: LiveMessage) {
    const text = JSON.stringify(message);
    this.outgoing = this.outgoing
      .then(async () => {
        const sockets = this.ctx.getWebSockets();
        const attached = sockets.map((ws) => ws.deserializeAttachment() as Attachment);
        const live = await this.sessionsLive(attached);
        sockets.forEach((ws, i) => {
          if (!live.has(attached[i]!.session)) {
            this.endSession(ws);
            return;
          }
          try {
            ws.send(text);
          } catch {
            // a closing socket: its close handler cleans up
          }
        });
      })
      .catch((err) => console.error("live broadcast", err));
  }
}

function refusal(err: ApiError): Outcome {
  return { status: err.status, body: errorBody(err) };
}
