import { errorCodes } from '../domain/errors.js';

export const StanceErrors = errorCodes({
  STANCE_NOT_FOUND: { status: 404, title: 'Stance not found' },
  STANCE_SOURCE_NOT_FOUND: { status: 422, title: 'The stance’s source does not exist' },
  VIA_SOURCE_NOT_FOUND: { status: 422, title: 'The relaying source does not exist' },
});
