import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';

const OPERATOR = 'Сидорова Анна Игоревна';

/** The row of a table holding this text. */
const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

/** Waits until no toast ("Сохранено") covers the page. */
const toastsGone = (page: Page) => page.waitForFunction(() => !document.querySelector('.ant-message-notice'));

describe('settings → parameters: user parameters, telephony, change log', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openSession({ width: 1280, height: 900 });
    ({ page, pageErrors } = session);
  });

  afterAll(() => session?.close());

  it('signs in and opens Настройка → Параметры → Пользователи', async () => {
    await signInAt(page, '/settings?tab=parameters');
    await page.getByRole('tab', { name: 'Пользователи' }).waitFor();
    await page.getByText('Выберите пользователя в списке слева').waitFor();
  });

  it('fills a user’s parameters with a SIP number and saves them', async () => {
    await row(page, 'sidorova').click();
    const card = page.locator('.ant-card').filter({ hasText: OPERATOR });
    expect(await card.getByLabel('Пользователь').inputValue()).toBe('sidorova');
    expect(await card.getByLabel('Полное имя').inputValue()).toBe(OPERATOR);
    await card.getByText('Пусто — должность работника: Оператор call-центра').waitFor();

    await card.getByRole('textbox', { name: /^Телефон\s*:?$/ }).fill('+380 44 123 45 69');
    await card.getByLabel('SIP-номер').fill('abc def');
    await card.getByRole('button', { name: 'Сохранить' }).click();
    // The server's field message shows at the field.
    await card
      .getByText('SIP-номер: до 32 символов — цифры и латинские буквы, а также * # + . _ -')
      .waitFor();

    await card.getByLabel('SIP-номер').fill('201');
    await card.getByLabel('Автоматически запускать телефон').check();
    await card.getByLabel('Показывать всплывающее окно входящего звонка').check();
    await card.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();
    await expect.poll(() => row(page, 'sidorova').textContent()).toContain('201');
  });

  it('refuses the same SIP number for another user, at the field', async () => {
    await toastsGone(page);
    await row(page, 'ivanova').click();
    const card = page.locator('.ant-card').filter({ hasText: 'Иванова Мария Петровна' });
    await card.getByLabel('SIP-номер').fill('201');
    await card.getByRole('button', { name: 'Сохранить' }).click();
    await card.getByText('Этот SIP-номер уже закреплён за другим пользователем').waitFor();
  });

  it('shows the saved parameters after a reload', async () => {
    await page.reload();
    await row(page, 'sidorova').click();
    const card = page.locator('.ant-card').filter({ hasText: OPERATOR });
    expect(await card.getByLabel('SIP-номер').inputValue()).toBe('201');
    expect(await card.getByRole('textbox', { name: /^Телефон\s*:?$/ }).inputValue()).toBe(
      '+380 44 123 45 69',
    );
    expect(await card.getByLabel('Автоматически запускать телефон').isChecked()).toBe(true);
    expect(await card.getByLabel('Показывать всплывающее окно входящего звонка').isChecked()).toBe(true);
    expect(await card.getByLabel('Звук уведомлений').isChecked()).toBe(false);
  });

  it('needs a path to turn telephony loading on', async () => {
    await page.getByRole('tab', { name: 'Настройки' }).click();
    const card = page.locator('.ant-card').filter({ hasText: 'Телефония' });
    await card.getByText('Последняя загрузка: загрузок ещё не было').waitFor();
    await card.getByLabel('Выполнять загрузки данных с сервера телефонии').check();
    await card.getByRole('button', { name: 'Сохранить' }).click();
    await card.getByText('Укажите путь к записям звонков, чтобы включить загрузку').waitFor();
    await card.getByLabel('Путь к записям звонков').fill('/var/spool/asterisk/cdr-csv');
    await card.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Сохранено').waitFor();
  });

  it('lists the changes in the change log, newest first', async () => {
    await page.getByRole('tab', { name: 'Журнал изменений' }).click();
    const newest = page.getByRole('row').nth(1);
    await expect.poll(() => newest.textContent()).toContain('/var/spool/asterisk/cdr-csv');
    expect(await newest.textContent()).toContain('Телефония');
    // The newest of sidorova's entries; the older one is the demo data's.
    const sip = row(page, 'Параметры пользователя: sidorova').first();
    expect(await sip.textContent()).toContain('SIP-номер: 103 → 201');
    expect(await sip.textContent()).toContain('admin');

    await page.getByRole('combobox', { name: 'Раздел' }).click();
    await page.locator('.ant-select-item-option', { hasText: 'Параметры пользователей' }).click();
    // The three demo users' parameters and the change above.
    await expect.poll(() => page.getByText('Всего: 4').isVisible()).toBe(true);
    expect(await row(page, 'cdr-csv').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
