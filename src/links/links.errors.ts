import { errorCodes } from '../domain/errors.js';

export const LinkErrors = errorCodes({
  LINK_NOT_FOUND: { status: 404, title: 'Link not found' },
  LINK_TARGET_NOT_FOUND: { status: 422, title: 'The linked claim does not exist' },
  LINK_TO_SELF: { status: 422, title: 'A claim cannot link to itself' },
  LINK_CYCLE: { status: 422, title: 'The link would make a cycle' },
  LINK_EXISTS: { status: 409, title: 'The link already exists' },
});
