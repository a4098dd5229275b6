// The Worker: HTTP entry point and the Durable Object classes it exports.
import { createApp } from "./app";

export { VillageRoom } from "./coordination/village-room";
export { ExportJob } from "./coordination/export-job";

const app = createApp();

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
