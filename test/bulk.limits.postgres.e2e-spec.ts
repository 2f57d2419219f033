import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './test-app.js';

// The last line behind the bulk routes' own limits: PostgreSQL itself ends a session whose
// transaction sits idle, whatever left it open.

describe('idle_in_transaction_session_timeout on the app’s connections', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp({ DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: 1_000 });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('is set from DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, and ends a transaction left idle', async () => {
    const [setting] = await t.db.query('SHOW idle_in_transaction_session_timeout');
    expect(setting.idle_in_transaction_session_timeout).toBe('1s');

    const runner = t.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT 1 FROM claims LIMIT 1 FOR UPDATE`);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await expect(runner.query('SELECT 1')).rejects.toThrow();
    } finally {
      await runner.release().catch(() => undefined);
    }
    const [{ n }] = await t.db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
    );
    expect(n).toBe(0);
    // The pool replaces the ended connection: requests go on being served.
    for (let i = 0; i < 3; i++) {
      expect((await request(t.http).get('/v1/claims?limit=1')).status).toBe(200);
    }
    expect((await request(t.raw).get('/health')).status).toBe(200);
  });

  it('is on by default, at 60 s', async () => {
    const other = await createTestApp();
    try {
      const [setting] = await other.db.query('SHOW idle_in_transaction_session_timeout');
      expect(setting.idle_in_transaction_session_timeout).toBe('1min');
    } finally {
      await other.close();
    }
  });
});
