// A reviewer's device as the web app's outbox behaves: writes queued in order, each with its own
// Idempotency-Key and the base version it was made on, sent one at a time; an item leaves the
// outbox only when the server acknowledged it (2xx). A network failure stops sending and keeps
// the item, to be sent again, same key and same body, when the server is back.

export interface OutboxItem {
  key: string;
  method: "POST" | "PATCH" | "PUT";
  path: string;
  body: unknown;
  /** What the item writes, for the checks: the household (or its review) and the version it makes. */
  entity: "household" | "assessment";
  householdId: string;
  makesVersion: number;
}

export interface Ack {
  item: OutboxItem;
  status: number;
  body: unknown;
  /** The server answered from its idempotency record (the write had been made before). */
  replayed: boolean;
}

export class Device {
  readonly acks: Ack[] = [];
  /** Answers that were neither an acknowledgement nor a network failure (a bug, here). */
  readonly refusals: { item: OutboxItem; status: number; body: unknown }[] = [];
  sent = 0;

  constructor(
    readonly name: string,
    readonly token: string,
    readonly items: OutboxItem[],
  ) {}

  get pending(): OutboxItem[] {
    return this.items.slice(this.acks.length);
  }

  /** Sends what is pending, in order, until the outbox is empty, a network failure, or a refusal. */
  async drain(base: string): Promise<"empty" | "network" | "refused"> {
    for (const item of this.pending) {
      let res: Response;
      let text: string;
      try {
        this.sent++;
        res = await fetch(base + item.path, {
          method: item.method,
          headers: {
            Authorization: `Bearer ${this.token}`,
            "Content-Type": "application/json",
            "Idempotency-Key": item.key,
          },
          body: JSON.stringify(item.body),
        });
        text = await res.text();
      } catch {
        return "network";
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        // not JSON: kept as text
      }
      if (res.status >= 200 && res.status < 300)
        this.acks.push({ item, status: res.status, body, replayed: res.headers.get("Idempotent-Replayed") === "true" });
      else {
        this.refusals.push({ item, status: res.status, body });
        return "refused";
      }
    }
    return "empty";
  }
}
