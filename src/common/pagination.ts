import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CommonErrors, DomainError } from '../domain/errors.js';
import { parseInstant } from './dto.js';

export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50, description: 'Page size' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' && /^\d{1,6}$/.test(value) ? Number(value) : value,
  )
  @IsInt()
  @Min(1)
  @Max(200)
  limit: number = 50;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page’s nextCursor' })
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Keyset cursor: the sort it belongs to and the last row's sort values, so pages never shift. */
type CursorValue = string | number;

export function encodeCursor(sort: string, values: CursorValue[]): string {
  return Buffer.from(JSON.stringify({ s: sort, v: values })).toString('base64url');
}

export type CursorShape = ('string' | 'number' | 'integer' | 'timestamp' | 'uuid')[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function decodeCursor(cursor: string, sort: string, shape: CursorShape): CursorValue[] {
  const invalid = () =>
    new DomainError(
      CommonErrors.INVALID_CURSOR,
      'The cursor is malformed or belongs to another list or sort order; start again without it.',
    );
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalid();
  const { s, v } = parsed as { s?: unknown; v?: unknown };
  if (s !== sort || !Array.isArray(v) || v.length !== shape.length) throw invalid();
  shape.forEach((kind, i) => {
    const value: unknown = v[i];
    const ok =
      kind === 'number'
        ? typeof value === 'number' && Number.isFinite(value)
        : kind === 'integer'
          ? typeof value === 'number' && Number.isSafeInteger(value)
          : kind === 'uuid'
            ? typeof value === 'string' && UUID.test(value)
            : kind === 'timestamp'
              ? typeof value === 'string' && parseInstant(value) !== undefined
              : typeof value === 'string' && value.length <= 1000;
    if (!ok) throw invalid();
  });
  // Timestamps go back to SQL in one canonical form, never as the caller wrote them.
  return shape.map((kind, i) =>
    kind === 'timestamp' ? parseInstant(v[i] as string)!.toISOString() : (v[i] as CursorValue),
  );
}

/** Takes `limit + 1` rows' worth of results and cuts them into a page with the next cursor. */
export function toPage<R, T>(
  rows: R[],
  limit: number,
  map: (row: R) => T,
  cursorOf: (row: R) => string,
): Page<T> {
  const more = rows.length > limit;
  const shown = more ? rows.slice(0, limit) : rows;
  return { items: shown.map(map), nextCursor: more ? cursorOf(shown[shown.length - 1]) : null };
}

/** Builds the OpenAPI schema of a page of T. */
const pageClasses = new Map<string, new () => Page<unknown>>();

/** The page schema of `item`, one class per name (asked for twice, the same class). */
export function pageOf<T>(item: new () => T, name: string): new () => Page<T> {
  const known = pageClasses.get(name);
  if (known) return known as new () => Page<T>;
  class PageDto {
    @ApiProperty({ type: () => item, isArray: true })
    items!: T[];

    @ApiProperty({
      type: String,
      nullable: true,
      description: 'Pass as ?cursor= for the next page; null on the last page',
    })
    nextCursor!: string | null;
  }
  Object.defineProperty(PageDto, 'name', { value: name });
  pageClasses.set(name, PageDto);
  return PageDto;
}
