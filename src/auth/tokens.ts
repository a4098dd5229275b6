// Opaque session tokens: random bytes handed to the client, stored only as their SHA-256.
import { bytesToBase64Url } from "../lib/encoding";

export { sha256Hex } from "../lib/encoding";

export function newToken(): string {
  return bytesToBase64Url(crypto.getRandomValues(new Uint8Array(32)));
}
