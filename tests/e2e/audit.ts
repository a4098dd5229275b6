// A small accessibility audit run on every screen the browser tests visit: each control has a
// name a screen reader can read, each touch target is at least 44 × 44 CSS px (links inside
// running text excepted, as WCAG 2.5.8 allows), and text has a contrast of at least 4.5:1
// (3:1 for large text) against the background it is drawn on.
import type { Page } from "playwright-core";

// Runs in the page (kept as text: the test files have no DOM types).
const AUDIT = String.raw`(() => {
  const problems = [];
  const visible = (el) => { const r = el.getBoundingClientRect(); const s = getComputedStyle(el); return r.width > 0 && r.height > 0 && s.visibility !== "hidden" && s.display !== "none"; };
  const describe = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") + (el.getAttribute("name") ? "[name=" + el.getAttribute("name") + "]" : "") + " «" + (el.textContent || "").trim().slice(0, 30) + "»";
  const nameOf = (el) => {
    if (el.getAttribute("aria-label")) return el.getAttribute("aria-label");
    if (el.getAttribute("aria-labelledby")) return document.getElementById(el.getAttribute("aria-labelledby"))?.textContent;
    if (el.id) { const l = document.querySelector('label[for="' + el.id + '"]'); if (l) return l.textContent; }
    const wrap = el.closest("label"); if (wrap) return wrap.textContent;
    if (el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA") return el.getAttribute("title") || "";
    return el.textContent || el.getAttribute("title") || "";
  };
  for (const el of document.querySelectorAll("input, select, textarea, button, a[href], summary")) {
    if (!visible(el) || el.type === "hidden") continue;
    if (!(nameOf(el) || "").trim()) problems.push("no accessible name: " + describe(el));
    const target = (el.type === "checkbox" || el.type === "radio") ? (el.closest("label") || el) : el;
    const r = target.getBoundingClientRect();
    const inText = el.tagName === "A" && el.closest("p, li.card p, small, figcaption, caption");
    if (!inText && (r.height < 43.5 || r.width < 43.5)) problems.push("target " + Math.round(r.width) + "×" + Math.round(r.height) + " px: " + describe(el));
  }
  const rgb = (c) => { const m = c.match(/[\d.]+/g); return m ? m.map(Number) : [0, 0, 0, 1]; };
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor); if ((c[3] ?? 1) > 0.5) return c; }
    return [255, 255, 255, 1];
  };
  for (const el of document.querySelectorAll("body *")) {
    if (!visible(el) || el.closest("svg")) continue;
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const s = getComputedStyle(el);
    if (Number(s.opacity) < 1 || el.closest("button:disabled")) continue;
    const fg = rgb(s.color), bg = background(el);
    const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
    const ratio = (a + 0.05) / (b + 0.05);
    const large = parseFloat(s.fontSize) >= 24 || (parseFloat(s.fontSize) >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) problems.push("contrast " + ratio.toFixed(2) + ": " + describe(el));
  }
  return problems;
})()`;

export async function audit(page: Page): Promise<string[]> {
  return (await page.evaluate(AUDIT)) as string[];
}
