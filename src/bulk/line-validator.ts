import type { Type } from '@nestjs/common';
import { plainToInstance, type ClassTransformOptions } from 'class-transformer';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { DomainError, type FieldError } from '../domain/errors.js';
import { validationPipe } from '../common/validation.js';

/**
 * Validates one line's object with the API's own validation pipe, so a line is accepted exactly when
 * the same body would be. Most lines of a file are valid, and the pipe's own bookkeeping (checks
 * for values JSON cannot hold, such as binary data and sparse arrays) costs more than the
 * validation itself over a million lines; so a line first takes a fast path: the pipe's transform
 * and validator, with the pipe's own settings. Only a line that fails there goes through the pipe
 * itself, which words its errors exactly as the API does.
 */
export class LineValidator {
  private readonly pipe = validationPipe();
  /** Read from the pipe itself, so the fast path cannot drift from it. */
  private readonly settings = this.pipe as unknown as {
    validatorOptions: ValidatorOptions;
    transformOptions?: ClassTransformOptions;
  };

  async validate<T extends object>(
    metatype: Type<T>,
    fields: Record<string, unknown>,
  ): Promise<{ value: T } | { errors: FieldError[] }> {
    const value = plainToInstance(metatype, fields, this.settings.transformOptions);
    if (validateSync(value, this.settings.validatorOptions).length === 0) return { value };
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
