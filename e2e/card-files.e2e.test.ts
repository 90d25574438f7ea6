import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';

/** A suffix that keeps this run's records apart from the demo data and from each other. */
const RUN = Date.now().toString(36).slice(-5);

/** A valid ЄДРПОУ: seven digits and the check digit (the weights of tax-id.ts). */
function edrpou(first7: string): string {
  const d = [...first7].map(Number);
  const code = Number(`${first7}0`);
  const base = code >= 30_000_000 && code <= 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  const sum = (w: number[]) => w.reduce((s, wi, i) => s + wi * d[i]!, 0) % 11;
  let r = sum(base);
  if (r === 10) r = sum(base.map((w) => w + 2)) % 10;
  return `${first7}${r}`;
}

/** Seven digits from the run's time, so the code and the phone are this run's own. */
const digits = (salt: number) => String((Date.now() * 7 + salt) % 10_000_000).padStart(7, '0');

/** A Ukrainian phone number with this area or operator code and seven digits of the run's own. */
function phone(operator: string, salt: number): string {
  const d = digits(salt);
  return `+380 ${operator} ${d.slice(0, 3)} ${d.slice(3, 5)} ${d.slice(5, 7)}`;
}

/** The id at the end of the URL the page was sent to. */
async function idFromUrl(page: Page, kind: 'clients' | 'projects' | 'events' | 'tasks'): Promise<number> {
  await page.waitForURL(new RegExp(`/${kind}/\\d+(\\?.*)?$`));
  return Number(new URL(page.url()).pathname.split('/').pop());
}

/**
 * Opens an Ant Design select and clicks the option with exactly this text; a searchable select
 * gets the text typed first (its list is virtual: an option far down is not rendered).
 */
async function pick(page: Page, select: Locator, option: string, search = false): Promise<void> {
  await select.click();
  if (search) await select.pressSequentially(option);
  await page.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${option}"]`).click();
}

/** The timeline entry of a document on the card shown. */
const timelineItem = (page: Page, kind: 'project' | 'event' | 'task', id: number) =>
  page.getByTestId(`timeline-${kind}-${id}`);

interface NewClient {
  name: string;
  taxId: string;
  phone: string;
}

/** Fills /clients/new and saves; checks the card the user lands on. */
async function createClient(page: Page, client: NewClient): Promise<number> {
  await page.getByRole('link', { name: 'Клиенты' }).first().click();
  await page.getByRole('heading', { name: 'Клиенты' }).waitFor();
  await page.getByRole('button', { name: 'Новый клиент' }).click();
  await page.getByRole('heading', { name: 'Новый клиент' }).waitFor();
  await page.getByRole('radio', { name: 'Организация' }).check();
  await page.getByLabel('Наименование', { exact: true }).fill(client.name);
  await page.getByLabel('ЄДРПОУ / РНОКПП / ИНН').fill(client.taxId);
  await page.getByRole('textbox', { name: 'Телефон', exact: true }).fill(client.phone);
  await page.getByRole('button', { name: 'Создать', exact: true }).click();

  const id = await idFromUrl(page, 'clients');
  await page.getByRole('heading', { name: client.name }).waitFor();
  const requisites = page.locator('.ant-descriptions');
  // A valid code: recognised as ЄДРПОУ, no check-digit warning; the phone kept as typed.
  await expect.poll(() => requisites.textContent()).toMatch(new RegExp(`${client.taxId}\\s*ЄДРПОУ`));
  const text = await requisites.textContent();
  expect(text).not.toContain('контрольная цифра не сходится');
  expect(text).toContain(client.phone);
  return id;
}

