/**
 * Generators of hostile HTTP input for the fuzz suite (test/fuzz.e2e-spec.ts).
 *
 * Bodies are built as JSON *text*, not as JS objects: that is the only way to send `__proto__` keys
 * (an object literal would set the prototype, JSON.stringify would drop it), duplicate keys, numbers
 * such as `1e999`, nesting thousands of levels deep, and deliberately broken JSON.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// JSON text trees
// ---------------------------------------------------------------------------------------------

/** A JSON value as text: `raw` is inserted verbatim (valid JSON or deliberately not). */
export type JsonNode = { raw: string } | { obj: [string, JsonNode][] } | { arr: JsonNode[] };

export const raw = (text: string): JsonNode => ({ raw: text });
export const json = (value: unknown): JsonNode => ({ raw: JSON.stringify(value) ?? 'null' });

export function toJsonText(node: JsonNode): string {
  if ('raw' in node) return node.raw;
  if ('arr' in node) return `[${node.arr.map(toJsonText).join(',')}]`;
  return `{${node.obj.map(([k, v]) => `${JSON.stringify(k)}:${toJsonText(v)}`).join(',')}}`;
}

// ---------------------------------------------------------------------------------------------
// Strings
// ---------------------------------------------------------------------------------------------

export const SQL_FRAGMENTS = [
  "'; DROP TABLE claims; --",
  "' OR 1=1 --",
  '" OR ""="',
  "'); DELETE FROM sources; --",
  '1; SELECT pg_sleep(5); --',
  '$1',
  '$2::text',
  ':id',
  '?',
  '\\',
  '\\\\',
  "\\'",
  "''",
  '%',
  '_',
  '%_%',
  '/* */',
  '-- ',
  "E'\\x00'",
  'NULL',
  'null',
  '& | ! <-> :* ( )',
  '"unterminated',
  "-'",
  "a' & 'b",
  '!!!',
  '(((',
  'or or or',
  '$$ $$',
  "U&'\\0000'",
];

export const SCRIPT_FRAGMENTS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '{{7*7}}',
  '${7*7}',
  '<!--',
  ']]>',
  '<svg/onload=alert(1)>',
];

export const WEIRD_UNICODE = [
  '\u0000',
  'a\u0000b',
  '\u0000'.repeat(8),
  '\uD800',
  '\uDFFF',
  'a\uD83Db',
  '\uDE00\uD83D',
  '\u202Eevil',
  '\uFEFF',
  '\u2028\u2029',
  '\u200B',
  'ǅ',
  'e\u0301\u0301\u0301',
  '😀',
  'ﬀ',
  'İ',
  '\u00A0',
  '\t\n\r',
  '   ',
  '',
  '\u001B[31m',
  '\uFFFF',
  '\uFFFE',
];

export const BAD_DATES = [
  '2017-02-30',
  '2017-02-29',
  '2016-02-29',
  '+275760-09-13T00:00:00Z',
  '+275760-09-13T00:00:00.001Z',
  '-271821-04-20T00:00:00Z',
  '0000-01-01',
  '0001-01-01',
  '0001-01-01T00:00:00+14:00',
  '9999-12-31T23:59:59-14:00',
  '9999-12-31',
  '10000-01-01',
  '-000001-01-01T00:00:00Z',
  '2017-10-29T25:00:00Z',
  '2017-10-29T24:00:00Z',
  '2017-10-29T23:60:00Z',
  '2017-10-29T23:59:60Z',
  '2017-13-01',
  '2017-00-10',
  '2017-10-00',
  '2017-10-29T08:00:00',
  '2017-10-29T08:00',
  '2017-10-29 08:00Z',
  '2017-10-29T08:00:00+25:00',
  '2017-10-29T08:00:00+05:99',
  '2017-10-29T08:00:00.1234567891Z',
  '2017-10-29T08:00:00,5Z',
  '2017-10-29t08:00:00z',
  '2017-W43',
  '20171029',
  '1509264000',
  '1509264000000',
  'now',
  'today',
  'infinity',
  '-infinity',
  'epoch',
  'allballs',
  'Sun Oct 29 2017',
  '29/10/2017',
  '1',
  '0',
  '2017',
  '99999-01-01T00:00:00Z',
  '2099-01-01T00:00:00Z',
];

