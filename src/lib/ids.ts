// Name-based UUIDs: the same name always gives the same id (an imported household keeps its id
// when the file is imported again). RFC 9562 version 8 ("custom") over SHA-256.
import { bytesToHex } from "./encoding";

export async function uuidFromName(name: string): Promise<string> {
  const b = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(name))).slice(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = bytesToHex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * What every username of a tenant (or province) begins with: its code without hyphens, and a dot
 * (`lucngan.canbo` in luc-ngan). Names of different tenants therefore never meet.
 */
export const usernamePrefix = (code: string) => `${code.replace(/-/g, "")}.`;
