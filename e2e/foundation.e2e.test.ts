import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, openSession, type BrowserSession } from '../test/support/e2e-browser.js';

const EMPLOYEE = 'Шевченко Тарас Григорьевич';
const MAILBOX_PASSWORD = 'Mailbox-Secret-4821';
// The README's picture is refreshed on request only, so a test run leaves the tree unchanged.
const SCREENSHOT = process.env.UPDATE_SCREENSHOT
  ? fileURLToPath(new URL('../docs/screenshot.png', import.meta.url))
  : path.join(mkdtempSync(path.join(tmpdir(), 'kartoteka-e2e-')), 'screenshot.png');

/** Waits until no toast ("Сохранено") covers the page. */
const toastsGone = (page: Page) => page.waitForFunction(() => !document.querySelector('.ant-message-notice'));

/** The row of a table holding this text. */
const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

describe('foundation: sign-in, employees, users, language', () => {
  let session: BrowserSession;
  let page: Page;
  let context: BrowserContext;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openSession({ width: 1280, height: 800 });
    ({ page, context, pageErrors } = session);
  });

  afterAll(() => session?.close());

  it('refuses a wrong password, then signs the administrator in', async () => {
    await page.goto('/admin/employees');
    await page.waitForURL('**/login');

    await page.getByLabel('Логин', { exact: true }).fill(ADMIN.login);
    await page.getByLabel('Пароль', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('Неверный логин или пароль');

    await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
    await page.getByRole('button', { name: 'Войти' }).click();
    // Back to the page asked for before signing in.
    await page.waitForURL('**/admin/employees');
    await page.getByRole('heading', { name: 'Работники' }).waitFor();
    expect(await page.getByTestId('user-menu').textContent()).toBe('Администратор');
  });

  it('opens «Доступ к данным» from the menu', async () => {
    await page.getByRole('link', { name: 'Доступ к данным' }).click();
    await page.getByRole('heading', { name: 'Доступ к данным' }).waitFor();
    await page.getByText('Выберите пользователя или роль слева').waitFor();
  });

  it('creates an employee with a mailbox password and shows only that it is set', async () => {
    await page.getByRole('link', { name: 'Работники' }).click();
    await row(page, 'Иванова Мария Петровна').waitFor();
    await page.getByRole('button', { name: 'Новый работник' }).click();

    const dialog = page.getByRole('dialog', { name: 'Новый работник' });
    await dialog.getByLabel('ФИО').fill(EMPLOYEE);
    await dialog.getByLabel('Должность').fill('Инженер связи');
    await dialog.getByLabel('Отдел').fill('Технический отдел');
    await dialog.getByLabel('E-mail').fill('shevchenko@example.com');
    await dialog.getByLabel('Телефоны').fill('+380 44 123 45 70');
    await dialog.getByLabel('Телефоны').press('Enter');
    await dialog.getByLabel('Пароль почтового ящика').fill(MAILBOX_PASSWORD);
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const employee = row(page, EMPLOYEE);
    await expect.poll(() => employee.getByTestId('mailbox-password').textContent()).toBe('задан');
    expect(await employee.textContent()).toContain('+380 44 123 45 70');
    expect(await row(page, 'Коваленко Дмитрий Сергеевич').getByTestId('mailbox-password').textContent()).toBe(
      'не задан',
    );
    expect(await page.content()).not.toContain(MAILBOX_PASSWORD);

    // Editing starts with an empty password field: the stored password never comes back.
    await employee.getByRole('button', { name: 'Изменить' }).click();
    const edit = page.getByRole('dialog', { name: `Работник ${EMPLOYEE}` });
    expect(await edit.getByLabel('Пароль почтового ящика').inputValue()).toBe('');
    await edit.getByText('Оставьте пустым, чтобы не менять').waitFor();
    expect(await edit.getByLabel('Удалить сохранённый пароль').isChecked()).toBe(false);
    await edit.getByRole('button', { name: 'Отмена' }).click();
    await edit.waitFor({ state: 'hidden' });
  });

  it('links a new user to the employee through the «Работник» field', async () => {
    await page.getByRole('link', { name: 'Пользователи' }).click();
    await page.getByRole('heading', { name: 'Пользователи' }).waitFor();
    await page.getByRole('button', { name: 'Новый пользователь' }).click();

    const dialog = page.getByRole('dialog', { name: 'Новый пользователь' });
    await dialog.getByLabel('Логин').fill('Тарас Шевченко');
    await dialog.getByLabel('ФИО').fill('Шевченко Тарас');
    await dialog.getByLabel('Пароль', { exact: true }).fill('user-password-1');
    await dialog.getByLabel('Работник').fill('Шевч');
    await dialog.getByLabel('Работник').press('Enter');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    // The server refuses the login; its message shows at the field.
    await dialog
      .getByText('Логин: 2–64 символа, латинские буквы, цифры, точка, дефис, подчёркивание')
      .waitFor();

    await dialog.getByLabel('Логин').fill('shevchenko');
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await dialog.waitFor({ state: 'hidden' });

    const user = row(page, 'shevchenko');
    await expect.poll(() => user.getByRole('cell').nth(2).textContent()).toBe(EMPLOYEE);

    // The employee lists its user too.
    await page.getByRole('link', { name: 'Работники' }).click();
    await expect.poll(() => row(page, EMPLOYEE).textContent()).toContain('shevchenko');
  });

  it('takes the Employees screenshot (docs/screenshot.png with UPDATE_SCREENSHOT=1)', async () => {
    await toastsGone(page);
    await page.screenshot({ path: SCREENSHOT });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(20_000);
  });

  it('switches to Ukrainian, remembered for the user across a reload', async () => {
    const saved = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/me') && r.request().method() === 'PATCH',
    );
    await page.getByTestId('language-switch').getByText('UA').click();
    expect((await saved).status()).toBe(200);
    await page.getByRole('heading', { name: 'Працівники' }).waitFor();
    await page.getByRole('link', { name: 'Користувачі' }).waitFor();

    // Without this browser's memory of the language, the user's saved one must come back.
    await page.evaluate(() => localStorage.clear());
    await page.reload();
    await page.getByRole('heading', { name: 'Працівники' }).waitFor();
    await page.getByRole('link', { name: 'Поштові сервери' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('uk');
    await expect.poll(() => row(page, EMPLOYEE).getByTestId('mailbox-password').textContent()).toBe('задано');
  });

  it('signs out to the login page', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: 'Вийти' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('button', { name: 'Увійти' }).waitFor();
    expect((await context.request.get('/api/v1/me')).status()).toBe(401);
    expect(pageErrors).toEqual([]);
  });
});