/** On an event card: «Создать задачу из события», the prefilled form, saved under our title. */
async function createTaskFromEvent(page: Page, event: { id: number; subject: string }, title: string) {
  await page.getByRole('tab', { name: 'Задачи' }).click();
  await page.getByText('Задач по событию нет').waitFor();
  await page.getByRole('button', { name: 'Создать задачу из события' }).click();
  await page.waitForURL(`**/tasks/new?eventId=${event.id}`);
  await page.getByRole('heading', { name: 'Новая задача' }).waitFor();
  // The task takes the event's subject as its title until the user writes another.
  const titleBox = page.getByLabel('Задача', { exact: true });
  await expect.poll(() => titleBox.inputValue()).toBe(event.subject);
  await titleBox.fill(title);
  await page.getByRole('button', { name: 'Создать задачу' }).click();
  const id = await idFromUrl(page, 'tasks');
  await page.getByRole('heading', { name: new RegExp(`· ${title}$`) }).waitFor();
  return id;
}

/** On a task card: the status control to «Завершена»; the card locks. */
async function closeTask(page: Page): Promise<void> {
  const status = page.getByTestId('task-status').first();
  expect(await status.textContent()).toBe('Новая');
  await pick(page, page.getByRole('combobox', { name: 'Сменить статус' }), 'Завершена');
  await page.getByText('Статус изменён').waitFor();
  await expect.poll(() => status.textContent()).toBe('Завершена');
  await page.getByText('Задача в конечном статусе и не редактируется').waitFor();
  expect(await page.getByRole('button', { name: 'Изменить' }).isDisabled()).toBe(true);
}

/** From a card that links its client to the client card, tab «Лента». */
async function openClientTimeline(page: Page, clientName: string, clientId: number): Promise<void> {
  await page.getByRole('link', { name: clientName }).first().click();
  await page.waitForURL(`**/clients/${clientId}`);
  await page.getByRole('tab', { name: 'Лента' }).click();
  await page.waitForURL(`**/clients/${clientId}?tab=timeline`);
}

