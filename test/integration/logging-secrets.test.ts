import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';

describe('request log', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('never writes a calendar feed secret: the log shows the route pattern instead', async () => {
    const created = await t.admin.post('/api/v1/calendar/feed');
    expect(created.statusCode).toBe(200);
    const url = new URL((created.json() as { url: string }).url);
    const token = url.pathname
      .split('/')
      .pop()!
      .replace(/\.ics$/, '');
    expect(token.length).toBeGreaterThan(20);

    const feed = await t.anonymous.get(url.pathname);
    expect(feed.statusCode).toBe(200);
    await t.anonymous.get('/api/v1/calendar/feed/not-a-real-secret.ics');

    const lines = t.logs.join('');
    expect(lines).toContain('/api/v1/calendar/feed/:token.ics');
    expect(lines).not.toContain(token);
    expect(lines).not.toContain('not-a-real-secret');
  });
});
