import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { contentDisposition, csvField } from '../../src/server/modules/exports/tabular.js';

/** The list export (sendExport), through the client list's GET /api/v1/clients/export. */
describe('list export (CSV / XLSX)', () => {
  let t: TestApp;
  let english: Client;
  beforeAll(async () => {
    t = await createTestApp();
    const created = await t.admin.post('/api/v1/users', {
      login: 'reader',
      fullName: 'Reader',
      password: 'reader-password-1',
      locale: 'en',
    });
    expect(created.statusCode).toBe(201);
    english = await t.login('reader', 'reader-password-1');
    for (const body of [
      {
        name: 'ООО «Альфа»; филиал',
        taxId: '14360570',
        phones: [{ number: '+380 44 123 45 67' }],
        tags: ['опт'],
      },
      { name: '=HYPERLINK("http://evil")', emails: ['a@example.com', 'b@example.com'] },
      { name: 'Кавычки "двойные"\nи перенос', kind: 'person' },
    ]) {
      expect((await t.admin.post('/api/v1/clients', body)).statusCode).toBe(201);
    }
  });
  afterAll(() => t.close());

  it('writes CSV: UTF-8 with BOM, ";", CRLF, RFC 4180 quoting, formulas defused, headers in Russian', async () => {
    const res = await t.admin.get('/api/v1/clients/export?format=csv&sort=name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="clients.csv"; filename*=UTF-8''clients.csv`,
    );
    const raw = res.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = raw.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'Код записи;Вид;Наименование;Краткое наименование;ЄДРПОУ / ИНН;Телефоны;E-mail;Ответственный;Метки;Создан',
    );
    const body = text.split('\r\n').slice(1).join('\r\n');
    expect(body).toContain(`;"'=HYPERLINK(""http://evil"")";`);
    expect(body).toContain(';Организация;"ООО «Альфа»; филиал";;14360570;\'+380 44 123 45 67;;;опт;');
    expect(body).toContain(';Физлицо;"Кавычки ""двойные""\nи перенос";');
    expect(body).toContain(';a@example.com, b@example.com;');
  });

  it('follows the list filter and the caller’s language', async () => {
    const res = await english.get('/api/v1/clients/export?format=csv&q=%D0%B0%D0%BB%D1%8C%D1%84');
    const lines = res.rawPayload.subarray(3).toString('utf8').split('\r\n');
    expect(lines[0]).toBe('Id;Kind;Name;Short name;Tax id;Phones;E-mails;Responsible;Tags;Created');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('Organisation;"ООО «Альфа»; филиал"');
    expect(lines[2]).toBe('');
  });

  it('writes XLSX that reads back with the same values (numbers stay numbers, text stays text)', async () => {
    const res = await t.admin.get('/api/v1/clients/export?format=xlsx&sort=name');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(res.headers['content-disposition']).toContain('filename="clients.xlsx"');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const sheet = wb.worksheets[0]!;
    const rows: unknown[][] = [];
    sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows[0]).toEqual([
      'Код записи',
      'Вид',
      'Наименование',
      'Краткое наименование',
      'ЄДРПОУ / ИНН',
      'Телефоны',
      'E-mail',
      'Ответственный',
      'Метки',
      'Создан',
    ]);
    expect(rows).toHaveLength(4);
    const byName = new Map(rows.slice(1).map((r) => [r[2], r]));
    const alpha = byName.get('ООО «Альфа»; филиал')!;
    expect(typeof alpha[0]).toBe('number');
    expect(alpha.slice(1, 6)).toEqual([
      'Организация',
      'ООО «Альфа»; филиал',
      undefined,
      '14360570',
      '+380 44 123 45 67',
    ]);
    // A formula-looking name is a text cell, not a formula.
    const evil = sheet.getCell(`C${rows.findIndex((r) => r[2] === '=HYPERLINK("http://evil")') + 1}`);
    expect(evil.type).toBe(ExcelJS.ValueType.String);
    expect(byName.has('Кавычки "двойные"\nи перенос')).toBe(true);
  });

  it('refuses an unknown format', async () => {
    const res = await t.admin.get('/api/v1/clients/export?format=pdf');
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.fields[0].path).toBe('format');
  });

  it('names files per RFC 5987 and quotes CSV fields per RFC 4180', () => {
    expect(contentDisposition('Клиенты (май) 2025.csv')).toBe(
      `attachment; filename="_______ (___) 2025.csv"; filename*=UTF-8''%D0%9A%D0%BB%D0%B8%D0%B5%D0%BD%D1%82%D1%8B%20%28%D0%BC%D0%B0%D0%B9%29%202025.csv`,
    );
    expect(csvField('-1', 'ru')).toBe(`'-1`);
    expect(csvField(-1, 'ru')).toBe('-1');
    expect(csvField('@SUM(A1)', 'en')).toBe(`'@SUM(A1)`);
    expect(csvField(true, 'uk')).toBe('так');
    expect(csvField(null, 'en')).toBe('');
    expect(csvField('a;b', 'en')).toBe('"a;b"');
  });
});
