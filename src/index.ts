// The Worker: HTTP entry point and the Durable Object classes it exports.
import { createApp } from "./app";

export { ImportJob } from "./coordination/import-job";
export { VillageRoom } from "./coordination/village-room";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
