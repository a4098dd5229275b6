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
export function insertAnswerStatement(d1: D1Database, userId: string, key: string, answer: StoredAnswer, at: string): D1PreparedStatement {
  return d1
    .prepare("INSERT INTO idempotency (user_id, key, request_hash, status, response, created_at) VALUES (?, ?, ?, ?, ?, ?)")
    .bind(userId, key, answer.requestHash, answer.status, JSON.stringify(answer.body), at);
}

export async function deleteAnswersBefore(d1: D1Database, before: string): Promise<void> {
  await d1.prepare("DELETE FROM idempotency WHERE created_at < ?").bind(before).run();
}
