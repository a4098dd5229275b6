// What an attacker, a broken client or a careless paste sends: fast-check arbitraries of hostile
// values and of the ways a valid request can be broken.
import fc from "fast-check";

/** Strings that have broken other systems: injections, and Unicode that trips up text handling. */
export const NASTY_STRINGS = [
  // SQL
  "'; DROP TABLE households; --",
  '" OR 1=1 --',
  "1' OR '1'='1",
  "Robert'); DELETE FROM audit_log WHERE ('1'='1",
  "%' ESCAPE '\\",
  "\\' UNION SELECT password_hash FROM users --",
  // HTML, script, templates
  "<script>alert(document.cookie)</script>",
  "<img src=x onerror=alert(1)>",
  '"><svg onload=alert(1)>',
  "javascript:alert(1)",
  "{{constructor.constructor('alert(1)')()}}",
  "${7*7}",
  '=HYPERLINK("http://evil.example","bấm")',
  "+cmd|' /C calc'!A0",
  // paths, nulls, control characters
  "../../../../etc/passwd",
  "\u0000",
  "a\u0000b",
  "\r\n\r\nHTTP/1.1 200 OK",
  "\t\u000b\u000c",
  // Unicode: combining marks, NFD Vietnamese, right-to-left, zero-width, bidi overrides, odd cases
  "Nguye\u0302\u0303n Va\u0306n A\u0300n",
  "e\u0301\u0301\u0301\u0301\u0301\u0301\u0301\u0301",
  "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǧ̗͚̚o̙̔ͮ̇͐̇",
  "\u202Etxt.exe",
  "مرحبا بالعالم",
  "שלום",
  "\u200B",
  "\u200B\u200C\u200D\uFEFF",
  "Đặng\u200BThị\u200DHoa",
  "\u2028\u2029",
  "İıßẞǅ",
  "👨‍👩‍👧‍👦🏳️‍🌈",
  "\uD800",
  "\uDFFFa",
  "\uFFFD\uFFFE\uFFFF",
  "   ",
  "",
];

const unicodeString = fc.oneof(
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.string({ unit: "grapheme-composite", maxLength: 60 }),
);

/** A string chosen to hurt: nasty constants, random Unicode, mixes, or very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 3, arbitrary: unicodeString },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), unicodeString).map(([a, b]) => a + b) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom("A", "Ư", "ệ", "<", "'", "\u0301"), fc.integer({ min: 120, max: 70_000 }))
      .map(([c, n]) => c.repeat(n)),
  },
);

/** Deeply nested arrays or objects, as a JSON value. */
export const deepValue: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean())
  .map(([depth, arrays]) => {
    let v: unknown = "đáy";
    for (let i = 0; i < depth; i++) v = arrays ? [v] : { a: v };
    return v;
  });

/** Any JSON value, weighted towards the hostile. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  {
    weight: 2,
    arbitrary: fc.oneof(fc.integer(), fc.constantFrom(-1, 0, -0, 2 ** 53 + 1, 1e308, -1e308, 1.5, 1e-320, 4294967296)),
  },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, [], {}, "null", "true", "1", "NaN") },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: deepValue },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 41, max: 20_000 }).map((n) => Array.from({ length: n }, (_, i) => ({ id: i }))),
  },
  { weight: 1, arbitrary: fc.dictionary(hostileString, hostileString, { maxKeys: 5 }) },
);

/** Request bodies that are not the JSON they claim to be. */
export const malformedText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    '{"a":',
    "[1,2,",
    "{'single': 'quotes'}",
    '{"a":1,}',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":1e99999}',
    '{"__proto__":{"admin":true}}',
    '{"constructor":{"prototype":{"admin":true}}}',
    '{"a":1}{"b":2}',
    "\uFEFF{}",
    "null",
    "42",
    '"chuỗi"',
    "<xml/>",
    "a=1&b=2",
    '{"villageId":"\\ud800"}',
    '{"a":"\\u0000"}',
  ),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => "[".repeat(n) + "]".repeat(n)),
  fc.integer({ min: 1_000, max: 100_000 }).map((n) => '{"a":'.repeat(n) + "1" + "}".repeat(n)),
  fc.string({ unit: "binary", maxLength: 300 }),
);

/** Bytes that are not UTF-8 at all. */
export const invalidUtf8: fc.Arbitrary<Uint8Array> = fc.oneof(
  fc.constant(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])),
  fc.constant(new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00])),
  fc.uint8Array({ minLength: 1, maxLength: 400 }),
);

export const hostileContentType = fc.constantFrom(
  "text/plain",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/json; charset=latin1",
  "application/xml",
  "application/octet-stream",
  "",
  "application/jsonx",
  "text/csv",
);

/** Paths to every value inside a JSON value (object keys and array indexes). */
export function valuePaths(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...at, i], ...valuePaths(v, [...at, i])]);
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([k, v]) => [[...at, k], ...valuePaths(v, [...at, k])]);
  return [];
}

/** `value` with the thing at `path` replaced (or removed when `replacement` is DELETE). */
export const DELETE = Symbol("delete");
export function replaceAt(value: unknown, path: (string | number)[], replacement: unknown): unknown {
  if (!path.length) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (replacement === DELETE) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}
