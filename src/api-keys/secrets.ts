import { createHash, randomBytes } from 'node:crypto';

/** Keys look like `cg_<43 url-safe characters>`: the prefix makes a leaked key recognisable. */
export const KEY_PREFIX = 'cg_';
export const KEY_PATTERN = /^cg_[A-Za-z0-9_-]{32,200}$/;

export const hashKey = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex');

/** How much of a key may be shown again: enough to tell keys apart. */
export const displayPrefix = (secret: string): string => secret.slice(0, KEY_PREFIX.length + 6);

export function generateKey(): { secret: string; prefix: string; hash: string } {
  const secret = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: displayPrefix(secret), hash: hashKey(secret) };
}
