// The Worker: HTTP entry point and the Durable Object classes it exports.
import { createApp } from "./app";
import { nightly } from "./reports/maintenance";

export { ExportJob } from "./coordination/export-job";
export { ImportJob } from "./coordination/import-job";
export { VillageRoom } from "./coordination/village-room";

const app = createApp();

export default {
  fetch: app.fetch,
  scheduled(controller, env, ctx) {
    ctx.waitUntil(nightly(env, new Date(controller.scheduledTime)));
  },
} satisfies ExportedHandler<Env>;
