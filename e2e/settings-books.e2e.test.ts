import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';

/** The row of a table with a cell text exactly this. */
const row = (page: Page, text: string) =>
  page.getByRole('row').filter({ has: page.getByText(text, { exact: true }) });

/** How an entry's name is drawn: colour and weight. */
const nameStyle = (name: Locator) =>
  name.evaluate((el) => {
    // The text sits in the innermost element (antd wraps bold text in <strong>).
    let inner: Element = el;
    while (inner.firstElementChild) inner = inner.firstElementChild;
    const style = getComputedStyle(inner);
    return { color: style.color, weight: Number(style.fontWeight) };
  });

describe('settings: reference books (Настройка → Справочники)', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    ({ page, pageErrors } = session);
  });

  afterAll(() => session?.close());

  it('signs in and opens the books in the seed’s order', async () => {
    await signInAt(page, '/settings?tab=books');
    await row(page, 'Входящий звонок').waitFor();
    const sections = await page.getByRole('tablist').last().getByRole('tab').allTextContents();
    expect(sections).toEqual([
      'Калькуляция',
      'Типы событий',
      'Ведение истории',
      'Статусы задач',
      'Статусы пользователей',
      'Журналы',
    ]);
  });

  it('creates a user event type, shown in blue next to the bold black system types', async () => {
    await page.getByRole('button', { name: 'Создать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Свойства' });
    await dialog.getByLabel('Код').fill('meeting');
    await dialog.getByLabel('Наименование (рус.)').fill('Вебинар');
    await dialog.getByLabel('Наименование (укр.)').fill('Вебінар');
    await dialog.getByLabel('Наименование (англ.)').fill('Webinar');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    // The code of the system «Встреча» is taken: the server's message shows at the field.
    await dialog.getByText('Этот код уже занят другой записью').waitFor();

    await dialog.getByLabel('Код').fill('webinar');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const user = row(page, 'Вебинар').getByTestId('book-entry-name');
    await user.waitFor();
    const system = row(page, 'Входящий звонок').getByTestId('book-entry-name');
    expect(await user.getAttribute('data-kind')).toBe('user');
    expect(await system.getAttribute('data-kind')).toBe('system');
    const userStyle = await nameStyle(user);
    const systemStyle = await nameStyle(system);
    expect(systemStyle).toEqual({ color: 'rgb(0, 0, 0)', weight: expect.any(Number) });
    expect(systemStyle.weight).toBeGreaterThanOrEqual(600);
    expect(userStyle.weight).toBeLessThan(600);
    // Blue: the blue channel dominates.
    const [r, g, b] = (userStyle.color.match(/\d+/g) ?? []).map(Number);
    expect(b).toBeGreaterThan(200);
    expect(b! - r!).toBeGreaterThan(100);
    expect(b).toBeGreaterThan(g!);

    // System entries cannot be deleted; user entries can.
    expect(await row(page, 'Входящий звонок').getByRole('button', { name: 'Удалить' }).count()).toBe(0);
    expect(await row(page, 'Вебинар').getByRole('button', { name: 'Удалить' }).count()).toBe(1);
  });

  it('creates a task status with an allowed transition', async () => {
    await page.getByRole('tab', { name: 'Статусы задач' }).click();
    await row(page, 'Новая').waitFor();
    await page.getByRole('button', { name: 'Создать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Свойства' });
    await dialog.getByLabel('Код').fill('review');
    await dialog.getByLabel('Наименование (рус.)').fill('На проверке');
    await dialog.getByLabel('Наименование (укр.)').fill('На перевірці');
    await dialog.getByLabel('Наименование (англ.)').fill('In review');
    await dialog.getByLabel('Разрешённые переходы').fill('В работе');
    await dialog.getByLabel('Разрешённые переходы').press('Enter');
    await dialog.getByLabel('Наименование (рус.)').click();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const created = row(page, 'На проверке');
    await created.waitFor();
    expect(await created.getByTestId('book-entry-name').getAttribute('data-kind')).toBe('user');
    expect(await created.textContent()).toContain('В работе');
    expect(page.url()).toContain('book=taskStatuses');
  });

  it('creates a journal inside the Проекты section, shown as a tree', async () => {
    await page.getByRole('tab', { name: 'Журналы' }).click();
    await row(page, 'Проекты').waitFor();
    await page.getByRole('button', { name: 'Создать' }).click();
    const dialog = page.getByRole('dialog', { name: 'Журнал документов' });
    await dialog.getByLabel('Код').fill('sales');
    await dialog.getByLabel('Наименование (рус.)').fill('Продажи');
    await dialog.getByLabel('Наименование (укр.)').fill('Продажі');
    await dialog.getByLabel('Наименование (англ.)').fill('Sales');
    await dialog.getByLabel('Входит в').fill('Проекты');
    await dialog.getByLabel('Входит в').press('Enter');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const created = row(page, 'Продажи');
    await created.waitFor();
    expect(await created.getAttribute('class')).toContain('ant-table-row-level-1');
    expect(await created.textContent()).toContain('проекты');
  });

  it('switches a field off in history keeping', async () => {
    await page.getByRole('tab', { name: 'Ведение истории' }).click();
    const priority = page.getByRole('checkbox', { name: 'Приоритет' });
    expect(await priority.isChecked()).toBe(true);
    await priority.click();
    await expect.poll(() => priority.isChecked()).toBe(false);
    await page.reload();
    await expect.poll(() => page.getByRole('checkbox', { name: 'Приоритет' }).isChecked()).toBe(false);
  });

  it('sets the signed-in user’s own status from the header', async () => {
    await page.getByRole('tab', { name: 'Статусы пользователей' }).click();
    await page.getByLabel('Мой статус').click();
    await page.locator('.ant-select-item-option[title="Перерыв"]').click();
    await expect
      .poll(() => page.getByRole('row').filter({ hasText: '(admin)' }).textContent())
      .toContain('Перерыв');
    expect(pageErrors).toEqual([]);
  });
});
