import 'reflect-metadata';
import { describe, expect, it } from 'vitest';
import { validationPipe } from '../../common/validation.js';
import { ClaimLineDto, SourceLineDto, StanceLineDto } from '../dto/import-line.dto.js';
import { LineErrors, LineParser, MAX_LISTED_ERRORS } from './import-lines.js';
import { LineValidator } from './line-validator.js';

const ID = '6f1b7c1e-52a3-4f53-9d0f-1d2b3c4d5e6f';

describe('LineErrors', () => {
  it('counts every error and keeps those with the lowest line numbers, in order', () => {
    const errors = new LineErrors();
    for (let line = 300; line >= 1; line--) errors.add({ line, message: 'wrong' });
    expect(errors.count).toBe(300);
    expect(errors.list().map((e) => e.line)).toEqual(
      Array.from({ length: MAX_LISTED_ERRORS }, (_, i) => i + 1),
    );
  });
});

describe('LineValidator', () => {
  const pipe = validationPipe();
  const pipeSays = async (metatype: new () => object, body: object): Promise<boolean> =>
    pipe.transform(structuredClone(body), { type: 'body', metatype, data: '' }).then(
      () => true,
      () => false,
    );

  // The fast path must accept exactly what the API's pipe accepts.
  it.each([
    ['a plain source', SourceLineDto, { type: 'source', name: 'A source', kind: 'person' }],
    [
      'a source to normalise',
      SourceLineDto,
      {
        type: 'source',
        name: '  padded  ',
        kind: 'person',
        aliases: [' a ', 'a'],
        key: 'k',
        id: ID,
      },
    ],
    ['an empty name', SourceLineDto, { type: 'source', name: '', kind: 'person' }],
    [
      'an unknown field',
      SourceLineDto,
      { type: 'source', name: 'A source', kind: 'person', extra: 1 },
    ],
    ['the wrong type', SourceLineDto, { type: 'claim', name: 'A source', kind: 'person' }],
    [
      'an ftp url',
      SourceLineDto,
      { type: 'source', name: 'A source', kind: 'person', url: 'ftp://x.example' },
    ],
    [
      'an impossible date',
      ClaimLineDto,
      { type: 'claim', statement: 'A claim', tags: ['A', 'a'], occurredAt: '2017-02-30' },
    ],
    [
      'a language and a null',
      ClaimLineDto,
      { type: 'claim', statement: 'A claim', language: 'pt-BR', mergedIntoId: null },
    ],
    [
      'an over-long key',
      ClaimLineDto,
      { type: 'claim', statement: 'A claim', key: 'x'.repeat(201) },
    ],
    [
      'a plain stance',
      StanceLineDto,
      { type: 'stance', claimId: ID, sourceId: ID, kind: 'asserts' },
    ],
    [
      'a bad id',
      StanceLineDto,
      { type: 'stance', claimId: ID, sourceId: 'not-an-id', kind: 'asserts' },
    ],
    [
      'a future statedAt',
      StanceLineDto,
      {
        type: 'stance',
        claimId: ID,
        sourceId: ID,
        kind: 'asserts',
        statedAt: '2999-01-01T00:00:00Z',
      },
    ],
    [
      'a nested field of another DTO',
      StanceLineDto,
      { type: 'stance', claimId: ID, sourceId: ID, kind: 'asserts', stances: [] },
    ],
  ] as [string, new () => object, Record<string, unknown>][])(
    'agrees with the API’s pipe on %s',
    async (_case, metatype, body) => {
      const fast = await new LineValidator().validate(metatype, structuredClone(body));
      expect('value' in fast).toBe(await pipeSays(metatype, body));
    },
  );

  it('words errors as the API does', async () => {
    const result = await new LineValidator().validate(SourceLineDto, {
      type: 'source',
      name: 'A source',
      kind: 'alien',
      colour: 'red',
    });
    expect(result).toEqual({
      errors: expect.arrayContaining([
        {
          field: 'kind',
          message: expect.stringContaining('kind must be one of the following values'),
        },
        { field: 'colour', message: 'is not a known field' },
      ]),
    });
    expect('errors' in result && result.errors).toHaveLength(2);
  });
});

describe('LineParser', () => {
  const parse = async (parser: LineParser, lines: object[]) => {
    const out = [];
    for (const [i, line] of lines.entries())
      out.push(await parser.parse({ number: i + 1, text: JSON.stringify(line) }));
    return out;
  };

  it('resolves keys of earlier lines to the ids it gives them, and lets ids through', async () => {
    const errors = new LineErrors();
    const parser = new LineParser(errors, 'analyst', 10);
    const lines = [
      { type: 'source', key: 'src', name: 'A source', kind: 'person' },
      { type: 'claim', key: 'clm', id: ID.toUpperCase(), statement: 'A claim' },
      { type: 'stance', claimId: 'clm', sourceId: 'src', viaSourceId: ID, kind: 'reports' },
    ];
    const [source, claim, stance] = await parse(parser, lines);
    expect(errors.count).toBe(0);
    expect(claim).toMatchObject({ type: 'claim', row: { id: ID, explicitId: true } });
    expect(stance).toMatchObject({
      type: 'stance',
      row: { claimId: ID, sourceId: source!.row.id, viaSourceId: ID, explicitId: false },
    });
    expect(parser.keyIds()).toEqual({ src: source!.row.id, clm: ID });
    const few = new LineParser(new LineErrors(), 'analyst', 1);
    await parse(few, lines);
    expect(few.keyIds()).toBeNull();
  });

  it('remembers the key of a refused line, so lines using it are skipped without more errors', async () => {
    const errors = new LineErrors();
    const parser = new LineParser(errors, 'analyst', 10);
    const parsed = await parse(parser, [
      { type: 'source', key: 'bad', name: 'A source', kind: 'alien' },
      { type: 'claim', key: 'fine', statement: 'A claim' },
      { type: 'stance', claimId: 'fine', sourceId: 'bad', kind: 'asserts' },
      { type: 'stance', claimId: 'fine', sourceId: 'bad', kind: 'nonsense' },
    ]);
    expect(parsed.map((p) => p?.type)).toEqual([undefined, 'claim', undefined, undefined]);
    expect(errors.list().map((e) => [e.line, e.field])).toEqual([
      [1, 'kind'],
      [4, 'kind'],
    ]);
    expect(parser.keyIds()).toEqual({ fine: parsed[1]!.row.id });
  });

  it('accepts a key on stance and link lines without remembering it', async () => {
    const errors = new LineErrors();
    const parser = new LineParser(errors, 'analyst', 10);
    await parse(parser, [
      { type: 'stance', key: 'st1', claimId: ID, sourceId: ID, kind: 'asserts' },
    ]);
    expect(errors.count).toBe(0);
    expect(parser.keyIds()).toEqual({});
  });
});
