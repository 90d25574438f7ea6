import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';
import { adminApi, type AdminApi } from '../test/support/e2e-admin-api.js';

/** A suffix that keeps this run's records apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);
const PERFORMER = {
  login: `performer-${RUN}`,
  password: 'performer-password-1',
  fullName: `Исполнитель ${RUN}`,
};
const TITLE = `Подготовить договор ${RUN}`;
/** The promise: a notification shows in the other user's open browser within 2 s. */
const LIVE_WITHIN_MS = 2_000;

/** Signs a user in at a page; resolves once the page's live stream is subscribed. */
async function signIn(page: Page, path: string, login: string, password: string): Promise<void> {
  const live = page.waitForResponse((r) => r.url().endsWith('/api/v1/live') && r.status() === 200);
  await page.goto(path);
  await page.waitForURL('**/login');
  await page.getByLabel('Логин', { exact: true }).fill(login);
  await page.getByLabel('Пароль', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(`**${path}`);
  await live;
}

describe('notifications: A assigns a task to B, B’s open browser is told at once', () => {
  let session: BrowserSession;
  let page: Page;
  let other: BrowserContext;
  let pageB: Page;
  const errorsB: string[] = [];
  let admin: AdminApi;
  let taskId: number;

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    page = session.page;
    admin = await adminApi(session.server.url);
    await admin.post('/api/v1/users', PERFORMER);

    // B, in a browser of their own, has the task list open.
    other = await session.browser.newContext({
      baseURL: session.server.url,
      viewport: { width: 1400, height: 900 },
      locale: 'ru-RU',
    });
    other.setDefaultTimeout(15_000);
    pageB = await other.newPage();
    pageB.on('pageerror', (e) => errorsB.push(e.message));
    await signIn(pageB, '/tasks', PERFORMER.login, PERFORMER.password);
    await signInAt(page, '/tasks/new');
  });

  afterAll(async () => {
    await other?.close();
    await admin?.ctx.dispose();
    await session?.close();
  });

  it('shows the assignment in B’s bell and B’s task list without a reload', async () => {
    const count = pageB.getByTestId('notification-count');
    expect(await count.count()).toBe(0);

    await page.getByLabel('Задача', { exact: true }).fill(TITLE);
    const performer = page.getByLabel('Исполнитель', { exact: true });
    await performer.click();
    await performer.pressSequentially(PERFORMER.fullName);
    await page
      .locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${PERFORMER.fullName}"]`)
      .click();
    await page.getByRole('button', { name: 'Создать задачу' }).click();
    await page.waitForURL(/\/tasks\/\d+$/);
    taskId = Number(new URL(page.url()).pathname.split('/').pop());

    await count.getByText('1').waitFor({ timeout: LIVE_WITHIN_MS });
    // The list B has open shows the new task: the live update refreshed it.
    await pageB.getByRole('row').filter({ hasText: TITLE }).waitFor();
  });

  it('opens the task from the bell and marks the notification read', async () => {
    await pageB.getByTestId('notification-bell').click();
    const item = pageB.getByTestId('notification-item').filter({ hasText: TITLE });
    await item.click();
    await pageB.waitForURL(`**/tasks/${taskId}`);
    await pageB.getByTestId('notification-count').waitFor({ state: 'detached' });
    // The administrator's own action told the administrator nothing.
    const mine = await admin.get<{ items: { docType: string; docId: number }[] }>('/api/v1/notifications');
    expect(mine.items.filter((n) => n.docType === 'task' && n.docId === taskId)).toEqual([]);
  });

  it('updates B’s open task card when A changes the status', async () => {
    const statuses = await admin.get<{ id: number; code: string }[]>('/api/v1/settings/task-statuses');
    const inProgress = statuses.find((s) => s.code === 'in_progress')!;
    await admin.patch(`/api/v1/tasks/${taskId}`, { statusId: inProgress.id });
    await expect
      .poll(() => pageB.getByTestId('task-status').first().textContent(), { timeout: 5_000 })
      .toBe('В работе');
    // A status change of B's task is a notification of its own.
    await pageB.getByTestId('notification-count').getByText('1').waitFor();
    expect(errorsB).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
