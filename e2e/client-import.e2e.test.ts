import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, signInAt, type BrowserSession } from '../test/support/e2e-browser.js';

/** A suffix that keeps this run's clients apart from the demo data. */
const RUN = Date.now().toString(36).slice(-5);

const VALID = [`ТОВ «Импорт Альфа ${RUN}»`, `ФОП Импортный ${RUN}`, `ТОВ «Импорт Гамма ${RUN}»`] as const;
const BAD_TAX_ID = `ТОВ «Ошибочный ${RUN}»`;

/**
 * Five clients under a header (line 1): line 3 has no name, line 5 a malformed tax id and a
 * bad e-mail; lines 2, 4 and 6 are valid. Windows line ends and a BOM, as Excel saves it.
 */
const CSV = [
  'Наименование;ЄДРПОУ;Телефон;E-mail',
  `${VALID[0]};14360570;+380 44 200 10 10;alpha-${RUN}@example.com`,
  `;00032129;+380 44 200 20 20;`,
  `${VALID[1]};;067 300 30 30;koval-${RUN}@example.com`,
  `${BAD_TAX_ID};12AB;;not-an-email`,
  `${VALID[2]};;;gamma-${RUN}@example.com`,
].join('\r\n');

/** The file as the upload control gets it, with the BOM. */
const csvFile = () => ({
  name: `clients-${RUN}.csv`,
  mimeType: 'text/csv',
  buffer: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(CSV, 'utf8')]),
});

/** A count of the import report («Добавлено», «Отклонено»…). */
const count = (page: Page, title: string) =>
  page.locator('.ant-statistic').filter({ hasText: title }).locator('.ant-statistic-content').textContent();

/** The row of a table holding this text. */
const row = (page: Page, text: string) => page.getByRole('row').filter({ hasText: text });

describe('clients: import from CSV with a line-numbered report', () => {
  let session: BrowserSession;
  let page: Page;
  let pageErrors: string[];

  beforeAll(async () => {
    session = await openSession({ width: 1400, height: 900 });
    ({ page, pageErrors } = session);
  });

  afterAll(() => session?.close());

  it('opens the import from the clients list', async () => {
    await signInAt(page, '/clients');
    await page.getByRole('button', { name: 'Импорт' }).click();
    await page.waitForURL('**/clients/import');
    await page.getByRole('heading', { name: 'Импорт клиентов' }).waitFor();
  });

  it('reads the file and suggests the columns from its headers', async () => {
    await page.locator('input[type="file"]').setInputFiles(csvFile());
    await page.getByText('Строк с данными: 5').waitFor();
    // Each column under the field its header names (the field chosen above the header).
    await expect
      .poll(() => page.getByRole('columnheader').allTextContents())
      .toEqual([
        'Строка',
        'НаименованиеНаименование',
        'ЄДРПОУ / ИННЄДРПОУ',
        'ТелефоныТелефон',
        'E-mailE-mail',
      ]);
    // The preview numbers the rows as the file's lines.
    expect(await row(page, VALID[0]).textContent()).toMatch(/^2/);
    expect(await row(page, BAD_TAX_ID).textContent()).toMatch(/^5/);
  });

  it('saves the valid rows and reports both bad ones with their line numbers and reasons', async () => {
    await page.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await page.getByText('Импорт завершён').waitFor();

    expect(await count(page, 'Строк')).toBe('5');
    expect(await count(page, 'Добавлено')).toBe('3');
    expect(await count(page, 'Отклонено')).toBe('2');

    const rejected = page.locator('.ant-card').filter({ hasText: 'Отклонённые строки' });
    const lines = rejected.locator('tbody').getByRole('row');
    await expect.poll(() => lines.count()).toBe(2);
    const [first, second] = await lines.allTextContents();
    expect(first).toMatch(/^3/);
    expect(first).toContain('Наименование: Обязательное поле');
    expect(second).toMatch(/^5/);
    expect(second).toContain(
      'ЄДРПОУ: Код: 8 цифр (ЄДРПОУ), 10 цифр (РНОКПП, ИНН организации) или 12 цифр (ИНН физлица)',
    );
    expect(second).toContain('E-mail: Неверный адрес e-mail');
  });

  it('lists the imported clients and not the rejected one', async () => {
    await page.getByRole('button', { name: 'К списку клиентов', exact: true }).click();
    await page.waitForURL('**/clients');
    const search = page.getByRole('searchbox', { name: 'Наименование, код или телефон' });
    await search.fill(RUN);
    await search.press('Enter');
    await page.waitForURL(`**/clients?q=${RUN}`);
    for (const name of VALID) await row(page, name).waitFor();
    expect(await row(page, BAD_TAX_ID).count()).toBe(0);
    await expect.poll(() => page.locator('tbody').getByRole('row').count()).toBe(3);

    // A saved row is a whole card: its code and phone made it.
    await row(page, VALID[0]).getByRole('link', { name: VALID[0] }).click();
    await page.getByRole('heading', { name: VALID[0] }).waitFor();
    const requisites = await page.locator('.ant-descriptions').textContent();
    expect(requisites).toContain('14360570');
    expect(requisites).toContain('+380 44 200 10 10');
    expect(requisites).toContain(`alpha-${RUN}@example.com`);
  });

  it('imports the same file again without duplicates', async () => {
    await page.goto('/clients/import');
    await page.locator('input[type="file"]').setInputFiles(csvFile());
    await page.getByText('Строк с данными: 5').waitFor();
    await page.getByRole('button', { name: 'Загрузить', exact: true }).click();
    await page.getByText('Импорт завершён').waitFor();
    expect(await count(page, 'Добавлено')).toBe('0');
    expect(await count(page, 'Без изменений')).toBe('3');
    expect(await count(page, 'Отклонено')).toBe('2');

    await page.goto(`/clients?q=${RUN}`);
    await row(page, VALID[0]).waitFor();
    await expect.poll(() => page.locator('tbody').getByRole('row').count()).toBe(3);
    expect(pageErrors).toEqual([]);
  });
});
