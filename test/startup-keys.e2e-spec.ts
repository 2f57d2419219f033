import { describe, expect, it } from 'vitest';
import { createTestApp } from './test-app.js';

/** Keys the server makes for itself at start are in the audit trail like any other key. */
describe('admin keys made at start', () => {
  it.each([
    ['the key given in BOOTSTRAP_ADMIN_KEY', {}, 'bootstrap admin'],
    ['the first admin key of an empty database', { BOOTSTRAP_ADMIN_KEY: undefined }, 'first admin'],
  ])('%s is audited as created, by no key', async (_what, overrides, name) => {
    const t = await createTestApp(overrides);
    try {
      const keys = await t.db.query(`SELECT id FROM api_keys WHERE name = $1`, [name]);
      expect(keys).toHaveLength(1);
      const entries = await t.db.query(
        `SELECT action, key_id, after->>'name' AS name, after->>'role' AS role FROM audit_log WHERE entity_type = 'api_key' AND entity_id = $1`,
        [keys[0].id],
      );
      expect(entries).toEqual([{ action: 'create', key_id: null, name, role: 'admin' }]);
    } finally {
      await t.close();
    }
  });
});