export const GOOD_DATES = [
  '2017-10-29T08:00:00Z',
  '2017-10-29',
  '2017-10-29T08:00:00+03:30',
  '2017-10-29T08:00:00.123Z',
  '1999-12-31T23:59:59-05:00',
];

export const BAD_NUMBERS = [
  '-1',
  '0',
  '201',
  '1e999',
  '-1e999',
  'NaN',
  'Infinity',
  '0x10',
  '0b11',
  '0o7',
  '1.5',
  '1e2',
  '+5',
  ' 5',
  '5 ',
  '',
  '9'.repeat(30),
  '00050',
  '٣',
  '５',
  '1_000',
  'null',
  'true',
  '[]',
  '{}',
];

/** UUID-ish strings; the caller adds real ids (and their upper-case forms, which are valid). */
export const BAD_UUIDS = [
  '',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-00000000000',
  '00000000-0000-0000-0000-0000000000000',
  '00000000000000000000000000000000',
  '{00000000-0000-0000-0000-000000000000}',
  'urn:uuid:00000000-0000-0000-0000-000000000000',
  'g0000000-0000-0000-0000-000000000000',
  '00000000-0000-0000-0000-000000000000\n',
  ' 00000000-0000-0000-0000-000000000000',
  '０0000000-0000-0000-0000-000000000000',
  '1',
  'null',
  'undefined',
  '[object Object]',
];

export const BAD_URLS = [
  'javascript:alert(1)',
  'http://',
  'http://localhost',
  'ftp://example.org/x',
  'http://[::1]/',
  'http://a b',
  'http://%00',
  'http://example.org/\u0000',
  'file:///etc/passwd',
  'data:text/html,<script>alert(1)</script>',
  '//example.org',
  'example.org',
  `https://example.org/${'a'.repeat(2100)}`,
];

/** A string repeated up to ~100 KB, from a hostile fragment. */
export const hugeString = (maxLength = 100_000): fc.Arbitrary<string> => {
  // Just over the field limits: 64, 200, 500, 1000, 1024, 2000, 2048, 5000, 10000.
  const boundaries = [65, 201, 501, 1001, 1025, 2001, 2049, 5001, 10_001].filter(
    (n) => n <= maxLength,
  );
  return fc
    .tuple(
      fc.constantFrom(
        'x',
        ' ',
        'é',
        '😀',
        "'; DROP TABLE claims; --",
        '<script>',
        '\u0000',
        '\\',
        'ab ',
      ),
      fc.oneof(
        { arbitrary: fc.integer({ min: 1, max: maxLength }), weight: 3 },
        ...(boundaries.length > 0
          ? [{ arbitrary: fc.constantFrom(...boundaries), weight: 2 }]
          : []),
      ),
    )
    .map(([fragment, length]) =>
      fragment
        .repeat(Math.ceil(length / fragment.length))
        .slice(0, Math.max(length, fragment.length)),
    );
};

const fragment = fc.constantFrom(...SQL_FRAGMENTS, ...SCRIPT_FRAGMENTS, ...WEIRD_UNICODE);

