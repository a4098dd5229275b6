// A small HTTP client of the API for scripts, benchmarks and Node-side tests.

export class ApiClient {
  token: string | null = null;
  constructor(readonly base: string) {}

  async login(username: string, password: string): Promise<this> {
    const r = await this.call("POST", "/api/v1/auth/login", { username, password });
    if (r.status !== 200) throw new Error(`Đăng nhập ${username} thất bại: ${r.status} ${JSON.stringify(r.body)}`);
    this.token = (r.body as { token: string }).token;
    return this;
  }

  /** The same session against another address of the same server. */
  at(base: string): ApiClient {
    const c = new ApiClient(base);
    c.token = this.token;
    return c;
  }

  as(token: string): ApiClient {
    const c = new ApiClient(this.base);
    c.token = token;
    return c;
  }

  async call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; body: T; headers: Headers }> {
    const h: Record<string, string> = { ...headers };
    if (this.token) h.Authorization = `Bearer ${this.token}`;
    if (body !== undefined && !h["Content-Type"]) h["Content-Type"] = "application/json";
    const res = await fetch(this.base + path, {
      method,
      headers: h,
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  /** Like call, but throws unless the status is one of `ok`. */
  async must<T = any>(
    method: string,
    path: string,
    body?: unknown,
    ok: number[] = [200, 201, 202, 204],
    headers: Record<string, string> = {},
  ): Promise<T> {
    const r = await this.call<T>(method, path, body, headers);
    if (!ok.includes(r.status))
      throw new Error(`${method} ${path} → ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
    return r.body;
  }
}

export async function waitForHealth(base: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const r = await fetch(`${base}/api/v1/health`);
      if (r.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${base} không phản hồi sau ${timeoutMs / 1000} giây`);
}

/** Runs `fn` over `items` with at most `width` calls in flight. */
export async function pool<T>(items: T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}
