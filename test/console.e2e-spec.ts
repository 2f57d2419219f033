import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, launchChromium, screenshot } from './browser.js';
import { createApiKey, loadFoundingArticle } from './factories.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * The newsroom console in a real Chromium, against a real server and database: signing in, the
 * review queue updating live, the claim page, verdicts by role, signing out, and an accessibility
 * check and a screenshot of every screen. What the console does is checked again through the API.
 */
/** What the tests read of a graph Cytoscape.js drew (the page keeps it on `window`). */
interface DrawnGraph {
  nodes: () => { length: number; map: <T>(f: (n: { id: () => string }) => T) => T[] };
  edges: () => { length: number; map: <T>(f: (e: { id: () => string }) => T) => T[] };
}

describe('the newsroom console in a browser', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let claims: Record<string, string>;
  let sources: Record<string, string>;
  const keys: Record<'editor' | 'analyst', { id: string; key: string }> = {} as never;
  const errors: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    base = `http://127.0.0.1:${(t.raw.address() as AddressInfo).port}`;
    for (const [role, name] of [
      ['editor', 'Maria Editor'],
      ['analyst', 'Ana Analyst'],
    ] as const) {
      keys[role] = await createApiKey(t.http, name, role);
    }
    ({ claims, sources } = await loadFoundingArticle(t.http));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile; every page error and console error is kept, and must stay empty. */
  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    // Refused requests are kept from their responses (the console's own "Failed to load" lines
    // repeat them), except asking who is signed in before anybody is: that is how it finds out.
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource'))
        errors.push(`console: ${m.text()}`);
    });
    page.on('response', (r) => {
      const who = new URL(r.url()).pathname === '/v1/session' && r.request().method() === 'GET';
      if (r.status() >= 400 && !(who && r.status() === 401))
        errors.push(`${r.request().method()} ${r.url()} → ${r.status()}`);
    });
    return { context, page };
  }

  async function signIn(page: Page, key: string): Promise<void> {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
  }

  const queueItem = (page: Page, claimId: string) => page.locator(`[data-claim-id="${claimId}"]`);

  it('signs in with a key and lands on the review queue, naming the person and role', async () => {
    const { context, page } = await newPage();
    await page.goto(`${base}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByRole('heading', { name: 'Sign in to Claimgraph' }).waitFor();
    await expectAccessible(page, 'sign-in');
    await screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill('cg_' + 'x'.repeat(43));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/unknown or has been revoked/);
    expect(errors).toEqual([expect.stringMatching(/^POST .*\/v1\/session → 401$/)]);
    errors.length = 0;

    await page.getByLabel('API key').fill(keys.editor.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Review queue' }).waitFor();
    expect(page.url()).toBe(`${base}/queue`);
    expect(await page.getByTestId('who').textContent()).toBe('Maria Editor (editor)');
    for (const name of ['Queue', 'Claims', 'Dashboard', 'Activity'])
      await page.getByRole('navigation').getByRole('link', { name }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();

    // The worked example's headline claim waits for an editor, disputed "2 vs 1", with its reason.
    const trump = queueItem(page, claims['trump-request']);
    await trump.waitFor();
    expect(await trump.locator('.chip').textContent()).toBe('disputed');
    expect(await trump.textContent()).toContain('2 vs 1');
    expect(await trump.locator('.why').textContent()).toMatch(
      /^Not reviewed yet: moved from corroborated to disputed at .* when a stance was added\. By bootstrap admin\.$/,
    );
    await expectAccessible(page, 'queue');
    await screenshot(page, 'queue');

    // The cookie is HttpOnly and SameSite=Strict: the page's scripts cannot read it.
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: 'cg_session', httpOnly: true, sameSite: 'Strict' });
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { document: { cookie: string } }).document.cookie,
      ),
    ).toBe('');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves a claim into the queue without a reload when a stance is added through the API', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);
    const id = claims['macron-offer'];
    // Reviewed, consistent with its evidence: out of the queue.
    const review = await request(t.raw)
      .post(`/v1/claims/${id}/reviews`)
      .set('Authorization', `Bearer ${keys.editor.key}`)
      .send({ verdict: 'mostly_true', rationale: 'Macron said so on the record.' });
    expect(review.status).toBe(201);
    await page.reload();
    await page.getByTestId('queue').waitFor();
    await page.locator('.live.on').waitFor();
    await expect.poll(() => queueItem(page, id).count()).toBe(0);
    await page.evaluate(() => ((globalThis as Record<string, unknown>).stillTheSamePage = true));

    // The White House denies it: the status moves, so the claim needs review again.
    const stance = await request(t.raw)
      .post(`/v1/claims/${id}/stances`)
      .set('Authorization', `Bearer ${keys.analyst.key}`)
      .send({ sourceId: sources['white-house'], kind: 'denies' });
    expect(stance.status).toBe(201);
    await queueItem(page, id).waitFor({ timeout: 30_000 });
    expect(await queueItem(page, id).locator('.why').textContent()).toMatch(
      /^Reviewed before, but moved from .* to disputed at .* when a stance was added\. By Ana Analyst\.$/,
    );
    expect(
      await page.evaluate(() => (globalThis as Record<string, unknown>).stillTheSamePage),
    ).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('opens a claim from the queue with the keyboard and records a verdict as an editor', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);
    const id = claims['trump-request'];
    await queueItem(page, id).waitFor();
    const ids = await page
      .locator('[data-claim-id]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-claim-id')));
    const position = ids.indexOf(id);
    for (let i = 0; i <= position; i++) await page.keyboard.press('j');
    expect(await queueItem(page, id).getAttribute('aria-current')).toBe('true');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${base}/claims/${id}`);

    // The explanation: one block per independence group, each member with its stance and grade.
    await page.getByRole('heading', { level: 1, name: /Donald Trump requested/ }).waitFor();
    const iran = page.getByRole('region', {
      name: 'Group: Government of the Islamic Republic of Iran',
    });
    await iran.waitFor();
    expect(await iran.textContent()).toMatch(/Bahram Ghassemi.*grade C.*confirms/);
    await page.getByRole('region', { name: 'Group: The White House' }).waitFor();
    expect(await page.getByTestId('summary').textContent()).toMatch(
      /^Disputed: 2 independent groups support/,
    );
    // The claims linked to it, with their status: Iran's rebuff depends on it. Drawn as a small
    // graph of the claims within two links, every one the API names.
    await page
      .getByTestId('linked')
      .getByRole('link', { name: /^Iran rebuffed Donald Trump's request/ })
      .waitFor();
    const around = await request(t.raw)
      .get('/v1/graph')
      .query({ claimId: id, depth: 2, walk: 'links', maxNodes: 60 })
      .set('Authorization', `Bearer ${keys.editor.key}`);
    expect(around.status).toBe(200);
    await expect
      .poll(() =>
        page.evaluate(() => {
          const cy = (globalThis as unknown as Record<string, DrawnGraph | undefined>)[
            'cytoscape:linked-graph'
          ];
          return cy
            ? cy
                .nodes()
                .map((n) => n.id())
                .sort()
            : null;
        }),
      )
      .toEqual(around.body.elements.nodes.map((n: { data: { id: string } }) => n.data.id).sort());
    // The history names who made each change.
    expect(await page.locator('table.history').textContent()).toContain('bootstrap admin');
    await expectAccessible(page, 'claim');
    await screenshot(page, 'claim');

    // Story time: just before the White House's denial, two independent groups had confirmed it.
    const slider = page.getByRole('slider', { name: /^As of/ });
    await slider.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    expect(await slider.getAttribute('aria-valuetext')).toMatch(/^2017-10-29 12:00/);
    await expect.poll(() => page.getByTestId('as-of').textContent()).toMatch(/^corroborated/i);
    await page.keyboard.press('End');
    await expect.poll(() => page.getByTestId('as-of').textContent()).toMatch(/^disputed/i);

    const form = page.getByRole('form', { name: 'Record a verdict' });
    await form.getByLabel('Verdict').selectOption('mostly_true');
    await form
      .getByLabel('Rationale')
      .fill('Iran confirmed on the record; the denial is unspecific.');
    await form.getByRole('button', { name: 'Record verdict' }).click();
    await page.getByText('Verdict recorded.').waitFor();
    await expect
      .poll(() => page.getByTestId('review-state').textContent())
      .toMatch(/^Standing verdict: mostly true/);
    // The verdict as it would be published, on request.
    await page.getByText('Preview the ClaimReview (schema.org JSON-LD)').click();
    const published = JSON.parse((await page.getByTestId('claim-review').textContent()) ?? '');
    expect(published).toMatchObject({
      '@type': 'ClaimReview',
      reviewRating: { alternateName: 'Mostly true' },
    });

    const stored = await request(t.raw)
      .get(`/v1/claims/${id}/reviews`)
      .set('Authorization', `Bearer ${keys.analyst.key}`);
    expect(stored.body.items[0]).toMatchObject({
      verdict: 'mostly_true',
      rationale: 'Iran confirmed on the record; the denial is unspecific.',
      actor: { keyId: keys.editor.id, name: 'Maria Editor' },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor withdraw the standing verdict, and the claim returns to the queue', async () => {
    const id = claims['rouhani-declined-macron'];
    const given = await request(t.http)
      .post(`/v1/claims/${id}/reviews`)
      .send({ verdict: 'false', rationale: 'Called before Tehran answered.' });
    expect(given.status).toBe(201);
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);
    await page.goto(`${base}/claims/${id}`);
    await expect
      .poll(() => page.getByTestId('review-state').textContent())
      .toMatch(/^Standing verdict: false/);
    const form = page.getByRole('form', { name: 'Withdraw the standing verdict' });
    await form.getByLabel('Reason for withdrawing it').fill('Tehran has not answered yet.');
    await form.getByRole('button', { name: 'Withdraw verdict' }).click();
    await expect
      .poll(() => page.getByTestId('review-state').textContent())
      .toMatch(/^No verdict yet \(unreviewed\)/);
    expect(await page.getByRole('form', { name: 'Withdraw the standing verdict' }).count()).toBe(0);

    const [stored] = await t.db.query(
      `SELECT review_state, (SELECT count(*)::int FROM claim_reviews WHERE claim_id = $1) AS verdicts
         FROM claims WHERE id = $1`,
      [id],
    );
    expect(stored).toEqual({ review_state: 'unreviewed', verdicts: 0 });
    const [audit] = await t.db.query(
      `SELECT key_id, after->>'reason' AS reason FROM audit_log WHERE action = 'withdraw' AND entity_id = $1`,
      [given.body.id],
    );
    expect(audit).toEqual({ key_id: keys.editor.id, reason: 'Tehran has not answered yet.' });
    await page.goto(`${base}/queue`);
    await queueItem(page, id).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lets an editor merge a duplicate into the claim it repeats, found by its words', async () => {
    const original = await request(t.http)
      .post('/v1/claims')
      .send({ statement: 'The ferry to Kish Island sank on Monday morning.' });
    const duplicate = await request(t.http)
      .post('/v1/claims')
      .send({ statement: 'Kish ferry went down Monday.' });
    expect([original.status, duplicate.status]).toEqual([201, 201]);
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);
    await page.goto(`${base}/claims/${duplicate.body.id}`);
    const form = page.getByRole('form', { name: 'Merge into another claim' });
    await form.getByLabel('Find the claim it repeats').fill('ferry Kish');
    await form
      .getByRole('radio', { name: /The ferry to Kish Island sank on Monday morning/ })
      .check();
    await form.getByRole('button', { name: 'Merge into the chosen claim' }).click();
    await page.waitForURL(`${base}/claims/${original.body.id}`);
    await page.getByRole('heading', { level: 1, name: /^The ferry to Kish Island sank/ }).waitFor();
    const [stored] = await t.db.query(`SELECT merged_into_id FROM claims WHERE id = $1`, [
      duplicate.body.id,
    ]);
    expect(stored.merged_into_id).toBe(original.body.id);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers an analyst no verdict controls, and the server refuses the verdict anyway', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.analyst.key);
    const id = claims['iran-rebuffed'];
    await page.goto(`${base}/claims/${id}`);
    await page.getByRole('heading', { name: 'Verdict' }).waitFor();
    await page.getByRole('form', { name: 'Add a stance' }).waitFor();
    expect(await page.getByRole('form', { name: 'Record a verdict' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Record verdict' }).count()).toBe(0);

    const refused = await page.evaluate(async (claimId) => {
      const res = await fetch(`/v1/claims/${claimId}/reviews`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Requested-With': 'test' },
        body: JSON.stringify({ verdict: 'false', rationale: 'An analyst tries anyway.' }),
      });
      return { status: res.status, body: (await res.json()) as { code: string } };
    }, id);
    expect(refused).toMatchObject({ status: 403, body: { code: 'FORBIDDEN' } });
    const [count] = await t.db.query(
      `SELECT count(*)::int AS n FROM claim_reviews WHERE claim_id = $1`,
      [id],
    );
    expect(count.n).toBe(0);
    expect(errors).toEqual([expect.stringMatching(/^POST .*\/reviews → 403$/)]);
    errors.length = 0;
    await context.close();
  });

  it('lets an analyst add a stance, finding the source despite a misspelling', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.analyst.key);
    const id = claims['obama-call-2013'];
    await page.goto(`${base}/claims/${id}`);
    const form = page.getByRole('form', { name: 'Add a stance' });
    await form.getByLabel('Source', { exact: true }).fill('Ghasemi');
    // The suggestions come from the fuzzy source search.
    await expect
      .poll(() =>
        form
          .locator('datalist option')
          .evaluateAll((os) => os.map((o) => (o as unknown as { value: string }).value)),
      )
      .toContain('Bahram Ghassemi');
    await form.getByLabel('Source', { exact: true }).fill('Bahram Ghassemi');
    await form.getByLabel('Stance').selectOption('questions');
    await form.getByLabel('Quote').fill('We have no record of such a call.');
    await expectAccessible(page, 'claim (analyst)');
    await form.getByRole('button', { name: 'Add stance' }).click();
    await page.getByText('Stance added (existing source).').waitFor();

    const stances = await request(t.raw)
      .get(`/v1/claims/${id}/stances`)
      .set('Authorization', `Bearer ${keys.analyst.key}`);
    expect(stances.body.items).toContainEqual(
      expect.objectContaining({
        sourceId: sources.ghassemi,
        kind: 'questions',
        quote: 'We have no record of such a call.',
        createdByKeyId: keys.analyst.id,
      }),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it('refuses a cookie write without the CSRF header', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.analyst.key);
    const refused = await page.evaluate(async () => {
      const res = await fetch('/v1/sources', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Forged source', kind: 'outlet' }),
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        body: (await res.json()) as { code: string },
      };
    });
    expect(refused).toMatchObject({
      status: 403,
      type: expect.stringMatching(/^application\/problem\+json/),
      body: { code: 'CSRF_REJECTED' },
    });
    expect(await t.db.query(`SELECT 1 FROM sources WHERE name = 'Forged source'`)).toHaveLength(0);
    expect(errors).toEqual([expect.stringMatching(/^POST .*\/v1\/sources → 403$/)]);
    errors.length = 0;
    await context.close();
  });

  it('shows the claims search, a source, the dashboard graph and the activity', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);

    await page.getByRole('navigation').getByRole('link', { name: 'Claims' }).click();
    await page.getByRole('searchbox', { name: 'Search' }).fill('Rouhani meeting');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/claims\?q=Rouhani\+meeting$/);
    await page.locator('[data-testid="claims"] mark').first().waitFor();
    await expectAccessible(page, 'claims');
    await screenshot(page, 'claims');

    await page.goto(`${base}/sources/${sources.ghassemi}`);
    await page.getByRole('heading', { level: 1, name: 'Bahram Ghassemi' }).waitFor();
    // Its affiliation chain, up to the root of its independence group.
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Affiliation and independence group' }).textContent(),
      )
      .toContain(
        'Bahram Ghassemi → Iranian Foreign Ministry → Government of the Islamic Republic of Iran.',
      );
    // Everything it said, each with the claim's statement, which opens the claim.
    await page
      .getByRole('region', { name: 'Everything it said' })
      .getByRole('link', { name: /^Donald Trump requested a bilateral meeting/ })
      .waitFor();
    // How often its group (the government's) sided with each other group, as the API counts it.
    const pairs = await request(t.raw)
      .get(`/v1/stats?include=agreement&groupId=${sources['ghassemi']}`)
      .set('Authorization', `Bearer ${keys.editor.key}`);
    expect(pairs.body.agreement.length).toBeGreaterThan(0);
    const rows = page.getByTestId('group-agreement').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(pairs.body.agreement.length);
    const whiteHouse = pairs.body.agreement.find(
      (p: { groupB: { name: string } }) => p.groupB.name === 'The White House',
    );
    expect(
      await rows.filter({ hasText: 'The White House' }).locator('td').allTextContents(),
    ).toEqual([`${whiteHouse.agree}`, `${whiteHouse.disagree}`, expect.stringMatching(/%$/)]);
    await expectAccessible(page, 'source');
    await screenshot(page, 'source');

    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByTestId('graph').waitFor();
    const graph = await request(t.raw)
      .get('/v1/graph?tag=iran&depth=2&maxNodes=300')
      .set('Authorization', `Bearer ${keys.editor.key}`);
    expect(graph.status).toBe(200);
    await expect
      .poll(() =>
        page.evaluate(() => {
          const cy = (globalThis as unknown as Record<string, DrawnGraph | undefined>)[
            'cytoscape:graph'
          ];
          return cy ? [cy.nodes().length, cy.edges().length] : null;
        }),
      )
      .toEqual([graph.body.elements.nodes.length, graph.body.elements.edges.length]);
    // Status changes per day as a chart (and its figures), and the groups' agreement as a heat map
    // with a cell, both ways, for every pair of groups that took sides on the same claim.
    await page.getByTestId('status-changes').waitFor();
    const stats = await request(t.raw)
      .get('/v1/stats?include=agreement,statusChanges')
      .set('Authorization', `Bearer ${keys.editor.key}`);
    const shared = (stats.body.agreement as { agree: number; disagree: number }[]).filter(
      (p) => p.agree + p.disagree > 0,
    );
    expect(shared.length).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('agreement').locator('td[title]').count())
      .toBe(2 * shared.length);
    expect(await page.getByTestId('status-changes').getAttribute('aria-label')).toContain(
      `${stats.body.statusChanges.total} in all`,
    );
    await expectAccessible(page, 'dashboard');
    await screenshot(page, 'dashboard');

    await page.getByRole('navigation').getByRole('link', { name: 'Activity' }).click();
    await page.getByTestId('activity').locator('li').first().waitFor();
    // The same claims the API names for the last 24 hours, in its order, each with who did what.
    const activity = await request(t.raw)
      .get('/v1/activity')
      .query({ since: new Date(Date.now() - 24 * 3_600_000).toISOString(), limit: 20 })
      .set('Authorization', `Bearer ${keys.editor.key}`);
    expect(activity.status).toBe(200);
    const shown = page.getByTestId('activity').locator(':scope > li');
    await expect
      .poll(() => shown.evaluateAll((els) => els.map((el) => el.getAttribute('data-claim'))))
      .toEqual(activity.body.items.map((i: { claimId: string }) => i.claimId));
    const trump = page.locator(`[data-claim="${claims['trump-request']}"]`);
    const verdictLine = trump.locator('.changes li', {
      hasText: 'recorded the verdict mostly true',
    });
    expect(await verdictLine.locator('.actor').textContent()).toBe('Maria Editor');
    await expectAccessible(page, 'activity');
    await screenshot(page, 'activity');
    // One person's changes: every line is theirs, and the address says so, for sharing.
    await verdictLine.getByRole('button', { name: 'Maria Editor' }).click();
    await page.waitForURL(new RegExp(`keyId=${keys.editor.id}`));
    await expect
      .poll(async () => [...new Set(await page.locator('.changes .actor').allTextContents())])
      .toEqual(['Maria Editor']);
    await page.getByRole('button', { name: 'Everyone’s' }).click();
    await page.waitForURL(/\/activity$/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('signing out ends the session: the cookie no longer works', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.analyst.key);
    const [cookie] = await context.cookies();
    const before = await request(t.raw)
      .get('/v1/session')
      .set('Cookie', `cg_session=${cookie.value}`);
    expect(before.body).toMatchObject({ name: 'Ana Analyst', via: 'session' });

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in to Claimgraph' }).waitFor();
    expect(await context.cookies()).toEqual([]);
    const after = await request(t.raw)
      .get('/v1/session')
      .set('Cookie', `cg_session=${cookie.value}`);
    expect(after.status).toBe(401);
    // A screen's address now leads to the sign-in page, and back to it after signing in.
    await page.goto(`${base}/claims/${claims['trump-request']}`);
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('API key').fill(keys.analyst.key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/claims/${claims['trump-request']}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows a retraction made through the API on the claim page and in the queue without a reload', async () => {
    const { context, page } = await newPage();
    await signIn(page, keys.editor.key);
    const id = claims['trump-request'];
    const queue = await context.newPage();
    queue.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
    await queue.goto(`${base}/`);
    await queue.getByTestId('queue').waitFor();
    await queue.locator('.live.on').waitFor();
    await page.goto(`${base}/claims/${id}`);
    await page.getByRole('heading', { level: 1, name: /Donald Trump requested/ }).waitFor();
    await page.locator('.live.on').waitFor();
    const chip = page.locator('h1 + .facts .chip');
    expect(await chip.textContent()).toBe('disputed');
    for (const p of [page, queue])
      await p.evaluate(() => ((globalThis as Record<string, unknown>).stillTheSamePage = true));

    // The White House takes its denial back.
    const stance = await request(t.raw)
      .post(`/v1/claims/${id}/stances`)
      .set('Authorization', `Bearer ${keys.analyst.key}`)
      .send({ sourceId: sources['white-house'], kind: 'retracts' });
    expect(stance.status).toBe(201);
    const now = await request(t.raw)
      .get(`/v1/claims/${id}/corroboration`)
      .set('Authorization', `Bearer ${keys.editor.key}`);
    expect(now.status).toBe(200);
    expect(now.body.status).not.toBe('disputed');

    // The claim page follows: its status, and the explanation the API now gives.
    await expect.poll(() => chip.textContent(), { timeout: 30_000 }).toBe(now.body.status);
    await expect.poll(() => page.getByTestId('summary').textContent()).toBe(now.body.summary);
    // The queue says the claim moved, and who moved it.
    await expect
      .poll(() => queueItem(queue, id).locator('.why').textContent(), { timeout: 30_000 })
      .toMatch(
        new RegExp(
          `moved from disputed to ${now.body.status} at .* when a stance was added\\. By Ana Analyst\\.$`,
        ),
      );
    for (const p of [page, queue])
      expect(await p.evaluate(() => (globalThis as Record<string, unknown>).stillTheSamePage)).toBe(
        true,
      );
    expect(errors).toEqual([]);
    await context.close();
  });
});
