// Citizen ID numbers (CCCD) are matched by an HMAC, never moved or compared in the clear.
import { bytesToHex } from "./encoding";

const keys = new Map<string, Promise<CryptoKey>>();

export async function idNumberHash(secret: string, idNumber: string): Promise<string> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
    ]);
    keys.set(secret, key);
  }
  const mac = await crypto.subtle.sign("HMAC", await key, new TextEncoder().encode(idNumber.replace(/\D/g, "")));
  return bytesToHex(new Uint8Array(mac));
}