/** Strings meant to break things: fragments, mixtures, bad dates, UUIDs and URLs, random code points, huge ones. */
export const hostileString = (
  opts: { maxLength?: number; extra?: string[] } = {},
): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fragment, weight: 6 },
    {
      arbitrary: fc
        .tuple(fc.string({ maxLength: 8 }), fragment, fc.string({ maxLength: 8 }))
        .map((p) => p.join('')),
      weight: 3,
    },
    { arbitrary: fc.constantFrom(...BAD_DATES, ...GOOD_DATES), weight: 2 },
    { arbitrary: fc.constantFrom(...BAD_UUIDS), weight: 1 },
    { arbitrary: fc.constantFrom(...BAD_URLS), weight: 1 },
    { arbitrary: fc.constantFrom(...BAD_NUMBERS), weight: 1 },
    { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 2 },
    {
      arbitrary: fc.string({
        unit: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)),
        maxLength: 4,
      }),
      weight: 1,
    },
    { arbitrary: hugeString(opts.maxLength), weight: 2 },
    ...(opts.extra?.length ? [{ arbitrary: fc.constantFrom(...opts.extra), weight: 3 }] : []),
  );

// ---------------------------------------------------------------------------------------------
// JSON values
// ---------------------------------------------------------------------------------------------

const NUMBER_TEXT = [
  '0',
  '-0',
  '-1',
  '1.5',
  '1e999',
  '-1e999',
  '1E400',
  '4.9e-324',
  '0.1e-999',
  '9007199254740993',
  '123456789012345678901234567890',
  '2147483648',
  '-2147483649',
  '1e308',
];
/** Not JSON at all: makes the whole body malformed. */
const NOT_JSON = [
  'NaN',
  'Infinity',
  '-Infinity',
  'undefined',
  "'single'",
  '0x10',
  '01',
  '.5',
  '+1',
  '1.',
  'tru',
  'nul',
  '"unterminated',
  '"bad \\x escape"',
  '"tab\tinside"',
  '[1,]',
  '{,}',
  '"\\ud800',
  '/* c */1',
];

