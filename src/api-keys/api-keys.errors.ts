import { errorCodes } from '../domain/errors.js';

export const ApiKeyErrors = errorCodes({
  UNAUTHENTICATED: { status: 401, title: 'A valid API key is required' },
  FORBIDDEN: { status: 403, title: 'Your key’s role may not do this' },
  API_KEY_NOT_FOUND: { status: 404, title: 'API key not found' },
  LAST_ADMIN_KEY: { status: 409, title: 'The last admin key cannot be revoked' },
});
