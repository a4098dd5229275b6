// Calls to the API. The session is the HttpOnly cookie the login sets; an answer is returned with
// its status (the screens decide), and a network failure is a thrown `Offline`.
import { state, update } from "./state";

export interface ApiAnswer<T = any> {
  status: number;
  body: T;
}

export class Offline extends Error {}

export interface ErrorBody {
  error?: { code?: string; message?: string; details?: { path?: string; message?: string }[] };
}

/** Every answer, or the lack of one, tells whether the network works right now. */
export function sawNetwork(up: boolean) {
  if (state.online !== up) update({ online: up });
}

async function send(path: string, init: RequestInit): Promise<Response> {
  let res: Response;
  try {
    res = await fetch(path, { credentials: "same-origin", ...init });
  } catch {
    sawNetwork(false);
    throw new Offline("offline");
  }
  sawNetwork(true);
  return res;
}

async function answer<T>(res: Response): Promise<ApiAnswer<T>> {
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed as T };
}

export async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  return answer<T>(
    await send(path, {
      method,
      headers: body === undefined ? headers : { "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
  );
}

/** POSTs a file as the body (not JSON); the answer is JSON. */
export async function postFile<T = unknown>(
  path: string,
  file: Blob,
  contentType: string,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  return answer<T>(
    await send(path, { method: "POST", headers: { "Content-Type": contentType, ...headers }, body: file }),
  );
}

/** POSTs a file and takes a file back (`accept`): the blob, or the error answer. */
export async function postFileForFile(
  path: string,
  file: Blob,
  contentType: string,
  accept: string,
): Promise<Blob | ApiAnswer<unknown>> {
  const res = await send(path, {
    method: "POST",
    headers: { "Content-Type": contentType, Accept: accept },
    body: file,
  });
  return res.ok ? res.blob() : answer(res);
}

/** The error sentence of an answer (Vietnamese, from the server), with the fields at fault. */
export function errorText(body: unknown, fallback: string): string {
  const e = (body as ErrorBody | null)?.error;
  if (!e) return fallback;
  const details = (e.details ?? []).map((d) => (d.path ? `${d.path}: ${d.message}` : d.message)).filter(Boolean);
  return [e.message ?? fallback, ...details].join(" — ");
}

/** GET a list, following `nextCursor` until the end (at most `max` items). */
export async function getAll<T>(path: string, max = 5000): Promise<ApiAnswer<T[]>> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (;;) {
    const sep = path.includes("?") ? "&" : "?";
    const r: ApiAnswer<{ items: T[]; nextCursor?: string | null }> = await api(
      "GET",
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
    );
    if (r.status !== 200) return { status: r.status, body: items };
    items.push(...r.body.items);
    cursor = r.body.nextCursor ?? null;
    if (!cursor || items.length >= max) return { status: 200, body: items };
  }
}
