// Types of the Worker's bindings and of the values middleware puts in the request context.
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { Principal, Role } from "./auth/policy";
import type * as tenantSchema from "./db/tenant/schema";

export type TenantDb = DrizzleD1Database<typeof tenantSchema> & { $client: D1Database };

export interface SessionUser extends Principal {
  id: string;
  username: string;
  displayName: string;
  role: Role;
}

export interface TenantContext {
  code: string;
  name: string;
  province: string;
  /** The tenant's own database; the only way a handler reaches district data. */
  db: TenantDb;
  d1: D1Database;
  /** Name of its D1 binding, for the Durable Objects that write to it. */
  binding: string;
}

export interface AppVariables {
  user: SessionUser | null;
  /** How the user authenticated: a cookie-authenticated change must come from our own origin. */
  authVia: "bearer" | "cookie" | null;
  /** SHA-256 of the session token the request was authenticated with. */
  sessionHash: string | null;
  tenant: TenantContext;
}

export interface AppEnv {
  Bindings: Env;
  Variables: AppVariables;
}

/**
 * Keys that stand in for the real secrets in local development only; outside it they make the
 * Worker refuse to serve (src/http/safe-config.ts).
 */
export const DEVELOPMENT_KEYS = {
  ID_HASH_KEY: "local-development-id-hash-key",
  AUDIT_HMAC_KEY: "local-development-audit-hmac-key",
} as const;

/** Settings with their defaults; every one may be set as a var or secret of the Worker. */
export function settings(env: Env) {
  const e = env as unknown as Record<string, string | undefined>;
  const num = (k: string, d: number) => {
    const v = Number(e[k]);
    return Number.isFinite(v) && v > 0 ? v : d;
  };
  return {
    development: e.APP_ENV === "development",
    sessionTtlSeconds: num("SESSION_TTL_SECONDS", 12 * 3600),
    /** A session not used for this long ends (besides its absolute lifetime above). */
    sessionIdleSeconds: num("SESSION_IDLE_SECONDS", 30 * 60),
    loginMaxFailuresPerUser: num("LOGIN_MAX_FAILURES_PER_USER", 5),
    loginMaxFailuresPerAddress: num("LOGIN_MAX_FAILURES_PER_ADDRESS", 50),
    loginWindowSeconds: num("LOGIN_WINDOW_SECONDS", 15 * 60),
    loginBlockSeconds: num("LOGIN_BLOCK_SECONDS", 15 * 60),
    /**
     * Key of the HMAC that turns citizen ID numbers into matchable hashes; the same across the
     * province's tenants so that the province can find one person in two districts. Set it as a
     * secret when deploying; the fallback only serves local development.
     */
    idHashKey: e.ID_HASH_KEY ?? DEVELOPMENT_KEYS.ID_HASH_KEY,
    /** Key of the audit chains' HMAC (src/coordination/audit-chain.ts); a secret when deploying. */
    auditHmacKey: e.AUDIT_HMAC_KEY ?? DEVELOPMENT_KEYS.AUDIT_HMAC_KEY,
  };
}
