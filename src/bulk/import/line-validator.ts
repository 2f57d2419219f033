import type { Type } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DomainError, type FieldError } from '../../domain/errors.js';
import { TRANSFORM_OPTIONS, validationPipe, VALIDATOR_OPTIONS } from '../../common/validation.js';

/**
 * Validates one line's object with the API's own validation pipe, so a line is accepted exactly when
 * the same body would be. Most lines of a file are valid, and the pipe's own bookkeeping (checks
 * for values JSON cannot hold, such as binary data and sparse arrays) costs more than the
 * validation itself over a million lines; so a line first takes a fast path: the same transform
 * and validator, with the settings the pipe is built from (common/validation.ts). Only a line that
 * fails there goes through the pipe itself, which words its errors exactly as the API does.
 */
export class LineValidator {
  private readonly pipe = validationPipe();

  async validate<T extends object>(
    metatype: Type<T>,
    fields: Record<string, unknown>,
  ): Promise<{ value: T } | { errors: FieldError[] }> {
    const value = plainToInstance(metatype, fields, TRANSFORM_OPTIONS);
    if (validateSync(value, VALIDATOR_OPTIONS).length === 0) return { value };
    try {
      return {
        value: (await this.pipe.transform(fields, { type: 'body', metatype, data: '' })) as T,
      };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return { errors: error.errors ?? [] };
    }
  }
}
