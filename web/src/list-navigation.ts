/**
 * j/k/Enter over a list, as a pure function: the key pressed and the list's state in, the new
 * selection (and whether to open it) out. Tested in list-navigation.spec.ts.
 */
export interface ListKeyResult {
  index: number;
  open: boolean;
}

export function listKey(key: string, index: number, length: number): ListKeyResult | null {
  if (length === 0) return null;
  const current = Math.min(Math.max(index, -1), length - 1);
  switch (key) {
    case 'j':
    case 'ArrowDown':
      return { index: Math.min(current + 1, length - 1), open: false };
    case 'k':
    case 'ArrowUp':
      return { index: Math.max(current - 1, 0), open: false };
    case 'Enter':
      return current >= 0 ? { index: current, open: true } : null;
    default:
      return null;
  }
}

const tagOf = (target: EventTarget | null): string | null => {
  const tag = (target as { tagName?: unknown } | null)?.tagName;
  return typeof tag === 'string' ? tag.toUpperCase() : null;
};

/**
 * Whether the list should leave a key press alone: every key typed into a text field (j and k are
 * letters there), and Enter on a link or button, which the browser already acts on.
 */
export function leaveKeyAlone(key: string, target: EventTarget | null): boolean {
  const tag = tagOf(target);
  if (tag === null) return false;
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(tag)) return true;
  if ((target as { isContentEditable?: boolean }).isContentEditable) return true;
  return key === 'Enter' && ['A', 'BUTTON'].includes(tag);
}
