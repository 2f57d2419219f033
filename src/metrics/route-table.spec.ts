import { describe, expect, it } from 'vitest';
import { joinRoute, RouteTable, UNMATCHED_ROUTE } from './route-table.js';

describe('RouteTable', () => {
  const table = new RouteTable([
    '/v1/sources',
    '/v1/sources/:id',
    '/v1/sources/duplicates',
    '/v1/sources/:id/merge',
    '/v1/claims/:id/stances',
    '/health',
  ]);

  it.each([
    ['/v1/sources', '/v1/sources'],
    ['/v1/sources?limit=5', '/v1/sources'],
    ['/v1/sources/', '/v1/sources'],
    ['/v1/sources/6f1c6d1e-0000-4000-8000-000000000000', '/v1/sources/:id'],
    ['/v1/sources/duplicates', '/v1/sources/duplicates'],
    ['/v1/sources/abc/merge', '/v1/sources/:id/merge'],
    ['/v1/claims/x/stances?cursor=y', '/v1/claims/:id/stances'],
    ['/health', '/health'],
    ['/docs', '/docs'],
    ['/docs/swagger-ui.css', '/docs'],
    ['/docs-json', '/docs'],
    ['/v1/nothing/here', UNMATCHED_ROUTE],
    ['/wp-login.php', UNMATCHED_ROUTE],
  ])('%s → %s', (url, route) => {
    expect(table.match(url)).toBe(route);
  });

  it('joins a controller path and a handler path', () => {
    expect(joinRoute('v1/claims', ':id/history')).toBe('/v1/claims/:id/history');
    expect(joinRoute('/health', '')).toBe('/health');
    expect(joinRoute('', '/')).toBe('/');
  });
});
