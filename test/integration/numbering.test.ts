import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import type { NumberedDocType } from '../../src/shared/schemas/numbering.js';

interface FieldProblem {
  path: string;
  code: string;
  message: string;
}

const URL = '/api/v1/settings/numbering';

describe('numbering (Настройка → Нумерация)', () => {
  let t: TestApp;
  let user: Client;
  /** Journals of each document type, created for the test (the journals book has its own tests). */
  const journals: Record<string, { id: number; code: string }> = {};

  beforeAll(async () => {
    t = await createTestApp();
    await t.services.users.create({ login: 'clerk', fullName: 'Clerk', password: 'clerk-password' });
    user = await t.login('clerk', 'clerk-password');
    // Created through the journals book, under the system sections Задачи and События.
    const sections = (await t.admin.get('/api/v1/settings/journals')).json() as {
      id: number;
      code: string;
    }[];
    const sectionId = (code: string) => sections.find((j) => j.code === code)!.id;
    for (const [code, parent] of [
      ['sales', 'tasks'],
      ['support', 'tasks'],
      ['calls', 'events'],
    ] as const) {
      const res = await t.admin.post('/api/v1/settings/journals', {
        code,
        nameRu: code,
        nameUk: code,
        nameEn: code,
        parentId: sectionId(parent),
      });
      expect(res.statusCode, res.body).toBe(201);
      journals[code.toUpperCase()] = { id: res.json().id, code };
    }
  });
  afterAll(() => t.close());

  /** Takes a number the way a document module does: resolved first, then inside its transaction. */
  async function take(
    docType: NumberedDocType,
    opts: { journalId?: number | null; date?: string } = {},
  ): Promise<string> {
    const prepared = await t.services.numbering.prepare(docType, {
      journalId: opts.journalId ?? null,
      date: new Date(opts.date ?? '2026-03-10T12:00:00Z'),
    });
    return t.ctx.database.db.transaction().execute((trx) => t.services.numbering.nextNumber(trx, prepared));
  }

  async function put(docType: NumberedDocType, body: Record<string, unknown>) {
    return t.admin.put(`${URL}/${docType}`, {
      resetPeriod: 'never',
      startValue: 1,
      isPerJournal: false,
      ...body,
    });
  }

  function fields(res: { json(): unknown }): FieldProblem[] {
    return (res.json() as { error: { details: { fields: FieldProblem[] } } }).error.details.fields;
  }

  it('lists the three seeded templates to any signed-in user', async () => {
    const res = await user.get(URL);
    expect(res.statusCode).toBe(200);
    const byType = Object.fromEntries(res.json().map((x: { docType: string }) => [x.docType, x]));
    expect(byType.project).toMatchObject({
      template: 'П-{YYYY}-{N:4}',
      resetPeriod: 'yearly',
      startValue: 1,
    });
    expect(byType.event).toMatchObject({ template: 'С-{YYYY}-{N:6}', isPerJournal: false });
    expect(byType.task).toMatchObject({ template: 'З-{YYYY}-{N:6}', resetPeriod: 'yearly' });
    expect((await t.anonymous.get(URL)).statusCode).toBe(401);
  });

  it('previews the saved template without taking the number', async () => {
    const body = { docType: 'task', date: '2026-03-10T12:00:00Z' };
    for (let i = 0; i < 2; i++) {
      const res = await user.post(`${URL}/preview`, body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ number: 'З-2026-000001', value: 1, period: '2026', journalCode: null });
    }
    expect(await take('task')).toBe('З-2026-000001');
    expect((await user.post(`${URL}/preview`, body)).json().number).toBe('З-2026-000002');
    expect(await take('task')).toBe('З-2026-000002');
    // An unsaved template previews against the same counter.
    const draft = await user.post(`${URL}/preview`, { ...body, template: 'T/{YY}/{N:3}' });
    expect(draft.json()).toMatchObject({ number: 'T/26/003', value: 3 });
  });

  it('formats every token: dates in the enterprise time zone, padding, journal code', async () => {
    const saved = await put('event', {
      template: 'EV-{YYYY}{YY}{MM}{DD}-{JOURNAL}-{N:3}-{N}-{N:12}',
      resetPeriod: 'daily',
      isPerJournal: true,
    });
    expect(saved.statusCode).toBe(200);
    // 22:30 UTC on 31 December is already 1 January in Kyiv (UTC+2).
    const number = await take('event', { journalId: journals.CALLS!.id, date: '2025-12-31T22:30:00Z' });
    expect(number).toBe('EV-2026260101-calls-001-1-000000000001');
    const preview = await user.post(`${URL}/preview`, {
      docType: 'event',
      journalId: journals.CALLS!.id,
      date: '2025-12-31T22:30:00Z',
    });
    expect(preview.json()).toEqual({
      number: 'EV-2026260101-calls-002-2-000000000002',
      value: 2,
      period: '2026-01-01',
      journalCode: 'calls',
    });
    // Wider numbers are not cut.
    const wide = await user.post(`${URL}/preview`, {
      docType: 'event',
      template: '{N:1}',
      resetPeriod: 'never',
      isPerJournal: false,
      startValue: 12345,
    });
    expect(wide.json().number).toBe('12345');
  });

  it('answers each template problem with a translated error on the template field', async () => {
    const cases: [string, string, string][] = [
      ['A-{X}-{N}', 'numbering_unknown_token', 'Неизвестная метка {X}'],
      ['{yyyy}-{N}', 'numbering_unknown_token', 'Неизвестная метка {yyyy}'],
      ['A-{N', 'numbering_unbalanced', 'Непарные фигурные скобки'],
      ['A}-{N}', 'numbering_unbalanced', 'Непарные фигурные скобки'],
      ['{{N}}', 'numbering_unbalanced', 'Непарные фигурные скобки'],
      ['A-{YYYY}', 'numbering_counter_missing', 'Шаблон должен содержать счётчик'],
      ['A-{N:0}', 'numbering_pad_width', 'В метке {N:0} число знаков должно быть от 1 до 12'],
      ['A-{N:13}', 'numbering_pad_width', 'В метке {N:13}'],
      ['A-{}-{N}', 'numbering_unknown_token', 'Неизвестная метка {}'],
    ];
    for (const [template, code, message] of cases) {
      const res = await put('task', { template });
      expect(res.statusCode, template).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(fields(res), template).toEqual([
        { path: 'template', code, message: expect.stringContaining(message) },
      ]);
      const preview = await user.post(`${URL}/preview`, { docType: 'task', template });
      expect(preview.statusCode).toBe(400);
      expect(fields(preview)[0]).toMatchObject({ path: 'template', code });
    }
    const en = await t.admin.request(
      'PUT',
      `${URL}/task`,
      { template: 'A-{Q}', resetPeriod: 'never', startValue: 1, isPerJournal: false },
      { 'accept-language': 'en' },
    );
    // The signed-in admin's own language (ru) wins over the header.
    expect(fields(en)[0]!.message).toContain('Неизвестная метка {Q}. Допустимы: {YYYY}');
  });

  it('requires the period in the number when the counter resets, and {JOURNAL} per journal', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ template: 'A-{N}', resetPeriod: 'yearly' }, 'numbering_period_tokens', '{YYYY}/{YY}'],
      [{ template: '{YYYY}-{N}', resetPeriod: 'monthly' }, 'numbering_period_tokens', '{MM}'],
      [{ template: '{YY}{MM}-{N}', resetPeriod: 'daily' }, 'numbering_period_tokens', '{DD}'],
      [{ template: 'A-{N}', isPerJournal: true }, 'numbering_journal_token', '{JOURNAL}'],
    ];
    for (const [body, code, message] of cases) {
      const res = await put('task', body);
      expect(res.statusCode).toBe(400);
      expect(fields(res)).toEqual([{ path: 'template', code, message: expect.stringContaining(message) }]);
    }
    expect((await put('task', { template: '{YY}{MM}{DD}-{N}', resetPeriod: 'daily' })).statusCode).toBe(200);
    expect((await put('task', { template: 'З-{YYYY}-{N:6}', resetPeriod: 'yearly' })).statusCode).toBe(200);
  });

  it('rejects a bad start value, a too long template, unknown fields and types; nothing changes', async () => {
    const before = (await t.admin.get(URL)).json();
    const cases: [Record<string, unknown>, string][] = [
      [{ template: '{N}', startValue: -1 }, 'startValue'],
      [{ template: '{N}', startValue: 1.5 }, 'startValue'],
      [{ template: '{N}', startValue: 2_147_483_648 }, 'startValue'],
      [{ template: `${'x'.repeat(98)}{N}` }, 'template'],
      [{ template: '   ' }, 'template'],
      [{ template: '{N}', resetPeriod: 'weekly' }, 'resetPeriod'],
      [{ template: '{N}', prefix: 'A' }, 'prefix'],
    ];
    for (const [body, path] of cases) {
      const res = await put('task', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(fields(res).map((f) => f.path)).toEqual([path]);
    }
    const negative = fields(await put('task', { template: '{N}', startValue: -5 }))[0]!;
    expect(negative.message).toBe('Начальное значение: целое число от 0 до 2147483647');
    expect(fields(await put('task', { template: `${'x'.repeat(98)}{N}` }))[0]!.message).toBe(
      'Шаблон: не более 100 символов',
    );
    expect((await put('invoice' as NumberedDocType, { template: '{N}' })).statusCode).toBe(400);
    const preview = await user.post(`${URL}/preview`, { docType: 'task', startValue: -1 });
    expect(fields(preview)[0]).toMatchObject({ path: 'startValue', code: 'too_small' });
    expect((await t.admin.get(URL)).json()).toEqual(before);
  });

  it('lets only the administrator change numbering, and records who changed what', async () => {
    const body = { template: 'З-{YYYY}-{N:5}', resetPeriod: 'yearly', startValue: 1, isPerJournal: false };
    const denied = await user.put(`${URL}/task`, body);
    expect(denied.statusCode).toBe(403);
    const res = await t.admin.put(`${URL}/task`, body);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ docType: 'task', ...body });
    const log = (
      await t.admin.get('/api/v1/settings/changes?area=numbering&entity=numbering_template&entityId=task')
    ).json();
    expect(log.items[0]).toMatchObject({
      action: 'update',
      user: { login: 'admin' },
      changes: { template: { old: 'З-{YYYY}-{N:6}', new: 'З-{YYYY}-{N:5}' } },
    });
    expect(Object.keys(log.items[0].changes)).toEqual(['template']);
  });

  it('continues the counter after a template change: existing numbers are never redone', async () => {
    // Two task numbers were taken in 2026 above; the new format goes on from 3.
    expect(await take('task')).toBe('З-2026-00003');
    await put('task', { template: 'TASK/{YYYY}/{N}', resetPeriod: 'yearly' });
    expect(await take('task')).toBe('TASK/2026/4');
  });

  it('restarts yearly, monthly and daily counters by the document date', async () => {
    await put('project', { template: 'P{YYYY}-{N}', resetPeriod: 'yearly' });
    expect(await take('project', { date: '2025-05-01T10:00:00Z' })).toBe('P2025-1');
    expect(await take('project', { date: '2025-12-31T21:59:00Z' })).toBe('P2025-2');
    expect(await take('project', { date: '2025-12-31T22:00:00Z' })).toBe('P2026-1');
    expect(await take('project', { date: '2025-11-01T10:00:00Z' })).toBe('P2025-3');

    await put('project', { template: 'P{YY}{MM}-{N}', resetPeriod: 'monthly' });
    expect(await take('project', { date: '2026-01-31T12:00:00Z' })).toBe('P2601-1');
    expect(await take('project', { date: '2026-01-31T12:00:00Z' })).toBe('P2601-2');
    expect(await take('project', { date: '2026-02-01T12:00:00Z' })).toBe('P2602-1');

    await put('project', { template: 'P{MM}{DD}{YY}-{N}', resetPeriod: 'daily' });
    expect(await take('project', { date: '2026-02-01T12:00:00Z' })).toBe('P020126-1');
    expect(await take('project', { date: '2026-02-01T21:00:00Z' })).toBe('P020126-2');
    // 22:30 UTC is past midnight in Kyiv.
    expect(await take('project', { date: '2026-02-01T22:30:00Z' })).toBe('P020226-1');

    // Back to yearly: the 2026 counter goes on where it stopped.
    await put('project', { template: 'P{YYYY}-{N}', resetPeriod: 'yearly' });
    expect(await take('project', { date: '2026-06-01T12:00:00Z' })).toBe('P2026-2');
  });

  it('keeps a separate sequence per journal and checks the journal', async () => {
    await put('task', { template: '{JOURNAL}-{N:2}', isPerJournal: true, startValue: 10 });
    expect(await take('task', { journalId: journals.SALES!.id })).toBe('sales-10');
    expect(await take('task', { journalId: journals.SALES!.id })).toBe('sales-11');
    expect(await take('task', { journalId: journals.SUPPORT!.id })).toBe('support-10');
    expect(await take('task', { journalId: journals.SALES!.id })).toBe('sales-12');

    const preview = await user.post(`${URL}/preview`, { docType: 'task', journalId: journals.SUPPORT!.id });
    expect(preview.json()).toMatchObject({ number: 'support-11', journalCode: 'support' });
    // Without a journal the preview shows where its code goes, numbered like a new journal.
    const noJournal = await user.post(`${URL}/preview`, { docType: 'task' });
    expect(noJournal.json()).toMatchObject({ number: '{JOURNAL}-10', journalCode: null });

    await expect(take('task')).rejects.toMatchObject({ code: 'numbering_journal_required' });
    await expect(take('task', { journalId: journals.CALLS!.id })).rejects.toMatchObject({
      code: 'numbering_journal_invalid',
    });
    const wrong = await user.post(`${URL}/preview`, { docType: 'task', journalId: journals.CALLS!.id });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.message).toBe(
      `Журнал #${journals.CALLS!.id} не найден или не предназначен для этого типа документов`,
    );
    expect(fields(wrong)).toEqual([
      {
        path: 'journalId',
        code: 'numbering_journal_invalid',
        message: 'Нет такого журнала для этого типа документов',
      },
    ]);
    expect((await user.post(`${URL}/preview`, { docType: 'task', journalId: 999_999 })).statusCode).toBe(400);

    // {JOURNAL} in a shared sequence: one counter, but the journal is still needed.
    await put('task', { template: '{JOURNAL}/{N}', startValue: 1 });
    expect(await take('task', { journalId: journals.SUPPORT!.id })).toBe('support/1');
    expect(await take('task', { journalId: journals.SALES!.id })).toBe('sales/2');
    await expect(take('task')).rejects.toMatchObject({ code: 'numbering_journal_required' });
  });

  it("previews a journal's next number only to those who may read the journal", async () => {
    await put('task', { template: '{JOURNAL}-{N}', isPerJournal: true, startValue: 1 });
    // The counter of a journal tells how many documents it got.
    const taken = await take('task', { journalId: journals.SUPPORT!.id });
    const next = `support-${Number(taken.split('-')[1]) + 1}`;
    const reader = await t.services.users.create({
      login: 'reader',
      fullName: 'Reader',
      password: 'reader-password',
      roleIds: [],
    });
    const granted = await t.admin.put(`/api/v1/access/user/${reader.id}`, {
      journals: [{ journalId: journals.SALES!.id, mode: 'read' }],
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const as = await t.login('reader', 'reader-password');
    const preview = (c: Client, docType: NumberedDocType, journalId?: number) =>
      c.post(`${URL}/preview`, { docType, ...(journalId && { journalId }) });

    const sales = await preview(as, 'task', journals.SALES!.id);
    expect(sales.statusCode, sales.body).toBe(200);
    expect(sales.json()).toEqual((await preview(t.admin, 'task', journals.SALES!.id)).json());
    expect((await preview(as, 'task')).statusCode).toBe(200);
    for (const [docType, journal] of [
      ['task', journals.SUPPORT!],
      ['event', journals.CALLS!],
    ] as const) {
      const hidden = await preview(as, docType, journal.id);
      expect(hidden.statusCode, hidden.body).toBe(403);
      expect(hidden.json().error.code).toBe('forbidden');
      expect(hidden.body).not.toContain(journal.code);
    }
    // The default role reads every journal; the administrator is not restricted.
    expect((await preview(user, 'task', journals.SUPPORT!.id)).json()).toMatchObject({ number: next });
    expect((await preview(t.admin, 'task', journals.SUPPORT!.id)).json()).toMatchObject({ number: next });
  });

  it('starts every new sequence at the start value, which may be 0', async () => {
    await put('event', { template: 'E{YYYY}-{N}', resetPeriod: 'yearly', startValue: 0 });
    expect(await take('event', { date: '2030-01-01T12:00:00Z' })).toBe('E2030-0');
    expect(await take('event', { date: '2030-01-01T12:00:00Z' })).toBe('E2030-1');
    await put('event', { template: 'E{YYYY}-{N}', resetPeriod: 'yearly', startValue: 500 });
    expect(await take('event', { date: '2031-01-01T12:00:00Z' })).toBe('E2031-500');
    // An existing sequence is not moved by a new start value.
    expect(await take('event', { date: '2030-06-01T12:00:00Z' })).toBe('E2030-2');
  });

  it('gives the number back when the document’s transaction rolls back', async () => {
    await put('event', { template: 'R-{N}', resetPeriod: 'never', startValue: 1 });
    expect(await take('event')).toBe('R-1');
    const prepared = await t.services.numbering.prepare('event');
    await expect(
      t.ctx.database.db.transaction().execute(async (trx) => {
        expect(await t.services.numbering.nextNumber(trx, prepared)).toBe('R-2');
        throw new Error('the document insert failed');
      }),
    ).rejects.toThrow('the document insert failed');
    expect(await take('event')).toBe('R-2');
  });

  it('gives 8 parallel writers unique, consecutive numbers', async () => {
    await put('project', { template: 'C-{N}', resetPeriod: 'never', startValue: 1 });
    const prepared = await t.services.numbering.prepare('project');
    const worker = async () => {
      const got: string[] = [];
      for (let i = 0; i < 25; i++) {
        got.push(
          await t.ctx.database.db
            .transaction()
            .execute((trx) => t.services.numbering.nextNumber(trx, prepared)),
        );
      }
      return got;
    };
    const numbers = (await Promise.all(Array.from({ length: 8 }, worker))).flat();
    expect(numbers).toHaveLength(200);
    expect(new Set(numbers).size).toBe(200);
    const values = numbers.map((n) => Number(n.slice(2))).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('stays gap-free when some of the parallel transactions roll back', async () => {
    await put('project', { template: 'D{YYYY}-{N}', resetPeriod: 'yearly', startValue: 1 });
    const prepared = await t.services.numbering.prepare('project', {
      date: new Date('2040-06-01T00:00:00Z'),
    });
    const committed: string[] = [];
    const worker = async (w: number) => {
      for (let i = 0; i < 10; i++) {
        const rollback = (w + i) % 3 === 0;
        await t.ctx.database.db
          .transaction()
          .execute(async (trx) => {
            const n = await t.services.numbering.nextNumber(trx, prepared);
            if (rollback) throw new Error('rollback');
            committed.push(n);
          })
          .catch((e: Error) => {
            if (e.message !== 'rollback') throw e;
          });
      }
    };
    await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
    const values = committed.map((n) => Number(n.split('-')[1])).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: committed.length }, (_, i) => i + 1));
    expect(committed.length).toBeLessThan(80);
    expect(committed.every((n) => n.startsWith('D2040-'))).toBe(true);
  });
});
