import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { CommonErrors, DomainError, type FieldError } from './domain-error.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    for (const message of Object.values(e.constraints ?? {})) {
      out.push({ field, message: message.replace(/^property (\S+) should not exist$/, 'is not a known field') });
    }
    if (e.children?.length) out.push(...flatten(e.children, field));
  }
  return out;
}

/** The one validation pipe: unknown fields rejected, values converted, every failure listed by field. */
export const validationPipe = (): ValidationPipe =>
  new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fieldErrors = flatten(errors);
      const detail =
        fieldErrors.length === 1
          ? `${fieldErrors[0].field}: ${fieldErrors[0].message}`
          : `${fieldErrors.length} fields are not valid.`;
      return new DomainError(CommonErrors.VALIDATION_FAILED, detail, fieldErrors);
    },
  });
