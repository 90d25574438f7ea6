import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';
import { adminApi, type AdminApi } from '../test/support/e2e-admin-api.js';

/** A suffix that keeps this run's records apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);
const DIGITS = String(Date.now()).slice(-7);
const WINDOW = `Окно ${RUN}`;
const SERVICE = `Справки ${RUN}`;
const CLIENT = { name: `ООО «Очередь ${RUN}»`, phone: `+380 44 ${DIGITS.slice(0, 3)} ${DIGITS.slice(3)}` };

interface Device {
  url: string;
}

/** A page of its own browser context: the kiosk and the board are other machines, no one signed in. */
async function devicePage(session: BrowserSession, url: string): Promise<Page> {
  const { browser, server, pageErrors } = session;
  const baseURL = server.url;
  const context = await browser.newContext({
    baseURL,
    viewport: { width: 1920, height: 1080 },
    locale: 'ru-RU',
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(new URL(url).pathname + new URL(url).search);
  return page;
}

describe('electronic queue: a kiosk issues a ticket, the operator calls it, the board shows it', () => {
  let session: BrowserSession;
  let operator: Page;
  let kiosk: Page;
  let board: Page;
  let admin: AdminApi;
  let prefix: string;

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    operator = session.page;
    admin = await adminApi(session.server.url);
    const me = await admin.get<{ id: number }>('/api/v1/me');
    const window = await admin.post<{ id: number }>('/api/v1/queue/windows', { name: WINDOW });
    // A prefix no demo queue has: two letters of this run's suffix.
    prefix = `Q${
      RUN.replace(/[^a-z]/g, '')
        .slice(0, 2)
        .toUpperCase() || 'Z'
    }`;
    await admin.post('/api/v1/queue/services', {
      nameRu: SERVICE,
      nameUk: `Довідки ${RUN}`,
      nameEn: `Certificates ${RUN}`,
      prefix,
      operatorIds: [me.id],
      windowIds: [window.id],
    });
    await admin.post('/api/v1/clients', {
      name: CLIENT.name,
      phones: [{ number: CLIENT.phone, kind: 'work' }],
    });
    const statuses = await admin.get<{ id: number; code: string }[]>('/api/v1/settings/user-statuses');
    await admin.put('/api/v1/me/status', { statusId: statuses.find((s) => s.code === 'available')!.id });
    const kioskDevice = await admin.post<Device>('/api/v1/queue/devices', {
      name: `Киоск ${RUN}`,
      kind: 'kiosk',
    });
    const boardDevice = await admin.post<Device>('/api/v1/queue/devices', {
      name: `Табло ${RUN}`,
      kind: 'board',
    });

    await signInAt(operator, '/queue/operator');
    kiosk = await devicePage(session, kioskDevice.url);
    board = await devicePage(session, boardDevice.url);
  });

  afterAll(async () => {
    await admin?.ctx.dispose();
    await session?.close();
  });

  it('the operator sits at a window and, in a status that takes clients, may call', async () => {
    await operator.getByRole('combobox', { name: 'Окно' }).click();
    await operator.locator(`.ant-select-dropdown:visible .ant-select-item-option[title="${WINDOW}"]`).click();
    const call = operator.getByRole('button', { name: 'Вызвать следующего' });
    await expect.poll(() => call.isEnabled()).toBe(true);
  });

  it('the kiosk issues a ticket linked to the client by the phone typed in', async () => {
    await kiosk.getByRole('button', { name: new RegExp(SERVICE) }).click();
    await kiosk.getByRole('textbox', { name: /телефон/i }).fill(CLIENT.phone);
    await kiosk.getByRole('button', { name: 'Получить талон' }).click();
    const ticket = kiosk.getByRole('region', { name: 'Ваш талон' });
    await ticket.getByText(`${prefix}001`).waitFor();
    expect(await ticket.textContent()).toContain(SERVICE);
  });

  it('Call next shows the ticket at the operator and on the board within a second', async () => {
    await board.getByRole('table', { name: 'Вызванные талоны' }).waitFor();
    const called = operator.waitForResponse((r) => r.url().endsWith('/api/v1/queue/operator/call-next'));
    await operator.getByRole('button', { name: 'Вызвать следующего' }).click();
    expect((await called).status()).toBe(200);
    const row = board.getByRole('table', { name: 'Вызванные талоны' }).getByRole('row', {
      name: new RegExp(`${prefix}001.*${WINDOW}`),
    });
    // The promise: the board shows a call within 1 s of it.
    await row.waitFor({ timeout: 1_000 });
    const current = operator.getByRole('region', { name: 'Текущий талон' });
    await current.getByText(`${prefix}001`).waitFor();
    expect(await current.textContent()).toContain(CLIENT.name);
  });

  it('serving and finishing writes an «Электронная очередь» event to the client card', async () => {
    const current = operator.getByRole('region', { name: 'Текущий талон' });
    await current.getByRole('button', { name: 'Начать обслуживание' }).click();
    await current.getByRole('button', { name: 'Завершить' }).click();
    await expect
      .poll(async () => {
        const { items } = await admin.get<{ items: { id: number; name: string }[] }>(
          `/api/v1/clients?q=${encodeURIComponent(RUN)}`,
        );
        const client = items.find((c) => c.name === CLIENT.name)!;
        const events = await admin.get<{ items: { subject: string; type: { code: string } }[] }>(
          `/api/v1/events?clientId=${client.id}`,
        );
        return events.items.find((e) => e.type.code === 'electronic_queue')?.subject ?? null;
      })
      .toContain(`${prefix}001`);
    await operator.getByRole('button', { name: 'Вызвать следующего' }).waitFor();
  });

  it('had no errors in any of the three pages', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
