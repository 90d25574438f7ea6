import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, openSession, type BrowserSession } from '../test/support/e2e-browser.js';
import { adminApi, type AdminApi } from '../test/support/e2e-admin-api.js';

const MANAGER = { login: 'manager', password: 'manager-password-1', fullName: 'Менеджер' };
const ADMIN_EN = { login: 'admin-en', password: 'admin-en-password-1', fullName: 'English Admin' };
const OWN_TASK = 'Позвонить поставщику (задача менеджера)';
const OTHER_TASK = 'Сверить склад (чужая задача)';

/** Signs in on the login page the app sent us to, and waits to be back at `path`. */
async function signIn(page: Page, user: { login: string; password: string }, path: string) {
  await page.goto(path);
  await page.waitForURL('**/login');
  await page.getByLabel('Логин', { exact: true }).fill(user.login);
  await page.getByLabel('Пароль', { exact: true }).fill(user.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(`**${path}`);
}

async function signOut(page: Page, logoutLabel = 'Выйти') {
  await page.getByTestId('user-menu').click();
  await page.getByRole('menuitem', { name: logoutLabel }).click();
  await page.waitForURL('**/login');
}

const taskRow = (page: Page, title: string) => page.getByRole('row').filter({ hasText: title });

describe('data access: a manager sees their own tasks, then a journal the administrator grants', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];
  let admin: AdminApi;
  let managerId: number;

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    ({ page, pageErrors } = session);
    admin = await adminApi(session.server.url);

    // No roles at all: only what is set on the user below.
    const manager = await admin.post<{ id: number }>('/api/v1/users', { ...MANAGER, roleIds: [] });
    managerId = manager.id;
    await admin.put(`/api/v1/access/user/${managerId}`, {
      permissions: { tasks: { read: 'all', create: 'all' } },
    });
    await admin.post('/api/v1/tasks', { title: OWN_TASK, performerId: managerId });
    await admin.post('/api/v1/tasks', { title: OTHER_TASK });

    const roles = await admin.get<{ id: number; code: string }[]>('/api/v1/roles');
    const adminRole = roles.find((r) => r.code === 'admin')!;
    await admin.post('/api/v1/users', { ...ADMIN_EN, locale: 'en', roleIds: [adminRole.id] });
  });

  afterAll(async () => {
    await admin?.ctx.dispose();
    await session?.close();
  });

  it('shows the manager only the task they are named on, and only the buttons their rights allow', async () => {
    await signIn(page, MANAGER, '/tasks');
    await page.getByRole('heading', { name: 'Задачи' }).waitFor();
    await taskRow(page, OWN_TASK).waitFor();
    expect(await taskRow(page, OTHER_TASK).count()).toBe(0);
    // Create is granted, export is not; the settings of access are the administrator's.
    await page.getByRole('button', { name: 'Новая задача' }).waitFor();
    expect(await page.getByRole('button', { name: 'Экспорт' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Доступ к данным' }).count()).toBe(0);
  });

  it('explains why the manager sees the task: named as performer', async () => {
    await taskRow(page, OWN_TASK).getByRole('link').click();
    await page.getByRole('heading', { name: new RegExp(`· ${escape(OWN_TASK)}$`) }).waitFor();
    expect(await page.getByRole('button', { name: 'Удалить' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Почему я это вижу?' }).click();
    const drawer = page.getByRole('dialog', { name: 'Почему документ виден' });
    await expect
      .poll(() => drawer.getByTestId('access-reasons').textContent())
      .toContain('он указан в документе: исполнитель');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
  });

  it('refuses the data access page to the manager', async () => {
    await page.goto('/data-access');
    await page.getByText('Раздел доступен только администратору').waitFor();
    await signOut(page);
  });

  it('lets the administrator grant the root journal «Задачи» for reading', async () => {
    await signIn(page, ADMIN, '/data-access');
    await page.getByRole('heading', { name: 'Доступ к данным' }).waitFor();
    await page
      .getByTestId('access-rule')
      .getByText(/Документ виден, если пользователь в нём указан/)
      .waitFor();

    const subjects = page.getByRole('navigation', { name: 'Пользователи и роли' });
    await subjects.getByText('Общая', { exact: true }).waitFor();
    await subjects.getByText('Роли', { exact: true }).waitFor();
    await subjects.getByRole('menuitem', { name: /Администратор.*полный доступ/ }).waitFor();
    await page.getByPlaceholder('Поиск пользователя').fill('менедж');
    // The demo has a role «Менеджер» too: the user's item shows the login beside the name.
    await subjects.getByRole('menuitem', { name: 'Менеджер manager' }).click();
    await page.waitForURL(`**/data-access?subject=user%3A${managerId}`);
    await expect.poll(() => page.getByTestId('access-subject').textContent()).toBe('Менеджер');
    await page.getByTestId('access-user-roles').getByText('Ролей нет').waitFor();

    // What the API set shows in the matrix.
    const matrix = page.getByTestId('permission-matrix');
    const tasksRow = matrix.getByRole('row').filter({ hasText: 'Задачи' });
    expect(await tasksRow.locator('.ant-select-content').allTextContents()).toEqual([
      'Все',
      'Все',
      'Нет',
      'Нет',
      'Нет',
    ]);

    await page.getByRole('combobox', { name: 'Журнал «Задачи»' }).click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option[title="Чтение"]').click();
    const saved = page.waitForResponse(
      (r) => r.url().endsWith(`/api/v1/access/user/${managerId}`) && r.request().method() === 'PUT',
    );
    await page.getByRole('button', { name: 'Сохранить' }).click();
    expect((await saved).status()).toBe(200);
    await page.getByText('Права сохранены').waitFor();

    const grants = (
      await admin.get<{ journals: { journalId: number; mode: string }[] }>(`/api/v1/access/user/${managerId}`)
    ).journals;
    expect(grants).toHaveLength(1);
    expect(grants[0]!.mode).toBe('read');
    await signOut(page);
  });

  it('shows the manager both tasks after the grant', async () => {
    await signIn(page, MANAGER, '/tasks');
    await taskRow(page, OWN_TASK).waitFor();
    await taskRow(page, OTHER_TASK).waitFor();
    await signOut(page);
  });

  it('speaks English to an administrator whose language is English', async () => {
    await signIn(page, ADMIN_EN, '/data-access');
    await page.getByRole('heading', { name: 'Data access' }).waitFor();
    await page.getByText('A document is visible when the user is named on it', { exact: false }).waitFor();
    await signOut(page, 'Sign out');
    expect(pageErrors).toEqual([]);
  });
});

/** A literal string inside a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
