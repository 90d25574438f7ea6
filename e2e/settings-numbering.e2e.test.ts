import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';

/** Today's year in the enterprise's (default) time zone, as numbering sees it. */
const year = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Kyiv', year: 'numeric' }).format(
  new Date(),
);
const yy = year.slice(2);

describe('Настройка → Нумерация: template, live preview, save', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openSession({ width: 1280, height: 900 });
    ({ page, pageErrors } = session);
  });

  afterAll(() => session?.close());

  const taskCard = () => page.getByTestId('numbering-task');
  const taskPreview = () => page.getByTestId('numbering-preview-task');
  // The demo data and other browser tests number documents too: the counters start where they are.
  let nextTask = 0;
  const padded = (n: number, width: number) => String(n).padStart(width, '0');

  it('signs in and shows the numbering of events, tasks and projects with their next numbers', async () => {
    await signInAt(page, '/settings?tab=numbering');

    await expect.poll(() => taskPreview().textContent()).toMatch(new RegExp(`^З-${year}-\\d{6}$`));
    nextTask = Number((await taskPreview().textContent())!.slice(-6));
    expect(nextTask).toBeGreaterThan(0);
    await expect
      .poll(() => page.getByTestId('numbering-preview-event').textContent())
      .toMatch(new RegExp(`^С-${year}-\\d{6}$`));
    await expect
      .poll(() => page.getByTestId('numbering-preview-project').textContent())
      .toMatch(new RegExp(`^П-${year}-\\d{4}$`));
    for (const title of ['События', 'Задачи', 'Проекты']) {
      await page.locator('.ant-card-head-title', { hasText: title }).waitFor();
    }
  });

  it('updates the preview as the task template is typed, and shows the server’s error', async () => {
    const template = taskCard().getByLabel('Шаблон номера');
    await template.fill('ЗД-{YY}-{N:4}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-${padded(nextTask, 4)}`);

    await template.fill('ЗД-{X}-{N}');
    await taskCard().getByText('Неизвестная метка {X}', { exact: false }).waitFor();
    expect(await taskPreview().textContent()).toBe('—');

    // A token chip inserts at the caret.
    await template.fill('ЗД-{YY}-');
    await taskCard().locator('.ant-tag', { hasText: '{N:6}' }).click();
    expect(await template.inputValue()).toBe('ЗД-{YY}-{N:6}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-${padded(nextTask, 6)}`);
    await expect.poll(() => taskCard().locator('.ant-form-item-has-error').count()).toBe(0);
  });

  it('saves the template; it is there after a reload', async () => {
    await taskCard().getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();
    await page.reload();
    await expect.poll(() => taskCard().getByLabel('Шаблон номера').inputValue()).toBe('ЗД-{YY}-{N:6}');
    await expect.poll(() => taskPreview().textContent()).toBe(`ЗД-${yy}-${padded(nextTask, 6)}`);
    expect(pageErrors).toEqual([]);
  });
});
