import type { D1Migration } from "cloudflare:test";

declare global {
  namespace Cloudflare {
    interface Env {
      REGISTRY_MIGRATIONS: D1Migration[];
      TENANT_MIGRATIONS: D1Migration[];
      /** tests/fixtures/imports: file name → its bytes in base64. */
      IMPORT_FIXTURES: Record<string, string>;
    }
  }
}
