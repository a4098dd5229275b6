import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import preact from "@preact/preset-vite";
import { defineConfig, type Plugin } from "vite";

/** Writes sw.js with this build's file list and a version that changes whenever a file does. */
function serviceWorker(): Plugin {
  return {
    name: "ra-soat-service-worker",
    apply: "build",
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle).filter((f) => !f.endsWith(".map") && f !== "index.html");
      const shell = ["/", "/manifest.webmanifest", "/icon-192.png", "/icon-512.png", ...files.map((f) => `/${f}`)];
      const version = createHash("sha256").update(shell.join("\n")).digest("hex").slice(0, 12);
      const source = readFileSync(new URL("./service-worker.js", import.meta.url), "utf8")
        .replace("__VERSION__", `ra-soat-${version}`)
        .replace("__SHELL__", JSON.stringify(shell));
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

export default defineConfig({
  root: "web",
  plugins: [preact(), serviceWorker()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2020", modulePreload: { polyfill: false } },
});
