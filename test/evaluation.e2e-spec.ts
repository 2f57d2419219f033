import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CrossValidation } from '../src/evaluation/cross-validation.js';
import { generateStories, type Stories } from '../src/evaluation/stories.js';
import { runEvaluation } from '../src/scripts/evaluation-run.js';
import { createTestApp, type TestApp } from './test-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

/**
 * The learned assessment measured on synthetic stories with a known truth: outlets with planted
 * accuracies, outlets copying others (some citing them with viaSourceId), relayed unnamed officials.
 */
describe('evaluating the learned assessment', () => {
  let dir: string;
  let file: string;
  let stories: Stories;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'claimgraph-evaluation-'));
    file = join(dir, 'stories.ndjson');
    stories = generateStories({ claims: 500, outlets: 40, seed: 11 });
    writeFileSync(file, stories.lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('by cross-validation, through an import and the server’s own code', () => {
    let database: TestDatabase;
    let cv: CrossValidation;

    beforeAll(async () => {
      // A scratch database of this run's kind: PostgreSQL when the suite runs on it, else embedded.
      database = await createTestDatabase({ empty: true });
      cv = await runEvaluation({
        file,
        folds: 5,
        seed: 1,
        databaseUrl: database.config.DATABASE_URL,
      });
    }, 180_000);
    afterAll(async () => {
      await database?.drop();
    });

    it('scores every reviewed claim with an outcome once', () => {
      const outcomes = stories.lines.filter(
        (l) => l.type === 'review' && l.verdict !== 'mixed',
      ).length;
      expect(cv.claims).toBe(outcomes);
      for (const method of ['majority', 'rule', 'learned'] as const) {
        const confusion = cv.results[method].confusion;
        const total = Object.values(confusion)
          .flatMap((row) => Object.values(row))
          .reduce((a, b) => a + b, 0);
        expect(total).toBe(outcomes);
      }
    });

    it('beats the majority class and the rule status, and clears the bars', () => {
      const { majority, rule, learned } = cv.results;
      expect(learned.accuracy).toBeGreaterThanOrEqual(0.65);
      expect(learned.macroF1).toBeGreaterThanOrEqual(0.62);
      expect(learned.auc).toBeGreaterThanOrEqual(0.85);
      expect(learned.accuracy).toBeGreaterThan(rule.accuracy + 0.1);
      expect(learned.accuracy).toBeGreaterThan(majority.accuracy + 0.1);
      expect(learned.macroF1).toBeGreaterThan(rule.macroF1);
      expect(learned.brier).toBeLessThan(majority.brier);
      expect(majority.auc).toBe(0.5);
    });
  });

  describe('through the API, after an import', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await createTestApp();
      const res = await request(t.http)
        .post('/v1/import')
        .set('Content-Type', 'application/x-ndjson')
        .send(stories.lines.map((l) => JSON.stringify(l)).join('\n'));
      expect(res.status, JSON.stringify(res.body).slice(0, 500)).toBe(200);
      expect(res.body.created.reviews).toBe(500);
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('recovers the planted accuracy of each independent outlet from its track record', async () => {
      const pairs: [number, number][] = [];
      for (const outlet of stories.outlets.filter((o) => !o.copies)) {
        const [source] = await t.db.query(`SELECT id FROM sources WHERE name = $1`, [outlet.name]);
        const res = await request(t.http).get(`/v1/sources/${source.id}/track-record`);
        expect(res.status).toBe(200);
        if (res.body.sides.taken < 25) continue;
        pairs.push([outlet.accuracy, res.body.accuracy.estimate]);
        expect(res.body.accuracy.low).toBeLessThanOrEqual(res.body.accuracy.estimate);
      }
      expect(pairs.length).toBeGreaterThanOrEqual(10);
      const error = pairs.reduce((sum, [p, e]) => sum + Math.abs(p - e), 0) / pairs.length;
      expect(error).toBeLessThan(0.08);
      // Pearson correlation between planted and learned.
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const [mp, me] = [mean(pairs.map((p) => p[0])), mean(pairs.map((p) => p[1]))];
      const cov = pairs.reduce((s, [p, e]) => s + (p - mp) * (e - me), 0);
      const sp = Math.sqrt(pairs.reduce((s, [p]) => s + (p - mp) ** 2, 0));
      const se = Math.sqrt(pairs.reduce((s, [, e]) => s + (e - me) ** 2, 0));
      expect(cov / (sp * se)).toBeGreaterThan(0.9);
    });
  });
});
