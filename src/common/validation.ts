import { ValidationPipe, type ValidationError } from '@nestjs/common';
import type { ClassTransformOptions } from 'class-transformer';
import type { ValidatorOptions } from 'class-validator';
import { CommonErrors, DomainError, type FieldError } from '../domain/errors.js';
import { knownFields, suggestField } from './field-hints.js';

/** What is wrong first: an unknown field, then the wrong type or form, then size or range. */
const PRIORITY = [
  'whitelistValidation',
  'isArray',
  'isString',
  'isInt',
  'isBoolean',
  'isIn',
  'isUuid',
  'isInstant',
  'isLanguageTag',
  'isUrl',
];

/** An unknown field, with the known one it most likely meant when one is close. */
function unknownFieldMessage(e: ValidationError): string {
  const target: unknown = e.target;
  const guess =
    target && typeof target === 'object'
      ? suggestField(e.property, knownFields(target))
      : undefined;
  return guess ? `is not a known field; did you mean \`${guess}\`?` : 'is not a known field';
}

/** One message per field — the most basic thing wrong with it — with the field's full path. */
function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property)
      ? `${prefix}[${e.property}]`
      : prefix
        ? `${prefix}.${e.property}`
        : e.property;
    const constraints = e.constraints ?? {};
    const first = PRIORITY.find((name) => name in constraints) ?? Object.keys(constraints)[0];
    if (first === 'whitelistValidation') {
      out.push({ field, message: unknownFieldMessage(e) });
    } else if (first) {
      out.push({ field, message: constraints[first] });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** How every body, query and import line is checked: unknown fields rejected, nothing echoed back. */
export const VALIDATOR_OPTIONS: Readonly<ValidatorOptions> = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // The target lets an unknown field's message name the field it most likely meant; neither it
  // nor the value is ever echoed back.
  validationError: { target: true, value: false },
};

/** How plain JSON becomes a DTO: only the conversions a DTO declares (`@Type`), none implied. */
export const TRANSFORM_OPTIONS: Readonly<ClassTransformOptions> = {
  enableImplicitConversion: false,
};

/** The one validation pipe: unknown fields rejected, values converted, every failure listed by field. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    ...VALIDATOR_OPTIONS,
    transform: true,
    transformOptions: TRANSFORM_OPTIONS,
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const detail =
        fieldErrors.length === 1
          ? `${fieldErrors[0].field}: ${fieldErrors[0].message}`
          : `${fieldErrors.length} fields are not valid.`;
      return new DomainError(CommonErrors.VALIDATION_FAILED, detail, fieldErrors);
    },
  });
