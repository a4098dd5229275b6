// The Worker: HTTP entry point and the Durable Object classes it exports.
import { createApp } from "./app";
import { securityEvent } from "./auth/security-log";
import { unsafeConfiguration } from "./http/safe-config";
import { nightly } from "./reports/maintenance";

export { ExportJob } from "./coordination/export-job";
export { ImportJob } from "./coordination/import-job";
export { VillageRoom } from "./coordination/village-room";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    // Unsafely configured, the nightly run would seal audit chains with a stand-in key: it waits.
    const problems = unsafeConfiguration(env);
    if (problems.length) return securityEvent("unsafe_configuration", { problems: problems.map((p) => p.path) });
    ctx.waitUntil(nightly(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
