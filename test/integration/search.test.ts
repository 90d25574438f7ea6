import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app.js';
import type { SearchResult } from '../../src/shared/schemas/search.js';

/**
 * The global search over a small corpus made through the APIs. Every expectation is an exact,
 * ordered list, and this file runs on both engines: the same answers on SQLite and PostgreSQL.
 */
describe('global search', () => {
  let t: TestApp;
  const id: Record<string, number> = {};

  const created = async (url: string, body: unknown) => {
    const res = await t.admin.post(url, body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: number }>().id;
  };
  const search = async (q: string, extra = '') => {
    const res = await t.admin.get(`/api/v1/search?q=${encodeURIComponent(q)}${extra}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SearchResult[]>();
  };
  /** Results as `type:key score`, keys naming the corpus documents. */
  const found = async (q: string, extra = '') => {
    const names = new Map(Object.entries(id).map(([k, v]) => [`${k.split(':')[0]}:${v}`, k]));
    return (await search(q, extra)).map(
      (r) => `${names.get(`${r.docType}:${r.docId}`) ?? `${r.docType}:${r.docId}`} ${r.score}`,
    );
  };

  beforeAll(async () => {
    t = await createTestApp();
    id['client:romashkaLtd'] = await created('/api/v1/clients', {
      name: 'ООО «Ромашка»',
      taxId: '14360570',
      phones: [{ number: '+380 44 123 45 67' }],
      emails: ['Office@Romashka.UA'],
      contacts: [
        { name: 'Иван Петрович Сидоренко', position: 'Директор', phones: [{ number: '067 111 22 33' }] },
      ],
    });
    id['client:romashka'] = await created('/api/v1/clients', { name: 'Ромашка', kind: 'person' });
    id['client:latin'] = await created('/api/v1/clients', {
      name: 'Romashka Trading LLC',
      emails: ['info@romashka-trading.com'],
    });
    id['client:yolka'] = await created('/api/v1/clients', { name: 'Ёлка и Ко' });
    id['client:hedgehog'] = await created('/api/v1/clients', { name: 'ТОВ «Їжачок»', taxId: '21560005' });
    const deleted = await created('/api/v1/clients', {
      name: 'Ромашка удалённая',
      phones: [{ number: '+380 44 999 88 77' }],
    });
    expect((await t.admin.delete(`/api/v1/clients/${deleted}`)).statusCode).toBe(200);

    id['project:supply'] = await created('/api/v1/projects', {
      name: 'Поставка ромашки',
      kind: 'external',
      clientId: id['client:romashkaLtd'],
    });
    const typeId = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number }[]>()[0]!.id;
    id['event:call'] = await created('/api/v1/events', {
      typeId,
      subject: 'Звонок в Ромашку',
      startsAt: '2025-03-01T10:00:00.000Z',
      clientId: id['client:romashkaLtd'],
    });
    id['task:callBack'] = await created('/api/v1/tasks', {
      title: 'Позвонить Ромашке',
      description: 'Уточнить заказ у ООО «Ромашка»',
    });
  });
  afterAll(() => t.close());

  it('ranks exact title, title prefix, word prefix, substring, then other text; ties by type and id', async () => {
    expect(await found('ромашка')).toEqual([
      'client:romashka 100',
      'client:romashkaLtd 60',
      'project:supply 20',
      'event:call 20',
      'task:callBack 20',
    ]);
    expect(await found('РОМАШК')).toEqual([
      'client:romashka 80',
      'client:romashkaLtd 60',
      'project:supply 60',
      'event:call 60',
      'task:callBack 60',
    ]);
    expect(await found('омашк')).toEqual([
      'client:romashkaLtd 40',
      'client:romashka 40',
      'project:supply 40',
      'event:call 40',
      'task:callBack 40',
    ]);
  });

  it('is case-insensitive for Latin and Cyrillic, folds ё, keeps Ukrainian letters', async () => {
    expect(await found('ROMASHKA')).toEqual(['client:latin 80', 'client:romashkaLtd 20']);
    expect(await found('trading llc')).toEqual(['client:latin 60']);
    expect(await found('ЕЛКА')).toEqual(['client:yolka 80']);
    expect(await found('ёлка и')).toEqual(['client:yolka 80']);
    expect(await found('ЇЖАЧ')).toEqual(['client:hedgehog 60']);
  });

  it('finds a phone written in any format, a tax id, an e-mail and a contact person', async () => {
    for (const phone of [
      '+380441234567',
      '+380 (44) 123-45-67',
      '044 123 45 67',
      '(044)123-45-67',
      '0441234567',
      '123 45 67',
    ]) {
      expect(await found(phone), phone).toEqual(['client:romashkaLtd 20']);
    }
    expect(await found('067-111-22-33')).toEqual(['client:romashkaLtd 20']);
    expect(await found('14360570')).toEqual(['client:romashkaLtd 20']);
    expect(await found('1436')).toEqual(['client:romashkaLtd 20']);
    expect(await found('OFFICE@romashka.ua')).toEqual(['client:romashkaLtd 20']);
    expect(await found('сидоренко')).toEqual(['client:romashkaLtd 20']);
  });

  it('needs every word to match, in any field', async () => {
    expect(await found('иван сидор')).toEqual(['client:romashkaLtd 20']);
    expect(await found('иван ромашка')).toEqual(['client:romashkaLtd 20']);
    expect(await found('иван берег')).toEqual([]);
    expect(await found('звонок ромашк')).toEqual(['event:call 60']);
  });

  it('matches words of one or two letters at word beginnings only', async () => {
    expect(await found('ро')).toEqual([
      'client:romashka 80',
      'client:romashkaLtd 60',
      'project:supply 60',
      'event:call 60',
      'task:callBack 60',
    ]);
    expect(await found('ма')).toEqual([]);
    expect(await found('и ко')).toEqual(['client:yolka 60']);
  });

  it('never finds a deleted client', async () => {
    expect(await found('удалённая')).toEqual([]);
    expect(await found('+380 44 999 88 77')).toEqual([]);
  });

  it('filters by type, limits, and treats special characters as text', async () => {
    expect(await found('ромашк', '&types=task,event')).toEqual(['event:call 60', 'task:callBack 60']);
    expect(await found('ромашк', '&limit=2')).toEqual(['client:romashka 80', 'client:romashkaLtd 60']);
    expect(await found('"ромашка"')).toEqual([]);
    expect(await found('«ромашка»')).toEqual([
      'client:romashkaLtd 60',
      'project:supply 20',
      'event:call 20',
      'task:callBack 20',
    ]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('   ')).toEqual([]);
  });

  it('validates its parameters', async () => {
    const bad = await t.admin.get('/api/v1/search?q=x&types=client,person');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields[0]).toMatchObject({
      path: 'types',
      message: 'Перечислите через запятую: client, project, event, task',
    });
    expect((await t.admin.get('/api/v1/search')).statusCode).toBe(400);
    expect((await t.admin.get('/api/v1/search?q=x&limit=101')).statusCode).toBe(400);
    expect((await t.anonymous.get('/api/v1/search?q=x')).statusCode).toBe(401);
  });
});
