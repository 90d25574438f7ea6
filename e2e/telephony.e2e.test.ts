import { request, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, type BrowserSession } from '../test/support/e2e-browser.js';
import { adminApi, type AdminApi } from '../test/support/e2e-admin-api.js';

/** A suffix that keeps this run's records apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);
/** Digits of this run, for phone numbers no demo card has. */
const DIGITS = String(Date.now()).slice(-7);

const OPERATOR = { login: 'operator', password: 'operator-password-1', fullName: 'Оператор колл-центра' };
const SIP = '777';
const CLIENT = {
  name: `ТОВ «Звонящий клиент ${RUN}»`,
  phone: `+380 44 ${DIGITS.slice(0, 3)} ${DIGITS.slice(3)}`,
};
const UNKNOWN_PHONE = `+380 67 ${DIGITS.slice(0, 3)} ${DIGITS.slice(3)}`;
/** How «Неизвестные номера» lists it: normalised. */
const UNKNOWN_E164 = `+38067${DIGITS}`;

interface PbxCall {
  callId: number;
  eventId: number | null;
}

/** The PBX side: the webhook with its token, as a cloud PBX would call it. */
async function pbxApi(baseURL: string, token: string) {
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { Authorization: `Bearer ${token}` } });
  const send = async (path: string, body: unknown): Promise<PbxCall> => {
    const res = await ctx.post(`/api/v1/telephony/pbx/${path}`, { data: body });
    if (!res.ok()) throw new Error(`POST ${path}: ${res.status()} ${await res.text()}`);
    return (await res.json()) as PbxCall;
  };
  return {
    ctx,
    ring: (callId: string, externalNumber: string) =>
      send('register', { callId, direction: 'in', externalNumber, sipNumber: SIP }),
    hangUp: (callId: string) => send('finish', { callId, durationSeconds: 42, billsec: 30, statusCode: 200 }),
  };
}

/** Signs the operator in; resolves once the page's live stream is subscribed, so a ring reaches it. */
async function signInOperator(page: Page): Promise<void> {
  const live = page.waitForResponse((r) => r.url().endsWith('/api/v1/live') && r.status() === 200);
  await page.goto('/clients');
  await page.waitForURL('**/login');
  await page.getByLabel('Логин', { exact: true }).fill(OPERATOR.login);
  await page.getByLabel('Пароль', { exact: true }).fill(OPERATOR.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL('**/clients');
  await live;
}

describe('telephony: the screen pop driven by the PBX webhook, the call on the client card', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];
  let admin: AdminApi;
  let pbx: Awaited<ReturnType<typeof pbxApi>>;
  let clientId: number;

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    ({ page, pageErrors } = session);
    admin = await adminApi(session.server.url);

    // An operator with the default role «Сотрудник» (reads and edits clients and events in every
    // journal: linking an unknown number changes its calls' events); their SIP number, pop-up on.
    const operator = await admin.post<{ id: number }>('/api/v1/users', OPERATOR);
    await admin.put(`/api/v1/settings/user-parameters/${operator.id}`, { sipNumber: SIP, isCallPopup: true });

    const client = await admin.post<{ id: number }>('/api/v1/clients', {
      kind: 'organization',
      name: CLIENT.name,
      phones: [{ number: CLIENT.phone, kind: 'work' }],
      responsibleId: operator.id,
    });
    clientId = client.id;
    const { token } = await admin.post<{ token: string }>('/api/v1/settings/telephony/pbx-token');
    pbx = await pbxApi(session.server.url, token);
  });

  afterAll(async () => {
    await pbx?.ctx.dispose();
    await admin?.ctx.dispose();
    await session?.close();
  });

  it('pops the caller’s card up when the PBX registers an incoming call, and closes it at the end', async () => {
    await signInOperator(page);
    await pbx.ring(`known-${RUN}`, CLIENT.phone);

    const pop = page.getByTestId('call-pop');
    await pop.getByText(CLIENT.name).waitFor();
    expect(await pop.getByText('Входящий звонок').count()).toBe(1);
    // Pages are changed inside the app from here on: a reload would drop the live stream a ring needs.
    await pop.getByRole('link', { name: CLIENT.name }).click();
    await page.getByRole('heading', { name: CLIENT.name }).waitFor();
    expect(page.url()).toMatch(new RegExp(`/clients/${clientId}$`));

    const finished = await pbx.hangUp(`known-${RUN}`);
    expect(finished.eventId).not.toBeNull();
    await pop.waitFor({ state: 'detached' });

    // The logged call: an incoming call in the client's «Лента», its details on the event card.
    await page.getByRole('tab', { name: 'Лента' }).click();
    const item = page.getByTestId(`timeline-event-${finished.eventId}`);
    await item.getByText('Входящий звонок').waitFor();
    await item.getByRole('link').click();
    const call = page.getByTestId('event-call');
    await call.getByText('Отвечен').waitFor();
    expect(await call.textContent()).toContain(CLIENT.phone);
  });

  it('offers «Новый клиент» prefilled with an unknown caller’s number', async () => {
    await pbx.ring(`unknown-${RUN}`, UNKNOWN_PHONE);

    const pop = page.getByTestId('call-pop');
    await pop.getByText('Номера нет в картотеке').waitFor();
    await pop.getByRole('button', { name: 'Новый клиент' }).click();
    await page.waitForURL('**/clients/new?phone=*');
    expect(await page.getByRole('textbox', { name: 'Телефон', exact: true }).first().inputValue()).toBe(
      UNKNOWN_PHONE,
    );

    await pbx.hangUp(`unknown-${RUN}`);
    await pop.waitFor({ state: 'detached' });
  });

  it('lists the unknown number and links its call to a chosen client', async () => {
    await page.getByRole('link', { name: 'Неизвестные номера' }).click();
    const row = page.getByRole('row').filter({ hasText: UNKNOWN_E164 });
    await row.getByRole('button', { name: 'Выбрать клиента' }).click();
    const dialog = page.getByRole('dialog', { name: `Номер ${UNKNOWN_E164}: выбрать клиента` });
    // A searchable select: typed key by key, its options come from the clients search.
    const select = dialog.getByLabel('Клиент', { exact: true });
    await select.click();
    await select.pressSequentially(RUN);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: CLIENT.name })
      .click();
    await dialog.getByRole('button', { name: 'Сохранить' }).click();
    await page.getByText('Привязано звонков: 1').waitFor();
    await row.waitFor({ state: 'detached' });
  });

  it('speaks English in the phone panel', async () => {
    await page.getByTestId('language-switch').getByText('EN').click();
    await page.getByTestId('phone-panel-button').getByText('Phone').click();
    const panel = page.getByRole('dialog', { name: 'Phone' });
    await panel.getByText('Recent calls').waitFor();
    await panel.getByText(CLIENT.name).first().waitFor();
    expect(pageErrors).toEqual([]);
  });
});
