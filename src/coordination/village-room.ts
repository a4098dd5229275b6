// VillageRoom: one Durable Object per tenant + village. It serialises every write to the
// village's households and assessments and tells everyone watching the village what changed.
import { DurableObject } from "cloudflare:workers";

export class VillageRoom extends DurableObject<Env> {}
