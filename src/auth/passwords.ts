// Password hashing with PBKDF2-SHA-512 (WebCrypto, so the same code runs in the Worker and in Node
// scripts). 100,000 iterations is the most the Workers runtime allows. The stored form describes
// itself — "pbkdf2-sha512$<iterations>$<salt>$<hash>" — so the scheme can be raised later and old
// hashes still verify (and report that they need a rehash).

const SCHEME = "pbkdf2-sha512";
export const PASSWORD_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BITS = 512;

import { bytesToBase64 as b64, base64ToBytes as unb64 } from "../lib/encoding";

async function derive(password: string, salt: Uint8Array, iterations: number, bits: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(password.normalize("NFC")),
    "PBKDF2",
    false,
    ["deriveBits"],
  );
  const out = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-512", salt, iterations }, key, bits);
  return new Uint8Array(out);
}

export async function hashPassword(password: string, iterations = PASSWORD_ITERATIONS): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, iterations, HASH_BITS);
  return `${SCHEME}$${iterations}$${b64(salt)}$${b64(hash)}`;
}

/** Constant-time comparison, so the time taken does not say how much of a hash matched. */
function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export async function verifyPassword(password: string, stored: string): Promise<{ ok: boolean; needsRehash: boolean }> {
  const [scheme, iter, salt, hash] = stored.split("$");
  const iterations = Number(iter);
  if (scheme !== SCHEME || !salt || !hash || !Number.isInteger(iterations) || iterations < 1)
    return { ok: false, needsRehash: false };
  const expected = unb64(hash);
  const actual = await derive(password, unb64(salt), iterations, expected.length * 8);
  const ok = equal(actual, expected);
  return { ok, needsRehash: ok && iterations < PASSWORD_ITERATIONS };
}

/** A hash of a random password, verified against when the username does not exist so that the
 * answer takes as long as for a real account. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(crypto.randomUUID());
  return decoy;
}
