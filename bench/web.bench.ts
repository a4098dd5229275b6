// The reviewer's first load against a peer web-form engine, in Chromium under throttling.
// Weight: HTML + JS + CSS of the first load, gzip. Time to interactive: from navigation to the
// first form field on screen (our login form; the peer's rendered form), with Chromium's Slow 3G
// (400 ms RTT, 400 kbit/s down and up) and a 4× slower CPU, cache empty, median of a few runs.
// Peer: ODK Web Forms 0.22 (@getodk/web-forms, with Vue), bundled by Vite for production.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { build } from "vite";
import { fmt, recordSection } from "./lib";

const ROOT = resolve(import.meta.dirname, "..");
const RUNS = Number(process.env.WEB_BENCH_RUNS ?? 3);
const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
};

/** gzip sizes of the files a first load fetches (HTML, JS, CSS), by kind. */
function weight(dir: string): { html: number; js: number; css: number; total: number } {
  const w = { html: 0, js: 0, css: 0, total: 0 };
  const walk = (d: string) => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else {
        const ext = extname(f).slice(1);
        // The service worker is fetched after the page is interactive, and only once.
        if ((ext === "html" || ext === "js" || ext === "css") && f !== "sw.js") {
          const n = gzipSync(readFileSync(p), { level: 9 }).length;
          w[ext] += n;
          w.total += n;
        }
      }
    }
  };
  walk(dir);
  return w;
}

/** A static server with gzip and the SPA fallback; /api/v1/me answers 401 (nobody signed in). */
function serve(dir: string): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname.startsWith("/api/")) {
      res.writeHead(url.pathname === "/api/v1/me" ? 401 : 404, { "Content-Type": "application/json" });
      res.end('{"error":{"code":"unauthenticated","message":"Chưa đăng nhập.","details":[]}}');
      return;
    }
    let file = join(dir, url.pathname);
    try {
      if (statSync(file).isDirectory()) file = join(file, "index.html");
    } catch {
      file = join(dir, "index.html");
    }
    const body = readFileSync(file);
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    const compress = /text|javascript|json/.test(type);
    res.writeHead(200, {
      "Content-Type": type,
      ...(compress ? { "Content-Encoding": "gzip" } : {}),
      "Cache-Control": "no-store",
    });
    res.end(compress ? gzipSync(body, { level: 9 }) : body);
  });
  return new Promise((ok) =>
    server.listen(0, "127.0.0.1", () =>
      ok({ server, base: `http://127.0.0.1:${(server.address() as { port: number }).port}` }),
    ),
  );
}

async function timeToInteractive(base: string, selector: string): Promise<{ ms: number; bytes: number }[]> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const out: { ms: number; bytes: number }[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, serviceWorkers: "block" });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.enable");
      await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
      await cdp.send("Network.emulateNetworkConditions", {
        offline: false,
        latency: 400,
        downloadThroughput: (400 * 1024) / 8,
        uploadThroughput: (400 * 1024) / 8,
      });
      await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
      let bytes = 0;
      cdp.on("Network.loadingFinished", (e: { encodedDataLength: number }) => (bytes += e.encodedDataLength));
      // Marks the moment the first field appears, from inside the page (as text: this file has no DOM types).
      await page.addInitScript({
        content: `new MutationObserver(() => { if (window.__interactive === undefined && document.querySelector(${JSON.stringify(selector)})) window.__interactive = performance.now(); }).observe(document, { childList: true, subtree: true });`,
      });
      await page.goto(base, { waitUntil: "commit", timeout: 180_000 });
      await page.waitForFunction("window.__interactive !== undefined", undefined, { timeout: 180_000, polling: 100 });
      out.push({ ms: (await page.evaluate("window.__interactive")) as number, bytes });
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// Ours: the production build the Worker serves.
await build({ configFile: join(ROOT, "web/vite.config.ts"), logLevel: "warn" });
const oursDir = join(ROOT, "web/dist");

// The peer, bundled for production by Vite.
const peerDir = mkdtempSync(join(tmpdir(), "ra-soat-peer-"));
await build({
  root: join(ROOT, "bench/web-peer"),
  logLevel: "warn",
  configFile: false,
  build: { outDir: peerDir, emptyOutDir: true },
});

const ours = weight(oursDir);
const peer = weight(peerDir);
const a = await serve(oursDir);
const b = await serve(peerDir);
const oursRuns = await timeToInteractive(a.base, "#username");
const peerRuns = await timeToInteractive(b.base, "#app input");
a.server.close();
b.server.close();
rmSync(peerDir, { recursive: true, force: true });

const oursTti = median(oursRuns.map((r) => r.ms));
const peerTti = median(peerRuns.map((r) => r.ms));
const oursBytes = median(oursRuns.map((r) => r.bytes));
const peerBytes = median(peerRuns.map((r) => r.bytes));

recordSection(
  "web",
  `## Web app: the reviewer's first load against ODK Web Forms

First load = HTML + JS + CSS, gzip level 9 (the service worker, fetched once after the page is up, is
not counted). Time to interactive = navigation to the first form field on screen, in Debian's
Chromium at 360×740 with Slow 3G (400 ms RTT, 400 kbit/s) and 4× CPU throttling through CDP, cache
empty, median of ${RUNS} runs. Peer: \`@getodk/web-forms\` 0.22 with Vue 3, bundled by Vite for
production, rendering a four-question form (\`bench/web-peer\`). \`enketo-core\` was not measured
(its forms need the XSLT transform of \`enketo-transformer\`, a Node-side step, before the
browser bundle can render anything).

| | Rà soát (reviewer) | ODK Web Forms | ratio |
|---|---:|---:|---:|
| HTML (gzip) | ${kb(ours.html)} | ${kb(peer.html)} | |
| JS (gzip) | ${kb(ours.js)} | ${kb(peer.js)} | ${fmt.ratio(ours.js / peer.js)} |
| CSS (gzip) | ${kb(ours.css)} | ${kb(peer.css)} | |
| **first load, all** | **${kb(ours.total)}** | **${kb(peer.total)}** | **${fmt.ratio(ours.total / peer.total)}** |
| bytes on the wire (CDP) | ${kb(oursBytes)} | ${kb(peerBytes)} | ${fmt.ratio(oursBytes / peerBytes)} |
| time to interactive, Slow 3G + 4× CPU | ${fmt.int(oursTti)} ms | ${fmt.int(peerTti)} ms | ${fmt.ratio(oursTti / peerTti)} |

Target: first load ≤ 120 KB gzip and under a third of the peer — ${ours.total <= 120 * 1024 && ours.total < peer.total / 3 ? "met" : "**not met**"}
(${kb(ours.total)}; a third of the peer is ${kb(peer.total / 3)}).
Runs (ms): ours ${oursRuns.map((r) => fmt.int(r.ms)).join(", ")}; peer ${peerRuns.map((r) => fmt.int(r.ms)).join(", ")}.`,
);