/** Text nested `depth` levels deep, optionally with prototype keys at every level. */
export const deepText = (minDepth = 31, maxDepth = 5000): fc.Arbitrary<string> =>
  fc
    .tuple(
      fc.oneof(
        fc.integer({ min: minDepth, max: Math.min(maxDepth, 40) }),
        fc.integer({ min: Math.max(minDepth, 50), max: maxDepth }),
      ),
      fc.constantFrom('array', 'object', 'mixed', 'proto', 'constructor'),
    )
    .map(([depth, shape]) => {
      switch (shape) {
        case 'array':
          return `${'['.repeat(depth)}1${']'.repeat(depth)}`;
        case 'object':
          return `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
        case 'mixed':
          return `${'[{"a":'.repeat(depth)}null${'}]'.repeat(depth)}`;
        case 'proto':
          return `${'{"__proto__":'.repeat(depth)}{"polluted":true}${'}'.repeat(depth)}`;
        case 'constructor':
          return `${'{"constructor":{"prototype":'.repeat(depth)}{}${'}}'.repeat(depth)}`;
      }
    });

/** `{"__proto__": …}` and friends, `depth` levels inside ordinary objects and arrays. */
export const protoText: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('__proto__', 'constructor', 'prototype'),
    fc.constantFrom(
      '{"polluted":true}',
      '{"prototype":{"polluted":true}}',
      'null',
      '1',
      '"x"',
      '[]',
      '{"__proto__":{"isAdmin":true}}',
    ),
    fc.integer({ min: 0, max: 6 }),
    fc.boolean(),
  )
  .map(([key, inner, depth, inArray]) => {
    let text = `{${JSON.stringify(key)}:${inner}}`;
    for (let i = 0; i < depth; i++) text = inArray ? `[${text}]` : `{"k${i}":${text}}`;
    return text;
  });

export const HOSTILE_KEYS = [
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  '__defineGetter__',
  'id',
  'version',
  'createdAt',
  'updatedAt',
  'createdByKeyId',
  'updatedByKeyId',
  'status',
  'score',
  'claimId',
  'secret_hash',
  'key',
  '',
  ' ',
  'name ',
  'NAME',
  'name\u0000',
  "'; DROP TABLE claims; --",
  '<script>',
  '\uD800',
  'a.b',
  'a[0]',
  '$where',
];

/** Any hostile JSON value: wrong types, huge strings, deep nesting, prototype keys, numbers JSON cannot hold. */
export const hostileValue = (extraStrings: string[] = []): fc.Arbitrary<JsonNode> =>
  fc.letrec<{ value: JsonNode }>((tie) => ({
    value: fc.oneof<fc.MaybeWeightedArbitrary<JsonNode>[]>(
      { depthSize: 'small', withCrossShrink: true },
      { arbitrary: hostileString({ extra: extraStrings }).map(json), weight: 10 },
      { arbitrary: fc.constantFrom(...NUMBER_TEXT).map(raw), weight: 2 },
      { arbitrary: fc.double().map(json), weight: 1 },
      { arbitrary: fc.integer().map(json), weight: 1 },
      { arbitrary: fc.constantFrom('true', 'false', 'null').map(raw), weight: 3 },
      {
        arbitrary: fc.constantFrom('{}', '[]', '[null]', '[""]', '[[]]', '{"":""}').map(raw),
        weight: 2,
      },
      { arbitrary: fc.jsonValue({ maxDepth: 2 }).map(json), weight: 2 },
      { arbitrary: deepText().map(raw), weight: 2 },
      { arbitrary: protoText.map(raw), weight: 2 },
      { arbitrary: fc.constantFrom(...NOT_JSON).map(raw), weight: 1 },
      { arbitrary: fc.array(tie('value'), { maxLength: 4 }).map((arr) => ({ arr })), weight: 2 },
      {
        arbitrary: fc
          .tuple(
            fc.constantFrom(21, 51, 201, 1000),
            fc.oneof(hostileString({ maxLength: 300, extra: extraStrings }), fc.constant('t')),
          )
          .map(([n, s]) => ({ arr: Array.from({ length: n }, (_, i) => json(`${s}${i}`)) })),
        weight: 1,
      },
      {
        arbitrary: fc
          .array(
            fc.tuple(
              fc.oneof(fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 6 })),
              tie('value'),
            ),
            { maxLength: 3 },
          )
          .map((obj) => ({ obj })),
        weight: 2,
      },
    ),
  })).value;

// ---------------------------------------------------------------------------------------------
// Objects built from a field list, then mutated
// ---------------------------------------------------------------------------------------------

export interface FieldSpec {
  name: string;
  required?: boolean;
  /** Valid (or at least plausible) values. */
  valid: fc.Arbitrary<JsonNode>;
  /** Strings that are hostile for this field in particular (other enums, near misses). */
  near?: string[];
}

type Mutation =
  | { op: 'set'; key: string; value: JsonNode }
  | { op: 'drop'; key: string }
  | { op: 'add'; key: string; value: JsonNode }
  | { op: 'nest'; key: string; text: string };

function applyMutations(
  entries: [string, JsonNode][],
  mutations: Mutation[],
): [string, JsonNode][] {
  let out = [...entries];
  for (const m of mutations) {
    switch (m.op) {
      case 'set': {
        const i = out.findIndex(([k]) => k === m.key);
        if (i >= 0) out[i] = [m.key, m.value];
        else out.push([m.key, m.value]);
        break;
      }
      case 'drop':
        out = out.filter(([k]) => k !== m.key);
        break;
      case 'add':
        // Appended even when the key exists: a duplicate key (JSON.parse keeps the last).
        out.push([m.key, m.value]);
        break;
      case 'nest':
        out.push([m.key, raw(m.text)]);
        break;
    }
  }
  return out;
}

/**
 * A JSON object for the given fields: the required ones and some optional ones with valid values,
 * then up to four mutations (a field set to a hostile value, a field dropped, an unknown or
 * prototype key added, a duplicate key). `mutations: 0` produces valid-looking objects.
 */
export function objectOf(
  fields: FieldSpec[],
  opts: { minMutations?: number; maxMutations?: number } = {},
): fc.Arbitrary<JsonNode> {
  const required = fields.filter((f) => f.required);
  const optional = fields.filter((f) => !f.required);
  const names = fields.map((f) => f.name);
  const near = fields.flatMap((f) => f.near ?? []);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    {
      arbitrary: fc.constantFrom(...fields).chain((f) =>
        fc.record({
          op: fc.constant('set' as const),
          key: fc.constant(f.name),
          value: hostileValue(f.near ?? near),
        }),
      ),
      weight: 8,
    },
    {
      arbitrary: fc.record({ op: fc.constant('drop' as const), key: fc.constantFrom(...names) }),
      weight: 2,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('add' as const),
        key: fc.oneof(
          fc.constantFrom(...HOSTILE_KEYS),
          fc.constantFrom(...names),
          fc.string({ maxLength: 10 }),
        ),
        value: hostileValue(near),
      }),
      weight: 3,
    },
    {
      arbitrary: fc.record({
        op: fc.constant('nest' as const),
        key: fc.constantFrom(...names, '__proto__'),
        text: fc.oneof(protoText, deepText()),
      }),
      weight: 1,
    },
  );
  return fc
    .tuple(
      fc.tuple(...required.map((f) => f.valid)),
      fc.tuple(...optional.map((f) => fc.option(f.valid, { nil: undefined, freq: 2 }))),
      opts.minMutations !== undefined || opts.maxMutations !== undefined
        ? fc.array(mutation, {
            minLength: opts.minMutations ?? 0,
            maxLength: opts.maxMutations ?? 4,
          })
        : // Mostly one thing wrong, so the rest of the body passes and the bad part reaches deep code.
          fc.oneof(
            { arbitrary: fc.constant<Mutation[]>([]), weight: 2 },
            { arbitrary: fc.array(mutation, { minLength: 1, maxLength: 1 }), weight: 5 },
            { arbitrary: fc.array(mutation, { minLength: 2, maxLength: 4 }), weight: 2 },
          ),
    )
    .map(([req, opt, mutations]) => {
      const entries: [string, JsonNode][] = [
        ...required.map((f, i): [string, JsonNode] => [f.name, req[i]]),
        ...optional.flatMap((f, i): [string, JsonNode][] =>
          opt[i] === undefined ? [] : [[f.name, opt[i]]],
        ),
      ];
      return { obj: applyMutations(entries, mutations) };
    });
}

// ---------------------------------------------------------------------------------------------
// Raw bodies, content types, headers
// ---------------------------------------------------------------------------------------------

export type Body = string | Buffer;

/** Bodies that are not a JSON object, or not JSON. */
export const junkBody: fc.Arbitrary<Body> = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '{',
      '}',
      '{"name":',
      '{"name": "x",}',
      "{'name': 'x'}",
      '{"name": undefined}',
      '{"name": NaN}',
      '{"a":1}{"b":2}',
      '{"a":1} trailing',
      '\uFEFF{}',
      '',
      ' ',
      '\n\n',
      'null',
      'true',
      '1',
      '-0',
      '1e999',
      '"a string"',
      '[]',
      '[{}]',
      '{}',
      '{"__proto__":{"polluted":true}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
      'name=x&kind=person',
      '<xml/>',
      '\u0000',
      '{"statement":"\u0000"}',
      '{"a":"\\u0000"}',
      '{"a":"\\ud800"}',
    ),
    weight: 6,
  },
  { arbitrary: deepText(1, 5000), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 200 }), weight: 2 },
  { arbitrary: fc.uint8Array({ maxLength: 200 }).map((a) => Buffer.from(a)), weight: 1 },
  {
    // Valid JSON framing around bytes that are not UTF-8.
    arbitrary: fc
      .uint8Array({ minLength: 1, maxLength: 8 })
      .map((bytes) =>
        Buffer.concat([
          Buffer.from('{"name":"'),
          Buffer.from(bytes.map((b) => b | 0x80)),
          Buffer.from('","kind":"person","statement":"abc"}'),
        ]),
      ),
    weight: 1,
  },
  // Just over the 1 MiB body limit.
  {
    arbitrary: fc
      .constantFrom('{"name":"', '{"statement":"', '[')
      .map((open) => `${open}${'x'.repeat(1024 * 1024 + 10)}`),
    weight: 1,
  },
);

export const CONTENT_TYPES = [
  'application/json; charset=utf-8',
  'application/merge-patch+json',
  'application/problem+json',
  'APPLICATION/JSON',
  'text/plain',
  'text/json',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/octet-stream',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/jsonx',
  '*/*',
  'application/*',
  '',
];

export const IF_MATCH = [
  '"1"',
  '"2"',
  '1',
  'W/"1"',
  '"0"',
  '"-1"',
  '"abc"',
  '"9999999999"',
  '"999999999"',
  '*',
  '',
  '"1", "2"',
  '"1e3"',
  'W/',
  '"',
];

/** Header values Node will send: tab, printable ASCII and latin-1. */
export const headerValue = (maxLength = 300): fc.Arbitrary<string> =>
  fc.string({
    unit: fc
      .oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0xa0, max: 0xff }))
      .map((c) => String.fromCharCode(c)),
    maxLength,
  });

// ---------------------------------------------------------------------------------------------
// URLs
// ---------------------------------------------------------------------------------------------

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** Percent-encodes every byte of the UTF-8 form that is not unreserved (lone surrogates become U+FFFD). */
export function encodeComponent(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    out +=
      byte < 0x80 && UNRESERVED.test(ch)
        ? ch
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** Path segments that are broken as URLs, not just as ids. */
export const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%FF',
  '%E0%A4%A',
  '%C0%80',
  '%00',
  '%2F',
  '%2e%2e',
  '..',
  '.',
  '',
  'a/b',
  '%20',
  '+',
  ';',
  ':id',
  '*',
  '(.*)',
];

/** A path id: real ones (also upper-cased), ids of another kind, unknown UUIDs, and hostile strings. */
export const pathId = (own: string[], others: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { arbitrary: fc.constantFrom(...own), weight: 6 },
    { arbitrary: fc.constantFrom(...own).map((id) => id.toUpperCase()), weight: 2 },
    { arbitrary: fc.constantFrom(...others), weight: 1 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: fc.uuid().map((u) => u.toUpperCase()), weight: 1 },
    {
      arbitrary: hostileString({ maxLength: 3000, extra: BAD_UUIDS }).map(encodeBounded),
      weight: 5,
    },
    { arbitrary: fc.constantFrom(...RAW_SEGMENTS), weight: 2 },
  );

/** Query strings: known params with good and bad values, unknown params, prototype keys, repeats. */
export function queryString(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const known = Object.keys(params);
  const pair: fc.Arbitrary<[string, string]> = fc.oneof(
    ...(known.length > 0
      ? [
          {
            arbitrary: fc
              .constantFrom(...known)
              .chain((k) =>
                fc.tuple(fc.constant(encodeComponent(k)), params[k].map(encodeBounded)),
              ),
            weight: 8,
          },
        ]
      : []),
    {
      arbitrary: fc.tuple(
        fc
          .oneof(
            fc.constantFrom(
              ...HOSTILE_KEYS,
              'limit[]',
              'limit[0]',
              'sort[',
              'LIMIT',
              'Limit',
              'status ',
              'q[]',
            ),
            fc.string({ maxLength: 8 }),
          )
          .map(encodeComponent),
        hostileString({ maxLength: 2000 }).map(encodeBounded),
      ),
      weight: 2,
    },
    {
      arbitrary: fc.tuple(
        fc.constantFrom('%', '%zz', '&', '=', '%00', '%FF'),
        fc.constantFrom('', '%', '%zz', '%FF', '=', '%00'),
      ),
      weight: 1,
    },
  );
  return fc
    .tuple(
      fc.array(pair, { maxLength: 4 }),
      fc.boolean(),
      fc.constantFrom('&', '&', '&', '&&', ';'),
    )
    .map(([pairs, repeat, sep]) => {
      // A repeated parameter: `?status=a&status=b`.
      const all =
        repeat && pairs.length > 0
          ? [...pairs, [pairs[0][0], pairs[pairs.length - 1][1]] as [string, string]]
          : pairs;
      return all.length === 0
        ? ''
        : `?${all.map(([k, v]) => (v === '' && k.length % 2 === 1 ? k : `${k}=${v}`)).join(sep)}`;
    });
}

/** Percent-encodes, halving the value until the encoding is well under Node's 16 KB header limit. */
export function encodeBounded(value: string): string {
  let v = value;
  let encoded = encodeComponent(v);
  while (encoded.length > 6000) {
    v = v.slice(0, Math.floor(v.length / 2));
    encoded = encodeComponent(v);
  }
  return encoded;
}

export type CursorValueKind = 'string' | 'number' | 'integer' | 'timestamp' | 'uuid';

/** Integers JSON holds that overflow smallint, int, bigint or the safe range, or are not integers at all. */
const INTEGER_TEXT = [
  '0',
  '-0',
  '-1',
  '1',
  '1.0',
  '1e3',
  '32767',
  '32768',
  '-32769',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9007199254740991',
  '-9007199254740991',
  '9007199254740992',
  '9223372036854775807',
  '9223372036854775808',
  '1e20',
  '1.5',
];

/** A cursor value that passes (or nearly passes) the shape check for its kind, yet is hostile. */
function cursorValue(kind: CursorValueKind): fc.Arbitrary<JsonNode> {
  switch (kind) {
    case 'timestamp':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...BAD_DATES, ...GOOD_DATES).map(json), weight: 6 },
        { arbitrary: hostileString({ maxLength: 100 }).map(json), weight: 1 },
      );
    case 'uuid':
      return fc.oneof(
        { arbitrary: fc.uuid().map(json), weight: 4 },
        { arbitrary: fc.uuid().map((u) => json(u.toUpperCase())), weight: 1 },
        { arbitrary: fc.constantFrom(...BAD_UUIDS).map(json), weight: 1 },
      );
    case 'number':
      return fc.oneof(
        {
          arbitrary: fc.constantFrom(...NUMBER_TEXT, '1e308', '-1e308', '0.5', '5e-324').map(raw),
          weight: 4,
        },
        { arbitrary: fc.double().map(json), weight: 2 },
        { arbitrary: fc.constantFrom('"1"', 'null', 'true').map(raw), weight: 1 },
      );
    case 'integer':
      return fc.oneof(
        { arbitrary: fc.constantFrom(...INTEGER_TEXT).map(raw), weight: 5 },
        { arbitrary: fc.integer().map(json), weight: 1 },
        { arbitrary: fc.maxSafeInteger().map(json), weight: 1 },
        { arbitrary: fc.constantFrom('"1"', 'null', 'true', '1e999').map(raw), weight: 1 },
      );
    case 'string':
      return fc.oneof(
        { arbitrary: hostileString({ maxLength: 1001 }).map(json), weight: 5 },
        { arbitrary: fc.constantFrom('1', 'null', '[]').map(raw), weight: 1 },
      );
  }
}

/**
 * Cursors: random base64; base64 of JSON of the wrong shape; of the right sort and shape with
 * hostile values; real cursors, corrupted.
 */
export function cursor(
  sorts: string[],
  goodCursors: string[],
  shapes: CursorValueKind[][] = [],
): fc.Arbitrary<string> {
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
  const rightShape: fc.Arbitrary<string>[] =
    shapes.length > 0
      ? [
          fc
            .tuple(
              fc.constantFrom(...sorts),
              fc.constantFrom(...shapes).chain((shape) => fc.tuple(...shape.map(cursorValue))),
            )
            .map(([s, v]) =>
              b64(`{"s":${JSON.stringify(s)},"v":[${v.map(toJsonText).join(',')}]}`),
            ),
        ]
      : [];
  const value: fc.Arbitrary<JsonNode> = fc.oneof(
    { arbitrary: fc.constantFrom(...BAD_DATES, ...GOOD_DATES).map(json), weight: 4 },
    {
      arbitrary: fc
        .constantFrom(...BAD_UUIDS, '00000000-0000-0000-0000-000000000000'.toUpperCase())
        .map(json),
      weight: 2,
    },
    { arbitrary: fc.uuid().map(json), weight: 3 },
    { arbitrary: fc.constantFrom(...NUMBER_TEXT, '1e308', '-1e308', '0.5').map(raw), weight: 3 },
    { arbitrary: hostileString({ maxLength: 2000 }).map(json), weight: 4 },
    {
      arbitrary: fc.constantFrom('null', 'true', '[]', '{}', '[1]', '{"__proto__":1}').map(raw),
      weight: 2,
    },
  );
  const shaped: fc.Arbitrary<string> = fc
    .tuple(
      fc.oneof(
        fc.constantFrom(...sorts),
        fc.constantFrom('', 'x', '__proto__'),
        hostileString({ maxLength: 50 }),
      ),
      fc.array(value, { minLength: 0, maxLength: 4 }),
      fc.integer({ min: 0, max: 3 }),
    )
    .map(([s, v, layout]) => {
      const vText = `[${v.map(toJsonText).join(',')}]`;
      switch (layout) {
        case 0:
          return `{"s":${JSON.stringify(s)},"v":${vText}}`;
        case 1:
          return `{"v":${vText},"s":${JSON.stringify(s)},"__proto__":{"s":${JSON.stringify(s)}}}`;
        case 2:
          return `{"s":${JSON.stringify(s)},"v":${v.length > 0 ? toJsonText(v[0]) : '{}'}}`;
        default:
          return `{"s":${JSON.stringify(s)},"v":${vText},"extra":1}`;
      }
    });
  return fc.oneof(
    ...rightShape.map((arbitrary) => ({ arbitrary, weight: 8 })),
    { arbitrary: shaped.map(b64), weight: 6 },
    {
      arbitrary: fc
        .constantFrom('{}', '[]', 'null', '1', '"x"', '{"s":null}', '{"v":[]}', '{', '')
        .map(b64),
      weight: 2,
    },
    { arbitrary: fc.base64String({ maxLength: 200 }), weight: 2 },
    {
      arbitrary: fc.uint8Array({ maxLength: 100 }).map((a) => Buffer.from(a).toString('base64url')),
      weight: 2,
    },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    { arbitrary: fc.integer({ min: 1025, max: 3000 }).map((n) => 'A'.repeat(n)), weight: 1 },
    ...(goodCursors.length > 0
      ? [
          { arbitrary: fc.constantFrom(...goodCursors), weight: 2 },
          // A real cursor, corrupted: truncated, padded, or with a byte flipped.
          {
            arbitrary: fc
              .tuple(
                fc.constantFrom(...goodCursors),
                fc.nat(),
                fc.constantFrom('trunc', 'pad', 'flip'),
              )
              .map(([c, n, how]) => {
                const i = n % Math.max(c.length, 1);
                if (how === 'trunc') return c.slice(0, i);
                if (how === 'pad') return `${c}==`;
                return `${c.slice(0, i)}${c[i] === 'A' ? 'B' : 'A'}${c.slice(i + 1)}`;
              }),
            weight: 2,
          },
        ]
      : []),
  );
}
