// What the phone downloads on its first visit, from the build the browser tests run against: the
// rules code comes along, the server's validation library does not, and the whole stays within
// the budget of the issue (120 KB gzip for HTML, JS and CSS).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ROOT } from "./server";

const dist = join(ROOT, "web/dist");
const assets = readdirSync(join(dist, "assets")).map((f) => join(dist, "assets", f));
const js = assets
  .filter((f) => f.endsWith(".js"))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");

describe("the web bundle", () => {
  it("carries the rule packs and the classification, not zod or the OpenAPI helpers", () => {
    expect(js).toContain("Nghị định 07/2021/NĐ-CP");
    expect(js).toContain("Diện tích nhà ở bình quân đầu người");
    expect(js).not.toMatch(/ZodError|\$ZodType|openapi\(/);
  });

  it("weighs at most 120 KB gzip on the first load, and the service worker keeps every file of it", () => {
    const files = [join(dist, "index.html"), ...assets.filter((f) => /\.(js|css)$/.test(f))];
    const gzip = files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    expect(gzip).toBeLessThanOrEqual(120 * 1024);
    const sw = readFileSync(join(dist, "sw.js"), "utf8");
    for (const f of assets) expect(sw).toContain(`/assets/${f.split("/").at(-1)}`);
    expect(sw).toContain('"/"');
  });
});
