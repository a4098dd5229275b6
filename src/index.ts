import { DurableObject } from "cloudflare:workers";
export class VillageRoom extends DurableObject<Env> {}
export default { fetch: () => new Response("ok") } satisfies ExportedHandler<Env>;
