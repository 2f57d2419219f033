/** How long a claim node's label may be. */
export const LABEL_LENGTH = 60;

/**
 * A statement cut at a word boundary to at most LABEL_LENGTH characters, "…" included (counted in
 * code points, so a character outside the BMP is never split).
 */
export const shortLabel = (statement: string): string => {
  const chars = [...statement.replace(/\s+/g, ' ').trim()];
  if (chars.length <= LABEL_LENGTH) return chars.join('');
  const cut = chars.slice(0, LABEL_LENGTH - 1).join('');
  const space = cut.lastIndexOf(' ');
  const kept = space >= LABEL_LENGTH / 2 ? cut.slice(0, space) : cut;
  return `${kept.replace(/[\s,;:.–-]+$/u, '')}…`;
};
