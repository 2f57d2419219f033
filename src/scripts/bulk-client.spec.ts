import { describe, expect, it } from 'vitest';
import { describeOutcome, progressLine } from './bulk-client.js';

describe('progressLine', () => {
  it('shows the share sent, the sizes, rows, rate and time left', () => {
    expect(progressLine({ bytes: 25e6, lines: 100_000 }, 100e6, 10_000)).toBe(
      ' 25.0%  25.0 MB of 100.0 MB  100,000 rows  10,000 rows/s  ETA 0:30',
    );
  });

  it('draws a bar that fits the terminal', () => {
    const line = progressLine({ bytes: 50, lines: 1 }, 100, 1000, 120);
    expect(line).toMatch(/^\[#{20}\.{20}\] {2}50\.0%/);
    expect(progressLine({ bytes: 0, lines: 0 }, 100, 1000, 60)).toMatch(/^\[\.{10}\]/);
  });

  it('shows hours once the time left passes one, and no time while nothing is sent', () => {
    expect(progressLine({ bytes: 1, lines: 1 }, 7201, 1000)).toMatch(/ETA 2:00:00$/);
    expect(progressLine({ bytes: 0, lines: 0 }, 100, 1000)).toMatch(/ETA --:--$/);
  });
});

describe('describeOutcome', () => {
  it('words a problem that is not JSON', () => {
    expect(describeOutcome({ ok: false, status: 502, body: 'Bad gateway' }, 0)).toBe(
      'The server answered 502: Bad gateway',
    );
  });
});
