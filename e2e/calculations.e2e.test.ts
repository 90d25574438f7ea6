import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';
import { adminApi, type AdminApi } from '../test/support/e2e-admin-api.js';

/** A suffix that keeps this run's records apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);
const TITLE = `Сверить акты ${RUN}`;
const EXAMPLE = 'Задача: завершение только с комментарием о результате';
const REJECT = 'Перед завершением задачи добавьте комментарий с результатом';

interface Calc {
  id: number;
  name: string;
  isEnabled: boolean;
  exampleKey: string | null;
}

/** Opens a select, types `search` (what the server's search matches) when given, and picks `option`. */
async function pick(page: Page, select: Locator, option: string, search?: string): Promise<void> {
  await select.click();
  if (search) await select.pressSequentially(search);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

describe('calculations: an administrator tests and enables a shipped example, and a user meets it', () => {
  let session: BrowserSession;
  let page: Page;
  let admin: AdminApi;
  let task: { id: number; number: string };

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    page = session.page;
    admin = await adminApi(session.server.url);
    task = await admin.post('/api/v1/tasks', { title: TITLE });
  });

  afterAll(async () => {
    await admin?.ctx.dispose();
    await session?.close();
  });

  it('lists the three shipped examples, disabled, in Настройка → Справочники → Калькуляция', async () => {
    await signInAt(page, '/settings?tab=books&book=calculations');
    for (const name of [EXAMPLE, 'Пропущенный звонок: задача «Перезвонить»', 'Проект: прогресс по задачам']) {
      await page.getByRole('link', { name, exact: true }).waitFor();
      expect(await page.getByRole('switch', { name: `Включена: ${name}` }).getAttribute('aria-checked')).toBe(
        'false',
      );
    }
  });

  it('opens the example in the code editor and test-runs it against a task without writing anything', async () => {
    await page.getByRole('link', { name: EXAMPLE, exact: true }).click();
    const code = page.getByRole('textbox', { name: 'Код калькуляции' });
    await expect.poll(() => code.textContent()).toContain("await find('taskComments'");

    await page.getByRole('tab', { name: 'Тестовый запуск' }).click();
    const panel = page.getByRole('tabpanel', { name: 'Тестовый запуск' });
    await pick(
      page,
      panel.getByRole('combobox', { name: 'Документ' }),
      `${task.number} ${TITLE}`,
      task.number,
    );
    await pick(page, panel.getByRole('combobox', { name: 'Новый статус' }), 'Завершена');
    await panel.getByRole('button', { name: 'Выполнить тестовый запуск' }).click();
    const result = page.getByRole('region', { name: 'Результат тестового запуска' });
    await result.getByText('Сохранение было бы отклонено').waitFor();
    await result.getByText(REJECT).waitFor();

    // A dry run: the task is as it was.
    const stored = await admin.get<{ status: { code: string } }>(`/api/v1/tasks/${task.id}`);
    expect(stored.status.code).toBe('new');
  });

  it('enables it and saves; the next version is listed', async () => {
    await page.getByRole('tab', { name: 'Свойства и код' }).click();
    await page.getByRole('switch', { name: 'Включена', exact: true }).click();
    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect
      .poll(async () => {
        const { items } = await admin.get<{ items: Calc[] }>('/api/v1/calculations');
        return items.find((c) => c.exampleKey === 'task_result_comment')?.isEnabled;
      })
      .toBe(true);
    await page.getByRole('tab', { name: 'Версии' }).click();
    await page.getByRole('button', { name: 'Показать изменения версии 2' }).waitFor();
  });

  it('refuses to close the task in its card with the script’s message, until a result comment is written', async () => {
    await page.goto(`/tasks/${task.id}`);
    const status = page.getByTestId('task-status').first();
    await expect.poll(() => status.textContent()).toBe('Новая');
    await pick(page, page.getByRole('combobox', { name: 'Сменить статус' }), 'Завершена');
    await page.getByText(REJECT).first().waitFor();
    expect(await status.textContent()).toBe('Новая');
    expect((await admin.get<{ status: { code: string } }>(`/api/v1/tasks/${task.id}`)).status.code).toBe(
      'new',
    );

    await admin.post(`/api/v1/tasks/${task.id}/comments`, { body: 'Акты сверены, расхождений нет' });
    await page.reload();
    await pick(page, page.getByRole('combobox', { name: 'Сменить статус' }), 'Завершена');
    await page.getByText('Статус изменён').waitFor();
    await expect.poll(() => status.textContent()).toBe('Завершена');
    expect(session.pageErrors).toEqual([]);
  });
});
