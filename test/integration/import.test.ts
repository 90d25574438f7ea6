import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { createTestApp, type TestApp } from '../support/app.js';
import type { ImportPreview, ImportReport } from '../../src/shared/schemas/imports.js';
import type { Client, ClientPage } from '../../src/shared/schemas/clients.js';
import { normalizePhone, phoneSearchTerms, readPhone } from '../../src/server/modules/clients/phones.js';

/** Text as Windows-1251 bytes (the reverse of the decoder's table). */
function cp1251(text: string): Buffer {
  const decoder = new TextDecoder('windows-1251');
  const table = new Map<string, number>();
  for (let b = 0; b < 256; b++) table.set(decoder.decode(Uint8Array.of(b)), b);
  return Buffer.from(
    [...text].map((ch) => {
      const b = table.get(ch);
      if (b === undefined) throw new Error(`no ${ch} in windows-1251`);
      return b;
    }),
  );
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const b64 = (b: Buffer) => b.toString('base64');

// Valid ЄДРПОУ codes: 14360570, 00032129, 21560005.
const CSV_1251 = [
  'Наименование,ЄДРПОУ,Телефон,E-mail,Адрес,Теги,Контактное лицо,Должность,Телефон контакта',
  'ООО «Ромашка»,14360570,+380 44 123 45 67,office@romashka.ua,"Киев, ул. Садовая, 1","опт, vip",Иван Петров,Директор,067 111 22 33',
  // A quoted note with a line break: this record spans lines 3–4.
  'ООО «Ромашка»,14360570,+380 44 123 45 67,office@romashka.ua,"Киев, ул. Садовая, 1",опт,Мария Коваль,"Бухгалтер,\nглавный",',
  'ФОП Шевченко,,044 765 43 21,shevchenko@example.com,,,,,',
  // Bad: no name.
  ',00032129,+380 50 000 00 01,,,,,,',
  'Приватбанк,32129,,,,,,,',
  // Bad: malformed tax id and e-mail.
  'Ошибочный клиент,1234,,not-an-email,,,,,',
  'Ёжик и партнёры,,,ezhik@example.com,,,,,',
];

function csvFile(lines: string[], eols: string[]): string {
  return lines.map((l, i) => l + (eols[i % eols.length] ?? '\n')).join('');
}

describe('client import (CSV / XLSX)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const allClients = async () => {
    const res = await t.admin.get('/api/v1/clients?limit=500');
    expect(res.statusCode).toBe(200);
    return res.json<ClientPage>().items;
  };
  const named = async (prefix: string) => {
    const res = await t.admin.get(`/api/v1/clients?limit=500&q=${encodeURIComponent(prefix)}`);
    return res.json<ClientPage>().items.filter((c) => c.name.startsWith(prefix));
  };
  const card = async (name: string) => {
    const item = (await named(name)).find((c) => c.name === name);
    expect(item, name).toBeDefined();
    return (await t.admin.get(`/api/v1/clients/${item!.id}`)).json<Client>();
  };

  it('previews a UTF-8 CSV with a BOM, mixed line endings and a quoted line break', async () => {
    const text = csvFile(
      [
        'Наименование;ИНН;Телефон;E-mail;Примечание;Непонятный столбец',
        'Альфа;;+380441112233;a@example.com;"две\r\nстроки";x',
        'Бета;;;;;',
        '',
        'Гамма;;;;;',
      ],
      ['\r\n', '\n', '\r'],
    );
    const res = await t.admin.post('/api/v1/clients/import/preview', {
      fileName: 'clients.csv',
      contentBase64: b64(Buffer.concat([BOM, Buffer.from(text)])),
    });
    expect(res.statusCode).toBe(200);
    const p = res.json<ImportPreview>();
    expect(p).toMatchObject({ format: 'csv', encoding: 'utf-8', delimiter: ';', totalRows: 3 });
    expect(p.columns.map((c) => c.header)).toEqual([
      'Наименование',
      'ИНН',
      'Телефон',
      'E-mail',
      'Примечание',
      'Непонятный столбец',
    ]);
    expect(p.suggestedMapping).toEqual({ name: 0, taxId: 1, phones: 2, emails: 3, notes: 4 });
    // Line 2 holds a line break inside quotes, so the next record is on line 4; line 5 is empty.
    expect(p.rows).toEqual([
      { line: 2, cells: ['Альфа', '', '+380441112233', 'a@example.com', 'две\nстроки', 'x'] },
      { line: 4, cells: ['Бета', '', '', '', '', ''] },
      { line: 6, cells: ['Гамма', '', '', '', '', ''] },
    ]);
  });

  it('imports a Windows-1251 CSV: bad rows reported by line, the rest saved with contacts', async () => {
    const file = Buffer.concat([BOM, cp1251(csvFile(CSV_1251, ['\r\n', '\n', '\r\n', '\r']))]);
    const preview = (
      await t.admin.post('/api/v1/clients/import/preview', { fileName: 'c.csv', contentBase64: b64(file) })
    ).json<ImportPreview>();
    expect(preview).toMatchObject({ encoding: 'windows-1251', delimiter: ',', totalRows: 7 });

    const res = await t.admin.post('/api/v1/clients/import', { fileName: 'c.csv', contentBase64: b64(file) });
    expect(res.statusCode).toBe(200);
    const report = res.json<ImportReport>();
    expect(report).toMatchObject({
      dryRun: false,
      rows: 7,
      created: 4,
      updated: 0,
      unchanged: 0,
      rejected: 2,
    });
    expect(report.rejectedRows.map((r) => r.line)).toEqual([6, 8]);
    expect(report.rejectedRows[0]!.problems).toEqual([
      expect.objectContaining({
        field: 'name',
        column: 'Наименование',
        code: 'too_small',
        message: 'Обязательное поле',
      }),
    ]);
    const fields = report.rejectedRows[1]!.problems.map((p) => [p.field, p.code]);
    expect(fields).toEqual(
      expect.arrayContaining([
        ['taxId', 'tax_id_malformed'],
        ['emails', 'invalid_format'],
      ]),
    );
    expect(report.rejectedRows[1]!.problems.find((p) => p.field === 'emails')!.message).toBe(
      'Неверный адрес e-mail',
    );
    expect(report.warnings).toEqual([]);

    const names = (await allClients()).map((c) => c.name).sort();
    expect(names).toEqual(['Ёжик и партнёры', 'ООО «Ромашка»', 'Приватбанк', 'ФОП Шевченко']);
    const romashka = await card('ООО «Ромашка»');
    expect(romashka).toMatchObject({
      taxId: '14360570',
      phones: [{ number: '+380 44 123 45 67', e164: '+380441234567', kind: 'work' }],
      emails: ['office@romashka.ua'],
      addresses: [{ kind: 'actual', text: 'Киев, ул. Садовая, 1' }],
      tags: ['опт', 'vip'],
    });
    expect(romashka.contacts).toEqual([
      expect.objectContaining({
        name: 'Иван Петров',
        position: 'Директор',
        phones: [{ number: '067 111 22 33', e164: '+380671112233', kind: 'work' }],
      }),
      expect.objectContaining({ name: 'Мария Коваль', position: 'Бухгалтер,\nглавный', phones: [] }),
    ]);
    // The leading zeros a spreadsheet dropped are restored.
    expect((await card('Приватбанк')).taxId).toBe('00032129');
    expect((await card('ФОП Шевченко')).phones[0]!.e164).toBe('+380447654321');

    const history = await t.admin.get(`/api/v1/clients/${romashka.id}/history`);
    expect(history.json().items).toEqual([expect.objectContaining({ action: 'create' })]);
    const found = await t.admin.get(`/api/v1/search?q=${encodeURIComponent('мария коваль')}`);
    expect(found.json()).toEqual([expect.objectContaining({ docType: 'client', docId: romashka.id })]);
  });

  it('re-importing the same file creates no duplicates; changed cells update the card', async () => {
    const file = Buffer.concat([BOM, cp1251(csvFile(CSV_1251, ['\n']))]);
    const again = (
      await t.admin.post('/api/v1/clients/import', { fileName: 'c.csv', contentBase64: b64(file) })
    ).json<ImportReport>();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 4, rejected: 2 });
    expect(await allClients()).toHaveLength(4);

    const changed = [
      CSV_1251[0]!,
      'ООО «Ромашка» (новое имя),14360570,+380 44 123 45 67,,,,Иван Петров,Генеральный директор,067 111 22 33',
      'ООО «Ромашка» (новое имя),14360570,,,,,Ольга Новая,Юрист,',
      'ФОП Шевченко,,044 765 43 21,second@example.com,,,,,',
    ];
    const report = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'c.csv',
        contentBase64: b64(Buffer.from(csvFile(changed, ['\n']))),
      })
    ).json<ImportReport>();
    expect(report).toMatchObject({ rows: 3, created: 0, updated: 2, unchanged: 0, rejected: 0 });
    expect(await allClients()).toHaveLength(4);
    const romashka = await card('ООО «Ромашка» (новое имя)');
    expect(romashka.emails).toEqual(['office@romashka.ua']);
    expect(romashka.contacts.map((c) => [c.name, c.position])).toEqual([
      ['Иван Петров', 'Генеральный директор'],
      ['Мария Коваль', 'Бухгалтер,\nглавный'],
      ['Ольга Новая', 'Юрист'],
    ]);
    expect((await card('ФОП Шевченко')).emails).toEqual(['shevchenko@example.com', 'second@example.com']);
    const history = (await t.admin.get(`/api/v1/clients/${romashka.id}/history`)).json();
    expect(history.items.map((h: { field: string | null }) => h.field)).toEqual(
      expect.arrayContaining(['name', 'contacts']),
    );
  });

  it('matches by the external id column when it is mapped', async () => {
    const lines = ['Код;Название;Телефон', 'A-1;Внешний один;+380501234567', 'A-2;Внешний два;'];
    const first = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'x.csv',
        contentBase64: b64(Buffer.from(lines.join('\n'))),
      })
    ).json<ImportReport>();
    expect(first).toMatchObject({ created: 2 });
    const renamed = ['Код;Название;Телефон', 'A-1;Внешний один (переименован);', 'A-2;Внешний два;'];
    const second = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'x.csv',
        contentBase64: b64(Buffer.from(renamed.join('\n'))),
      })
    ).json<ImportReport>();
    expect(second).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await card('Внешний один (переименован)')).phones).toHaveLength(1);
  });

  it('imports with a warning when a tax id check digit is wrong; a dry run saves nothing', async () => {
    const text = 'Name;Tax id\nBad checksum Ltd;14360571\n';
    const dry = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'w.csv',
        contentBase64: b64(Buffer.from(text)),
        dryRun: true,
      })
    ).json<ImportReport>();
    expect(dry).toMatchObject({ dryRun: true, created: 1, rejected: 0 });
    expect((await allClients()).some((c) => c.name === 'Bad checksum Ltd')).toBe(false);

    const report = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'w.csv',
        contentBase64: b64(Buffer.from(text)),
      })
    ).json<ImportReport>();
    expect(report).toMatchObject({ created: 1, rejected: 0 });
    expect(report.warnings).toEqual([
      {
        line: 2,
        problems: [
          {
            field: 'taxId',
            column: 'Tax id',
            code: 'tax_id_checksum',
            message: 'Контрольная цифра кода не сходится. Проверьте код или подтвердите, что он верный',
          },
        ],
      },
    ]);
    expect((await card('Bad checksum Ltd')).taxIdChecksumOk).toBe(false);
  });

  it('reads XLSX: merged cells, numbers, dates, rich text and formulas', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Пусто');
    const ws = wb.addWorksheet('Клієнти');
    ws.addRow(['Список клієнтів']);
    ws.mergeCells('A1:E1');
    ws.addRow(['Назва', 'Код ЄДРПОУ', 'Контактна особа', 'Посада', 'Примітка']);
    ws.addRow([
      { richText: [{ text: 'ТОВ ' }, { text: 'Злиття', font: { bold: true } }] },
      21560005,
      'Олена',
      'Директорка',
      new Date(Date.UTC(2024, 0, 15)),
    ]);
    ws.addRow([null, null, 'Тарас', { formula: '"Бух"&"галтер"', result: 'Бухгалтер' }, null]);
    ws.mergeCells('A3:A4');
    ws.mergeCells('B3:B4');
    ws.addRow(['Окремий клієнт', null, null, null, 'ok']);
    const file = Buffer.from(await wb.xlsx.writeBuffer());

    const preview = await t.admin.post('/api/v1/clients/import/preview', {
      fileName: 'k.xlsx',
      contentBase64: b64(file),
      sheet: 'Клієнти',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.json<ImportPreview>()).toMatchObject({
      format: 'xlsx',
      sheets: ['Пусто', 'Клієнти'],
      sheet: 'Клієнти',
      suggestedMapping: { name: 0, taxId: 1, contactName: 2, contactPosition: 3, notes: 4 },
      rows: [
        { line: 3, cells: ['ТОВ Злиття', '21560005', 'Олена', 'Директорка', '2024-01-15'] },
        { line: 4, cells: ['ТОВ Злиття', '21560005', 'Тарас', 'Бухгалтер', ''] },
        { line: 5, cells: ['Окремий клієнт', '', '', '', 'ok'] },
      ],
    });

    const unknownSheet = await t.admin.post('/api/v1/clients/import/preview', {
      contentBase64: b64(file),
      sheet: 'Нема',
    });
    expect(unknownSheet.statusCode).toBe(400);
    expect(unknownSheet.json().error.details.fields[0]).toMatchObject({
      path: 'sheet',
      code: 'import_sheet_unknown',
    });

    const report = (
      await t.admin.post('/api/v1/clients/import', {
        fileName: 'k.xlsx',
        contentBase64: b64(file),
        sheet: 'Клієнти',
      })
    ).json<ImportReport>();
    expect(report).toMatchObject({ rows: 3, created: 2, rejected: 0 });
    const merged = await card('ТОВ Злиття');
    expect(merged.contacts.map((c) => [c.name, c.position])).toEqual([
      ['Олена', 'Директорка'],
      ['Тарас', 'Бухгалтер'],
    ]);
    expect(merged.notes).toBe('2024-01-15');
  });

  it('takes a mapping by column number or header and rejects one naming a missing column', async () => {
    const text = 'a;b;c\nМаппинг по номеру;x;+380 67 000 11 22\n';
    const ok = (
      await t.admin.post('/api/v1/clients/import', {
        contentBase64: b64(Buffer.from(text)),
        mapping: { name: 0, phones: 'C' },
      })
    ).json<ImportReport>();
    expect(ok).toMatchObject({ created: 1 });
    expect((await card('Маппинг по номеру')).phones[0]!.e164).toBe('+380670001122');

    const bad = await t.admin.post('/api/v1/clients/import', {
      contentBase64: b64(Buffer.from(text)),
      mapping: { name: 0, taxId: 'Нет такого' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields).toEqual([
      { path: 'mapping.taxId', code: 'import_column_unknown', message: 'В файле нет столбца «Нет такого»' },
    ]);
    const noName = await t.admin.post('/api/v1/clients/import', {
      contentBase64: b64(Buffer.from(text)),
      mapping: { phones: 2 },
    });
    expect(noName.json().error.details.fields[0]).toMatchObject({
      path: 'mapping.name',
      code: 'import_name_unmapped',
    });
  });

  it('takes files over the default request size and saves thousands of rows in batches', async () => {
    const rows = 2500;
    const lines = ['Код;Наименование;Телефон;Контактное лицо;Примечание'];
    for (let i = 0; i < rows; i++) {
      lines.push(
        `B-${i};Пакетный клиент ${i};+380 44 5${String(i).padStart(6, '0')};Контакт ${i};${'п'.repeat(300)}`,
      );
    }
    const contentBase64 = b64(Buffer.from(lines.join('\r\n')));
    expect(contentBase64.length).toBeGreaterThan(1_048_576);
    const first = (await t.admin.post('/api/v1/clients/import', { contentBase64 })).json<ImportReport>();
    expect(first).toMatchObject({ rows, created: rows, rejected: 0 });
    // Ids of the multi-row inserts went to the right clients: each has its own contact and phone.
    for (const i of [0, 999, 1000, 2499]) {
      const found = (
        await t.admin.get(`/api/v1/search?q=${encodeURIComponent(`Пакетный клиент ${i}`)}&limit=1`)
      ).json();
      const c = (await t.admin.get(`/api/v1/clients/${found[0].docId}`)).json<Client>();
      expect(c.name).toBe(`Пакетный клиент ${i}`);
      expect(c.contacts.map((x) => x.name)).toEqual([`Контакт ${i}`]);
      expect(c.phones[0]!.e164).toBe(`+380445${String(i).padStart(6, '0')}`);
    }
    const again = (await t.admin.post('/api/v1/clients/import', { contentBase64 })).json<ImportReport>();
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: rows });
  });

  it('reads phones exactly as the clients module stores and indexes them', () => {
    const cases: [string, 'UA' | 'RU' | 'PL' | 'US'][] = [
      ['+380 44 123 45 67', 'UA'],
      ['044 123 45 67', 'UA'],
      ['8 (495) 123-45-67', 'RU'],
      ['+7 701 123 45 67', 'RU'],
      ['22 123 45 67', 'PL'],
      ['(202) 555-0143', 'US'],
      ['12-34', 'UA'],
      [' 067 111 22 33 ', 'UA'],
    ];
    for (const [number, country] of cases) {
      const stored = normalizePhone(number, country);
      expect(readPhone({ number, kind: 'work' }, country), number).toEqual({
        number: stored.original,
        e164: stored.e164,
        kind: 'work',
        terms: phoneSearchTerms(stored),
      });
    }
  });

  it('refuses a file wider than 200 columns or longer than 200 000 rows; empty cells at the end cost nothing', async () => {
    const preview = (text: string) =>
      t.admin.post('/api/v1/clients/import/preview', { contentBase64: b64(Buffer.from(text)) });
    // A row of a million separators is read as the one cell before them.
    const wideEmpty = await preview(
      `Наименование;Телефон\nШирокий${';'.repeat(1_000_000)}\nУзкий;+380441112233\n`,
    );
    expect(wideEmpty.statusCode, wideEmpty.body).toBe(200);
    expect(wideEmpty.json<ImportPreview>()).toMatchObject({
      columns: [
        { index: 0, header: 'Наименование' },
        { index: 1, header: 'Телефон' },
      ],
      rows: [
        { line: 2, cells: ['Широкий', ''] },
        { line: 3, cells: ['Узкий', '+380441112233'] },
      ],
      totalRows: 2,
    });

    const header = Array.from({ length: 200 }, (_, i) => `К${i + 1}`);
    const widest = await preview(`${header.join(';')}\n${'x;'.repeat(199)}x\n`);
    expect(widest.json<ImportPreview>().columns).toHaveLength(200);
    for (const text of [`${header.join(';')};К201\nx\n`, `Наименование;Телефон\nx${';'.repeat(200)}y\n`]) {
      const wide = await preview(text);
      expect(wide.statusCode).toBe(400);
      expect(wide.json().error).toMatchObject({
        code: 'import_file_too_wide',
        message: 'В файле заполнены столбцы дальше 200-го: загружается не больше 200 столбцов',
      });
    }
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Лист');
    ws.addRow(['Наименование', 'Телефон']);
    ws.getCell(2, 201).value = 'далеко';
    const xlsx = await t.admin.post('/api/v1/clients/import', {
      contentBase64: b64(Buffer.from(await wb.xlsx.writeBuffer())),
    });
    expect(xlsx.json().error.code).toBe('import_file_too_wide');

    const rows = (n: number) => `Наименование\n${'x\n'.repeat(n)}`;
    const longest = await preview(rows(200_000));
    expect(longest.json<ImportPreview>().totalRows).toBe(200_000);
    const long = await t.admin.post('/api/v1/clients/import', {
      contentBase64: b64(Buffer.from(rows(200_001))),
    });
    expect(long.statusCode).toBe(400);
    expect(long.json().error).toMatchObject({
      code: 'import_file_too_long',
      message: 'В файле больше 200000 строк: разделите его на части',
    });
    expect(await named('x')).toEqual([]);
  });

  it('finds by phone as typed a client whose phone has no E.164 form, by E.164 in any format the others', async () => {
    const text = (phone: string) => `Наименование;Телефон\nКороткий номер;12-34\nДлинный номер;${phone}\n`;
    const post = (body: string) =>
      t.admin.post('/api/v1/clients/import', { contentBase64: b64(Buffer.from(body)) });
    expect((await post(text('+380 44 765 00 01'))).json<ImportReport>()).toMatchObject({ created: 2 });
    expect((await post(text('044 765 00 01'))).json<ImportReport>()).toMatchObject({
      created: 0,
      unchanged: 2,
    });
  });

  it('a card merged into another leads its external id there: a re-import adds no duplicate', async () => {
    const file = (lines: string[]) =>
      b64(Buffer.from(['Код;Название;Телефон;Контактное лицо', ...lines].join('\n')));
    const first = (
      await t.admin.post('/api/v1/clients/import', {
        contentBase64: file([
          'M-1;Слияние один;+380 44 700 00 01;',
          'M-2;Слияние два;+380 44 700 00 02;',
          'M-3;Слияние три;;',
        ]),
      })
    ).json<ImportReport>();
    expect(first).toMatchObject({ created: 3 });
    const one = await card('Слияние один');
    const two = await card('Слияние два');
    const three = await card('Слияние три');
    // Typed by hand, without an external id.
    const manual = (await t.admin.post('/api/v1/clients', { name: 'Слияние вручную' })).json<Client>();
    const merge = async (targetId: number, sourceId: number) => {
      const res = await t.admin.post(`/api/v1/clients/${targetId}/merge`, { sourceId });
      expect(res.statusCode, res.body).toBe(200);
    };
    await merge(manual.id, three.id);
    await merge(one.id, two.id);
    // Merged again: M-2 leads through «Слияние один» to the manual card.
    await merge(manual.id, one.id);

    const again = (
      await t.admin.post('/api/v1/clients/import', {
        contentBase64: file([
          'M-1;Слияние один;+380 44 700 00 01;',
          'M-2;Слияние два (новое имя);+380 44 700 00 02;Новый контакт',
          'M-3;Слияние три;+380 44 700 00 03;',
        ]),
      })
    ).json<ImportReport>();
    expect(again).toMatchObject({ created: 0, updated: 1, rejected: 0 });
    expect((await named('Слияние')).map((c) => c.name)).toEqual(['Слияние вручную']);
    // The merged cards' rows add what is new; the card keeps its own name and requisites.
    const merged = await card('Слияние вручную');
    expect(merged.phones.map((p) => p.e164)).toEqual(['+380447000001', '+380447000002', '+380447000003']);
    expect(merged.contacts.map((c) => c.name)).toEqual(['Новый контакт']);
    // A merged card's row with nothing new leaves the card unchanged; an unknown id is a new card.
    const other = (
      await t.admin.post('/api/v1/clients/import', {
        contentBase64: file(['M-1;Слияние один;;', 'M-4;Слияние четыре;;']),
      })
    ).json<ImportReport>();
    expect(other).toMatchObject({ created: 1, updated: 0, unchanged: 1 });
  });

  it('answers a clear error for a broken or empty file', async () => {
    const broken = await t.admin.post('/api/v1/clients/import/preview', {
      contentBase64: b64(Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('not a zip')])),
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('import_file_unreadable');
    const unclosed = await t.admin.post('/api/v1/clients/import/preview', {
      contentBase64: b64(Buffer.from('Name\n"never closed\n')),
    });
    expect(unclosed.json().error.code).toBe('import_file_unreadable');
    const empty = await t.admin.post('/api/v1/clients/import/preview', {
      contentBase64: b64(Buffer.from('\r\n;;\r\n')),
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.code).toBe('import_file_empty');
  });
});
