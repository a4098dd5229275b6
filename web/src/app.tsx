import { useEffect, useState } from "preact/hooks";

interface Me {
  username: string;
  displayName: string;
  role: string;
  tenant: string | null;
}

async function api<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const res = await fetch(path, {
    method,
    credentials: "same-origin",
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json().catch(() => null)) as T };
}

export function App() {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState("");

  useEffect(() => {
    api<Me>("GET", "/api/v1/me").then((r) => setMe(r.status === 200 ? r.body : null));
  }, []);

  async function signIn(e: Event) {
    e.preventDefault();
    const form = new FormData(e.currentTarget as HTMLFormElement);
    const r = await api<{ user: Me; error?: { message: string } }>("POST", "/api/v1/auth/login", {
      username: form.get("username"),
      password: form.get("password"),
    });
    if (r.status === 200) setMe(r.body.user);
    else setError((r.body as { error?: { message: string } })?.error?.message ?? "Đăng nhập không thành công.");
  }

  async function signOut() {
    await api("POST", "/api/v1/auth/logout");
    setMe(null);
  }

  if (me === undefined) return <main class="shell"><p>Đang tải…</p></main>;
  return (
    <main class="shell">
      <h1>Rà soát hộ nghèo, hộ cận nghèo</h1>
      {me ? (
        <section>
          <p>
            Xin chào, <strong>{me.displayName}</strong> ({me.role})
          </p>
          <button type="button" onClick={signOut}>Đăng xuất</button>
        </section>
      ) : (
        <form onSubmit={signIn}>
          <label>
            Tên đăng nhập
            <input name="username" autocomplete="username" required />
          </label>
          <label>
            Mật khẩu
            <input name="password" type="password" autocomplete="current-password" required />
          </label>
          {error && <p role="alert">{error}</p>}
          <button type="submit">Đăng nhập</button>
        </form>
      )}
    </main>
  );
}
