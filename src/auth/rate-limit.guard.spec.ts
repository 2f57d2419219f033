import { describe, expect, it } from 'vitest';
import { HEAVY_REQUEST_COST, requestCost } from './rate-limit.guard.js';

describe('what a request costs of its budget', () => {
  it('charges the reads whose work grows with the data more', () => {
    for (const url of [
      '/v1/graph?tag=iran',
      '/v1/export',
      '/v1/activity?since=2026-12-01T00:00:00Z',
      '/V1/Activity/',
    ])
      expect(requestCost({ method: 'GET', url }), url).toBe(HEAVY_REQUEST_COST);
    expect(
      requestCost({ method: 'GET', url: '/v1/claims?q=meeting', query: { q: 'meeting' } }),
    ).toBe(HEAVY_REQUEST_COST);
  });

  it('charges one for everything else, writes included', () => {
    expect(requestCost({ method: 'GET', url: '/v1/claims', query: { q: '  ' } })).toBe(1);
    expect(
      requestCost({ method: 'GET', url: '/v1/claims/0c6f5a5e-2b1d-4f7e-9a58-3f1c8d2e4b7a' }),
    ).toBe(1);
    expect(requestCost({ method: 'GET', url: '/v1/activity-feed' })).toBe(1);
    expect(requestCost({ method: 'POST', url: '/v1/graph' })).toBe(1);
    expect(requestCost({ method: 'POST', url: '/v1/import' })).toBe(1);
  });
});
