// Security events (sign-ins refused, lockouts, password changes, sessions ended) as one JSON line
// each in the Worker's logs (Workers Logs keeps them; `wrangler tail` shows them live). Never a
// password or a token: names, ids, addresses and what happened.
export type SecurityEvent =
  | "login_failed"
  | "login_locked"
  | "login_succeeded"
  | "account_created"
  | "password_changed"
  | "password_reset"
  | "sessions_revoked"
  | "session_ended"
  | "rate_limited"
  | "unsafe_configuration";

export function securityEvent(event: SecurityEvent, details: Record<string, unknown>): void {
  console.info(JSON.stringify({ security: event, at: new Date().toISOString(), ...details }));
}
