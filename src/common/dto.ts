import type { IsURLOptions } from 'validator';
import { Transform } from 'class-transformer';
import { applyDecorators } from '@nestjs/common';
import {
  IsUrl,
  MaxLength,
  registerDecorator,
  ValidateIf,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';

/** Trims strings; leaves other types for the type validators to reject. */
export const Trim = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));

/** Trims each string of an array and drops empty duplicates' twins; `lower` also lower-cases. */
export const NormaliseList = (options: { lower?: boolean } = {}): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return value;
    const cleaned = value.map((v) => (options.lower ? v.trim().toLowerCase() : v.trim()));
    return [...new Set(cleaned)];
  });

/** UUIDs are stored and answered in lower case, whatever case the caller sent. */
export const LowerCaseId = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) =>
    typeof value === 'string' ? value.toLowerCase() : value,
  );

/** Optional, but `null` is not a value: for fields that may be left out of a PATCH but not cleared. */
export const OptionalNotNull = (): PropertyDecorator =>
  ValidateIf((_o, value) => value !== undefined);

/** Optional and clearable: undefined leaves it alone, null clears it. */
export const Nullable = (): PropertyDecorator =>
  ValidateIf((_o, value) => value !== undefined && value !== null);

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):?(\d{2})))?$/;

const daysIn = (year: number, month: number): number =>
  new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses an ISO-8601 date or date-time with offset, refusing impossible ones (2017-02-30, 24:00)
 * that `new Date()` would silently roll into the next day or month.
 */
export function parseInstant(value: string): Date | undefined {
  const m = ISO_8601.exec(value);
  if (!m) return undefined;
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((part) => (part === undefined ? undefined : Number(part))) as number[];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59 || offH > 23 || offM > 59) return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return undefined;
  // An offset can push a date at the edge of the range out of it (9999-12-31T23:00-14:00).
  const utcYear = d.getUTCFullYear();
  return utcYear >= 1 && utcYear <= 9999 ? d : undefined;
}

/**
 * An ISO-8601 instant: a date, or a date and time with a UTC offset (`Z` or `±hh:mm`). A time
 * without an offset is ambiguous and rejected. `maxFutureMs` bounds how far ahead it may be.
 */
export function IsInstant(
  options: { maxFutureMs?: number } = {},
  validation?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validation,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string') return false;
          const d = parseInstant(value);
          if (!d) return false;
          return (
            options.maxFutureMs === undefined || d.getTime() <= Date.now() + options.maxFutureMs
          );
        },
        defaultMessage(args: ValidationArguments): string {
          const d = typeof args.value === 'string' ? parseInstant(args.value) : undefined;
          if (d && options.maxFutureMs !== undefined) {
            return `${args.property} must not be more than ${Math.round(options.maxFutureMs / 60000)} minutes in the future`;
          }
          return `${args.property} must be an ISO-8601 date or date-time with a UTC offset, e.g. 2017-10-29T08:00:00Z`;
        },
      },
    });
  };
}

/** A BCP-47 language tag, e.g. `en`, `fa`, `pt-BR`. */
export function IsLanguageTag(validation?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'isLanguageTag',
      target: target.constructor,
      propertyName: propertyName as string,
      options: validation,
      validator: {
        validate(value: unknown): boolean {
          if (typeof value !== 'string' || value.length > 35) return false;
          try {
            return Intl.getCanonicalLocales(value).length === 1;
          } catch {
            return false;
          }
        },
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} must be a BCP-47 language tag such as "en" or "pt-BR"`,
      },
    });
  };
}

export const HTTP_URL: IsURLOptions = {
  protocols: ['http', 'https'],
  require_protocol: true,
  require_tld: false,
};

/** The longest URL the API stores. */
export const MAX_URL_LENGTH = 2048;

/** What is wrong with a value that is not an http(s) URL, in words that say how to fix it. */
export function describeBadUrl(property: string, value: unknown): string {
  if (typeof value !== 'string') return `${property} must be a URL, as a string`;
  if (value.length > MAX_URL_LENGTH) {
    return `${property} is too long: a URL may have at most ${MAX_URL_LENGTH} characters`;
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(value)?.[1];
  if (!scheme || !/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    return `${property} has no scheme: start it with https:// (or http://), as in https://example.org/page`;
  }
  if (!/^https?$/i.test(scheme)) {
    return `${property} must be a web address: its scheme is ${scheme.toLowerCase()}, not http or https`;
  }
  return `${property} is not a valid web address: after http(s):// comes a host name, then an optional path`;
}

/** An http or https URL of at most MAX_URL_LENGTH characters, each problem worded as it is. */
export const IsHttpUrl = (): PropertyDecorator =>
  applyDecorators(
    MaxLength(MAX_URL_LENGTH, {
      message: (args: ValidationArguments) => describeBadUrl(args.property, args.value),
    }),
    IsUrl(HTTP_URL, {
      message: (args: ValidationArguments) => describeBadUrl(args.property, args.value),
    }),
  );

/** Refuses the field when `other` is given too: two ways to say one thing, of which one is needed. */
export function NotWith(other: string): PropertyDecorator {
  return (target: object, propertyName: string | symbol): void => {
    registerDecorator({
      name: 'notWith',
      target: target.constructor,
      propertyName: propertyName as string,
      constraints: [other],
      validator: {
        validate: (_value: unknown, args: ValidationArguments) =>
          (args.object as Record<string, unknown> | undefined)?.[other] === undefined,
        defaultMessage: (args: ValidationArguments) =>
          `${args.property} cannot be given with ${other}: give one of ${other} and ${args.property}`,
      },
    });
  };
}

/**
 * A query parameter that lists values: `a,b` and `a&a=b` both become [a, b] (trimmed, each once).
 * For `@Transform`; anything else is left for the validators to refuse.
 */
export const toCommaList = ({ value }: { value: unknown }): unknown => {
  const parts = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(parts) || !parts.every((p) => typeof p === 'string')) return value;
  return [...new Set(parts.flatMap((p) => p.split(',')).map((p) => p.trim()))];
};
