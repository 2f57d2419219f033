import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** One line of the results table: a figure, what it is compared with, and its target. */
export interface Row {
  figure: string;
  value: string;
  baseline: string;
  ratio: string;
  target: string;
  /** null: no target, or nothing measured. */
  pass: boolean | null;
}

const HEADERS = ['figure', 'Claimgraph', 'baseline', 'ratio', 'target', 'result'];
const verdict = (pass: boolean | null): string => (pass === null ? '' : pass ? 'PASS' : 'MISS');
const cells = (r: Row): string[] => [
  r.figure,
  r.value,
  r.baseline,
  r.ratio,
  r.target,
  verdict(r.pass),
];

export function textTable(rows: Row[]): string {
  const all = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(HEADERS),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map((r) => line(cells(r))),
  ].join('\n');
}

export function markdownTable(rows: Row[]): string {
  const escape = (c: string) => c.replace(/\|/g, '\\|');
  return [
    `| ${HEADERS.join(' | ')} |`,
    `|${HEADERS.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${cells(r).map(escape).join(' | ')} |`),
  ].join('\n');
}

export const fmt = {
  rate: (n: number | null | undefined, unit = '/s'): string =>
    n == null || !Number.isFinite(n) ? '—' : `${Math.round(n).toLocaleString('en-US')}${unit}`,
  ms: (n: number | null | undefined): string =>
    n == null || !Number.isFinite(n) ? '—' : `${n < 10 ? n.toFixed(2) : n.toFixed(1)} ms`,
  s: (n: number | null | undefined): string =>
    n == null || !Number.isFinite(n) ? '—' : `${n.toFixed(1)} s`,
  mb: (bytes: number | null | undefined): string =>
    bytes == null || !Number.isFinite(bytes) ? '—' : `${Math.round(bytes / 1048576)} MB`,
  kb: (bytes: number | null | undefined): string =>
    bytes == null || !Number.isFinite(bytes) ? '—' : `${(bytes / 1024).toFixed(1)} KB`,
  ratio: (n: number | null | undefined): string =>
    n == null || !Number.isFinite(n) ? '—' : `${Math.round(n * 100)} %`,
  count: (n: number | null | undefined): string => (n == null ? '—' : n.toLocaleString('en-US')),
};

/** Writes `<stem>.json` and `<stem>.md` under `dir`; returns their paths. */
export function writeResults(dir: string, stem: string, json: unknown, markdown: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [join(dir, `${stem}.json`), join(dir, `${stem}.md`)];
  writeFileSync(files[0], JSON.stringify(json, null, 2) + '\n');
  writeFileSync(files[1], markdown);
  return files;
}

/** A progress line on the console, with the time of day. */
export const log = (message: string): void =>
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
