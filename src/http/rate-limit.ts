// Rate limits of the public routes, per client address, with the Workers Rate Limiting binding
// (`ratelimits` in wrangler.jsonc). Deployed, Cloudflare counts at each location; locally,
// `wrangler dev` and the test runtime (Miniflare) count the same bindings in a Durable Object of
// their own, so the same code and configuration limit in both. Each limit counts in whole
// windows of 60 seconds; a refusal is 429 in the error envelope with Retry-After.
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { securityEvent } from "../auth/security-log";
import type { AppEnv } from "../env";
import { fail } from "./errors";

/** The limits, by the name of their binding (limit and period are set there). */
export const RATE_LIMITS = {
  /** POST /classify: about 300 calls a minute per address. */
  RL_CLASSIFY: { scope: "classify", periodSeconds: 60 },
  /** Other public reads (health, standards, the API document, posted lists) and sign-in. */
  RL_PUBLIC: { scope: "public", periodSeconds: 60 },
  /** What citizens send without signing in (complaints about a posted list): a few a minute. */
  RL_CITIZEN: { scope: "citizen", periodSeconds: 60 },
} as const;

export type RateLimitName = keyof typeof RATE_LIMITS;

/** The client's address as Cloudflare gives it; one shared key where there is none (local runs). */
export const clientAddress = (c: Context<AppEnv>) => c.req.header("CF-Connecting-IP") ?? "local";

/** Counts one request of the client against `name`; 429 when it is over. */
export async function enforceRateLimit(c: Context<AppEnv>, name: RateLimitName): Promise<void> {
  const { scope, periodSeconds } = RATE_LIMITS[name];
  const address = clientAddress(c);
  const { success } = await c.env[name].limit({ key: `${scope}:${address}` });
  if (!success) {
    securityEvent("rate_limited", { limit: scope, address, path: c.req.path });
    // The binding does not say when its window ends: the whole period is the safe answer.
    throw fail.rateLimited(periodSeconds, "Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau ít phút.");
  }
}

/** The same as middleware, for a route or a group of routes (the citizen routes use RL_CITIZEN). */
export const rateLimit = (name: RateLimitName) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await enforceRateLimit(c, name);
    await next();
  });
