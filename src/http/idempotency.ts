// Idempotency-Key for writes that are not made through a VillageRoom (units, accounts, imports,
// campaigns, …): the key is reserved before the write and completed with its answer, so a repeat
// gets the first answer, a concurrent repeat waits its turn (409 while in flight), and another
// request with the same key is refused. (Room writes store the answer inside their own batch.)
import type { Context, TypedResponse } from "hono";
import { currentUser } from "../auth/guard";
import { idempotencyOf } from "../coordination/client";
import { completeKey, readAnswer, releaseKey, reserveKey } from "../db/tenant/idempotency";
import type { AppEnv } from "../env";
import { fail } from "./errors";

type Status = 200 | 201 | 202;
type Typed<T, S extends Status> = Response & TypedResponse<T, S, "json">;

export async function idempotent<T extends object, S extends Status>(
  c: Context<AppEnv>,
  input: unknown,
  run: () => Promise<{ status: S; body: T }>,
): Promise<Typed<T, S>> {
  const idem = await idempotencyOf(c, input);
  if (!idem) {
    const a = await run();
    return c.json(a.body, a.status) as Typed<T, S>;
  }
  const d1 = c.get("tenant").d1;
  const user = currentUser(c);
  if (!(await reserveKey(d1, user.id, idem.key, idem.hash, new Date().toISOString()))) {
    const stored = await readAnswer(d1, user.id, idem.key);
    if (!stored || stored.requestHash !== idem.hash)
      throw fail.conflict("Khoá Idempotency-Key này đã được dùng cho một yêu cầu khác.");
    if (stored.status === 0) throw fail.conflict("Yêu cầu với khoá này đang được xử lý; hãy thử lại sau.");
    c.header("Idempotent-Replayed", "true");
    return c.json(stored.body as T, stored.status as S) as Typed<T, S>;
  }
  try {
    const a = await run();
    await completeKey(d1, user.id, idem.key, a.status, a.body);
    return c.json(a.body, a.status) as Typed<T, S>;
  } catch (err) {
    await releaseKey(d1, user.id, idem.key);
    throw err;
  }
}
