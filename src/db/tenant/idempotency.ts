// Stored answers of requests sent with an Idempotency-Key.

export interface StoredAnswer {
  requestHash: string;
  status: number;
  body: unknown;
}

export async function readAnswer(d1: D1Database, userId: string, key: string): Promise<StoredAnswer | undefined> {
  const row = await d1
    .prepare("SELECT request_hash, status, response FROM idempotency WHERE user_id = ? AND key = ?")
    .bind(userId, key)
    .first<{ request_hash: string; status: number; response: string }>();
  return row ? { requestHash: row.request_hash, status: row.status, body: JSON.parse(row.response) } : undefined;
}

/** Fails (primary key) when the key was used before: inside a batch, that undoes the whole batch. */
export function insertAnswerStatement(
  d1: D1Database,
  userId: string,
  key: string,
  answer: StoredAnswer,
  at: string,
): D1PreparedStatement {
  return d1
    .prepare(
      "INSERT INTO idempotency (user_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(userId, key, answer.requestHash, answer.status, JSON.stringify(answer.body), at);
}

export async function deleteAnswersBefore(d1: D1Database, before: string): Promise<void> {
  await d1.prepare("DELETE FROM idempotency WHERE created_at < ?").bind(before).run();
}

/** Reserves a key before a write that is not made through a room; false when the key is taken. */
export async function reserveKey(
  d1: D1Database,
  userId: string,
  key: string,
  requestHash: string,
  at: string,
): Promise<boolean> {
  const r = await d1
    .prepare(
      "INSERT INTO idempotency (user_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, 0, 'null', ?) ON CONFLICT DO NOTHING",
    )
    .bind(userId, key, requestHash, at)
    .run();
  return r.meta.changes === 1;
}

export async function completeKey(
  d1: D1Database,
  userId: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await d1
    .prepare("UPDATE idempotency SET status = ?, response = ? WHERE user_id = ? AND key = ?")
    .bind(status, JSON.stringify(body), userId, key)
    .run();
}

export async function releaseKey(d1: D1Database, userId: string, key: string): Promise<void> {
  await d1.prepare("DELETE FROM idempotency WHERE user_id = ? AND key = ? AND status = 0").bind(userId, key).run();
}
