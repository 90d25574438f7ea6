import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from './server.js';

const ADMIN = { login: 'admin', password: 'e2e-admin-password' };

/** Today's year in the enterprise's (default) time zone, as numbering sees it. */
const year = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Kyiv', year: 'numeric' }).format(
  new Date(),
);
const yy = year.slice(2);

describe('Настройка → Нумерация: template, live preview, save', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer(ADMIN);
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const context = await browser.newContext({
      baseURL: server.url,
      viewport: { width: 1280, height: 900 },
      locale: 'ru-RU',
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const taskCard = () => page.getByTestId('numbering-task');
  const taskPreview = () => page.getByTestId('numbering-preview-task');

  it('signs in and shows the numbering of events, tasks and projects with their next numbers', async () => {
    await page.goto('/settings?tab=numbering');
    await page.waitForURL('**/login');
    await page.getByLabel('Логин', { exact: true }).fill(ADMIN.login);
    await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL('**/settings?tab=numbering');

    await expect.poll(() => taskPreview().textContent()).toBe(`З-${year}-000001`);
    await expect
      .poll(() => page.getByTestId('numbering-preview-event').textContent())
      .toBe(`С-${year}-000001`);
    await expect
      .poll(() => page.getByTestId('numbering-preview-project').textContent())
      .toBe(`П-${year}-0001`);
    for (const title of ['События', 'Задачи', 'Проекты']) {
      await page.locator('.ant-card-head-title', { hasText: title }).waitFor();
    }
  });

  it('updates the preview as the task template is typed, and shows the server’s error', async () => {
    const template = taskCard().getByLabel('Шаблон номера');
    await template.fill('ЗД-{YY}-{N:4}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-0001`);

    await template.fill('ЗД-{X}-{N}');
    await taskCard().getByText('Неизвестная метка {X}', { exact: false }).waitFor();
    expect(await taskPreview().textContent()).toBe('—');

    // A token chip inserts at the caret.
    await template.fill('ЗД-{YY}-');
    await taskCard().locator('.ant-tag', { hasText: '{N:6}' }).click();
    expect(await template.inputValue()).toBe('ЗД-{YY}-{N:6}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-000001`);
    await expect.poll(() => taskCard().locator('.ant-form-item-has-error').count()).toBe(0);
  });

  it('saves the template; it is there after a reload', async () => {
    await taskCard().getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();
    await page.reload();
    await expect.poll(() => taskCard().getByLabel('Шаблон номера').inputValue()).toBe('ЗД-{YY}-{N:6}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-000001`);
    expect(pageErrors).toEqual([]);
  });
});
