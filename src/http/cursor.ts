// Opaque keyset cursors: the sort key of the last item of a page, base64url-encoded JSON.
import { base64UrlToBytes, bytesToBase64Url } from "../lib/encoding";
import { fail } from "./errors";

export type CursorKey = (string | number)[];

export function encodeCursor(key: CursorKey): string {
  return bytesToBase64Url(new TextEncoder().encode(JSON.stringify(key)));
}

export function decodeCursor(cursor: string | undefined, arity: number): CursorKey | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key: unknown = JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(base64UrlToBytes(cursor)),
    );
    if (Array.isArray(key) && key.length === arity && key.every((k) => typeof k === "string" || typeof k === "number"))
      return key;
  } catch {
    // reported below
  }
  throw fail.validation([{ path: "cursor", message: "Con trỏ phân trang không hợp lệ." }]);
}

/** Splits a page fetched with limit + 1 rows into the items and the next cursor. */
export function paginate<T>(rows: T[], limit: number, keyOf: (row: T) => CursorKey) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}