describe('card files: the working modes end to end', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];
  /** The client of the first working mode, looked up by the global search at the end. */
  let searched: NewClient & { id: number };

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    ({ page, pageErrors } = session);
  });

  afterAll(() => session?.close());

  it('signs in to the clients list with the demo clients', async () => {
    await signInAt(page, '/clients');
    await page.getByRole('heading', { name: 'Клиенты' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'ТОВ «Ромашка-Агро»' }).waitFor();
  });

  it('client → external project → event in it → task from the event → closed → all on the client timeline', async () => {
    const client = {
      name: `ТОВ «Проектный клиент ${RUN}»`,
      taxId: edrpou(digits(1)),
      phone: phone('44', 2),
    };
    const projectName = `Поставка стеллажей ${RUN}`;
    const subject = `Встреча по проекту ${RUN}`;
    const taskTitle = `Подготовить договор ${RUN}`;

    const clientId = await createClient(page, client);
    searched = { ...client, id: clientId };

    // The project from the client card: external, the client already chosen.
    await page.getByRole('button', { name: 'Новый проект' }).click();
    await page.waitForURL(`**/projects/new?clientId=${clientId}`);
    expect(await page.getByRole('radio', { name: 'Внешний' }).isChecked()).toBe(true);
    await page.locator('.ant-form-item').filter({ hasText: 'Клиент' }).getByText(client.name).waitFor();
    await page.getByLabel('Название', { exact: true }).fill(projectName);
    await page.getByRole('button', { name: 'Создать', exact: true }).click();
    const projectId = await idFromUrl(page, 'projects');
    await page.getByRole('heading', { name: new RegExp(`· ${projectName}$`) }).waitFor();
    await page.getByRole('main').getByRole('link', { name: client.name }).first().waitFor();

    // The event from the project card: the project and its client come along.
    await page.getByRole('tab', { name: 'События' }).click();
    await page.getByText('Событий нет').waitFor();
    await page.getByRole('button', { name: 'Новое событие' }).click();
    await page.waitForURL(`**/events/new?projectId=${projectId}&clientId=${clientId}`);
    await pick(page, page.getByLabel('Тип', { exact: true }), 'Встреча', true);
    await page.getByLabel('Тема', { exact: true }).fill(subject);
    await page.locator('.ant-form-item').filter({ hasText: 'Проект' }).getByText(projectName).waitFor();
    await page.getByRole('button', { name: 'Создать', exact: true }).click();
    const eventId = await idFromUrl(page, 'events');
    await page.getByRole('heading', { name: new RegExp(`· ${subject}$`) }).waitFor();
    const eventLinks = page.getByRole('main').getByRole('link');
    await eventLinks.filter({ hasText: projectName }).first().waitFor();
    await eventLinks.filter({ hasText: client.name }).first().waitFor();

    // The task from the event keeps the links to the event, its project and its client.
    const taskId = await createTaskFromEvent(page, { id: eventId, subject }, taskTitle);
    const fields = page.locator('.ant-descriptions');
    await expect.poll(() => fields.textContent()).toContain(subject);
    const text = await fields.textContent();
    expect(text).toContain(projectName);
    expect(text).toContain(client.name);

    await closeTask(page);

    // The project card counts the closed task.
    await page.getByRole('main').getByRole('link', { name: projectName }).first().click();
    await page.waitForURL(`**/projects/${projectId}`);
    await expect.poll(() => page.locator('.ant-descriptions').textContent()).toContain('1 из 1 задач');

    // Everything is on the client's timeline, the task in its final status.
    await page.getByRole('main').getByRole('link', { name: client.name }).first().click();
    await page.waitForURL(`**/clients/${clientId}`);
    await page.getByRole('tab', { name: 'Лента' }).click();
    const project = timelineItem(page, 'project', projectId);
    const event = timelineItem(page, 'event', eventId);
    const task = timelineItem(page, 'task', taskId);
    await project.waitFor();
    expect(await project.textContent()).toContain(projectName);
    expect(await project.textContent()).toContain('Запланирован');
    expect(await event.textContent()).toContain(subject);
    expect(await event.textContent()).toContain('Встреча');
    expect(await task.textContent()).toContain(taskTitle);
    expect(await task.textContent()).toContain('Завершена');
    // Each entry leads to its document.
    expect(await task.getByRole('link').getAttribute('href')).toBe(`/tasks/${taskId}`);
    expect(await event.getByRole('link').getAttribute('href')).toBe(`/events/${eventId}`);
    expect(await project.getByRole('link').getAttribute('href')).toBe(`/projects/${projectId}`);

    // The type filter: only tasks.
    await page.getByRole('checkbox', { name: 'События' }).uncheck();
    await page.getByRole('checkbox', { name: 'Проекты' }).uncheck();
    await page.getByRole('checkbox', { name: 'Изменения' }).uncheck();
    await project.waitFor({ state: 'detached' });
    expect(await event.count()).toBe(0);
    expect(await task.textContent()).toContain('Завершена');
  });

  it('client → event without a project → task from the event → closed → all on the client timeline', async () => {
    const client = {
      name: `ТОВ «Клиент без проекта ${RUN}»`,
      taxId: edrpou(digits(3)),
      phone: phone('67', 4),
    };
    const subject = `Звонок клиенту ${RUN}`;
    const taskTitle = `Выслать коммерческое предложение ${RUN}`;

    const clientId = await createClient(page, client);

    // The event from the client card: the client chosen, no project.
    await page.getByRole('button', { name: 'Новое событие' }).click();
    await page.waitForURL(`**/events/new?clientId=${clientId}`);
    await page.locator('.ant-form-item').filter({ hasText: 'Клиент' }).getByText(client.name).waitFor();
    await pick(page, page.getByLabel('Тип', { exact: true }), 'Исходящий звонок', true);
    await page.getByLabel('Тема', { exact: true }).fill(subject);
    await page.getByRole('button', { name: 'Создать', exact: true }).click();
    const eventId = await idFromUrl(page, 'events');
    await page.getByRole('heading', { name: new RegExp(`· ${subject}$`) }).waitFor();
    const eventFields = page.locator('.ant-descriptions');
    await expect.poll(() => eventFields.textContent()).toContain(client.name);
    expect(await eventFields.textContent()).toMatch(/Проект\s*—/);

    const taskId = await createTaskFromEvent(page, { id: eventId, subject }, taskTitle);
    const fields = page.locator('.ant-descriptions');
    await expect.poll(() => fields.textContent()).toContain(subject);
    expect(await fields.textContent()).toContain(client.name);
    expect(await fields.textContent()).toMatch(/Проект\s*—/);

    await closeTask(page);
    // The event lists the task it gave, closed.
    await page
      .getByRole('main')
      .getByRole('link', { name: new RegExp(subject) })
      .first()
      .click();
    await page.waitForURL(`**/events/${eventId}`);
    await page.getByRole('tab', { name: 'Задачи' }).click();
    const taskRow = page.getByRole('row').filter({ hasText: taskTitle });
    await expect.poll(() => taskRow.textContent()).toContain('Завершена');

    await openClientTimeline(page, client.name, clientId);
    const event = timelineItem(page, 'event', eventId);
    const task = timelineItem(page, 'task', taskId);
    await task.waitFor();
    expect(await event.textContent()).toContain(subject);
    expect(await event.textContent()).toContain('Исходящий звонок');
    expect(await task.textContent()).toContain(taskTitle);
    expect(await task.textContent()).toContain('Завершена');
    expect(await page.locator('[data-testid^="timeline-project-"]').count()).toBe(0);
  });

  it('moves a task on the board to another column by dragging it', async () => {
    const title = `Проверить остатки на складе ${RUN}`;
    await page.getByRole('link', { name: 'Задачи' }).first().click();
    await page.getByRole('button', { name: 'Новая задача' }).click();
    await page.getByRole('heading', { name: 'Новая задача' }).waitFor();
    await page.getByLabel('Задача', { exact: true }).fill(title);
    await page.getByRole('button', { name: 'Создать задачу' }).click();
    const taskId = await idFromUrl(page, 'tasks');

    await page.goto('/tasks/board');
    const column = (code: string) => page.locator(`[data-testid="board-column"][data-status="${code}"]`);
    const card = page.locator(`[data-testid="board-card"][data-task-id="${taskId}"]`);
    await column('new').locator(card).waitFor();
    expect(await column('in_progress').locator(card).count()).toBe(0);

    await card.dragTo(column('in_progress'));
    await column('in_progress').locator(card).waitFor();
    await expect.poll(() => column('new').locator(card).count()).toBe(0);

    // The server took it: the board after a reload and the task card agree.
    await page.reload();
    await column('in_progress').locator(card).waitFor();
    expect(await column('new').locator(card).count()).toBe(0);
    await column('in_progress').locator(card).getByRole('link').click();
    await page.waitForURL(`**/tasks/${taskId}`);
    await expect.poll(() => page.getByTestId('task-status').first().textContent()).toBe('В работе');
  });

  it('finds the created client with the global search box, by name and by phone', async () => {
    const search = page.getByRole('combobox', { name: 'Поиск' });
    const found = page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: searched.name });

    // Part of the name in lower case.
    await search.fill(`проектный клиент ${RUN}`);
    await found.click();
    await page.waitForURL(`**/clients/${searched.id}`);
    await page.getByRole('heading', { name: searched.name }).waitFor();

    // The phone written the national way, without the country code and spaces; Enter opens the first.
    await page.getByRole('link', { name: 'Задачи' }).first().click();
    await page.waitForURL('**/tasks');
    await search.fill(`0${searched.phone.replace(/\D/g, '').slice(3)}`);
    await found.waitFor();
    await search.press('Enter');
    await page.waitForURL(`**/clients/${searched.id}`);
    expect(pageErrors).toEqual([]);
  });
});
