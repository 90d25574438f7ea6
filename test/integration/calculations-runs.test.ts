import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, Client, createTestApp, sessionCookie, type TestApp } from '../support/app.js';
import { grantAccess, rightlessUser } from '../support/access.js';
import { eventually } from '../support/eventually.js';
import { withCalculations as withCalcs } from '../support/calculations.js';
import { loadConfig } from '../../src/server/config.js';
import { openContext } from '../../src/server/bootstrap.js';
import { buildApp } from '../../src/server/app.js';
import type { Calculation, CalculationError } from '../../src/shared/schemas/calculations.js';
import type { Notification } from '../../src/shared/schemas/notifications.js';
import type { Task, TaskPage } from '../../src/shared/schemas/tasks.js';

interface ErrorBody {
  error: {
    code: string;
    message: string;
    details: { fields?: { path: string; code: string; message: string }[]; calculationId?: number } | null;
  };
}

/**
 * The runs of a save, through real saves over HTTP: before-save scripts change fields or refuse
 * the save (nothing saved, the message next to the field), status-change scripts see the old
 * status, after-save scripts create documents and notify users once the save is committed, their
 * failures are logged on the calculation without touching the save, and chains stop.
 */
describe('calculation runs', () => {
  let t: TestApp;
  let status: Record<string, number>;
  let vera: { id: number; client: Client };
  let oleg: { id: number; client: Client };

  /** Runs `fn` with enabled task calculations (ids given to it) that are deleted afterwards. */
  const withCalculations = (bodies: Record<string, unknown>[], fn: (ids: number[]) => Promise<void>) =>
    withCalcs(t.admin, { docType: 'task' }, bodies, fn);
  const createTask = (body: Record<string, unknown>) => t.admin.post('/api/v1/tasks', body);
  const created = async (body: Record<string, unknown>): Promise<Task> => {
    const res = await createTask(body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  };
  const getTask = async (id: number) => (await t.admin.get(`/api/v1/tasks/${id}`)).json<Task>();
  const tasksNamed = async (q: string): Promise<Task[]> => {
    const res = await t.admin.get(`/api/v1/tasks?limit=500&q=${encodeURIComponent(q)}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<TaskPage>().items as Task[];
  };
  const errorsOf = async (id: number): Promise<CalculationError[]> => {
    const res = await t.admin.get(`/api/v1/calculations/${id}/errors`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: CalculationError[] }>().items;
  };
  const bell = async (client: Client): Promise<Notification[]> => {
    const res = await client.get('/api/v1/notifications?limit=500');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ items: Notification[] }>().items;
  };
  const errorBody = (res: { body: string }) => (JSON.parse(res.body) as ErrorBody).error;

  beforeAll(async () => {
    t = await createTestApp();
    t.services.calculations.start();
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<{ id: number; code: string }[]>();
    status = Object.fromEntries(list.map((s) => [s.code, s.id]));
    vera = await rightlessUser(t, 'vera', 'Вера');
    oleg = await rightlessUser(t, 'oleg', 'Олег');
  });
  afterAll(async () => {
    await t.services.calculations.stop();
    await t.close();
  });

  it('saves the fields a before-save script changed, in order', async () => {
    await withCalculations(
      [
        { name: 'Срочность', position: 1, code: "if (doc.deadline === null) doc.priority = 'high';" },
        // Sees the first one's change; read-only fields it touches are ignored.
        {
          name: 'Пометка',
          position: 2,
          code: "doc.title = doc.title + ' [' + doc.priority + ']'; doc.number = 'X-1';",
        },
      ],
      async () => {
        const task = await created({ title: 'Позвонить поставщику' });
        expect(task).toMatchObject({ title: 'Позвонить поставщику [high]', priority: 'high' });
        expect(task.number).not.toBe('X-1');
        const later = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
          title: 'Позвонить',
          deadline: '2030-05-01T09:00:00+00:00',
        });
        expect(later.statusCode, later.body).toBe(200);
        // With a deadline the priority is left as it is.
        expect(later.json<Task>()).toMatchObject({ title: 'Позвонить [high]', priority: 'high' });
      },
    );
  });

  it('refuses a save a script rejects: its message next to the field, nothing saved', async () => {
    await withCalculations(
      [{ code: "if (doc.title.includes('черновик')) reject('Уберите слово «черновик»', 'title');" }],
      async () => {
        const refused = await createTask({ title: 'Договор черновик' });
        expect(refused.statusCode).toBe(422);
        expect(errorBody(refused)).toMatchObject({
          code: 'calculation_rejected',
          message: 'Уберите слово «черновик»',
          details: {
            fields: [{ path: 'title', code: 'calc_rejected', message: 'Уберите слово «черновик»' }],
          },
        });
        expect(await tasksNamed('Договор черновик')).toEqual([]);

        const task = await created({ title: 'Договор' });
        const edit = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
          title: 'Договор черновик',
          priority: 'low',
        });
        expect(edit.statusCode).toBe(422);
        expect(await getTask(task.id)).toMatchObject({
          title: 'Договор',
          priority: 'normal',
          updatedAt: task.updatedAt,
        });
      },
    );
    // Without a field: the message alone.
    await withCalculations([{ code: "reject('Сохранение задач закрыто');" }], async () => {
      const refused = await createTask({ title: 'Любая' });
      expect(refused.statusCode).toBe(422);
      expect(errorBody(refused).message).toBe('Сохранение задач закрыто');
      expect(errorBody(refused).details!.fields).toBeUndefined();
    });
  });

  it('runs status-change scripts on create and when the status changes, with the old status', async () => {
    await withCalculations(
      [
        {
          trigger: 'status_change',
          code: [
            "if (prev === null) doc.description = 'создана в ' + doc.status.code;",
            "else doc.description = prev.status.code + ' → ' + doc.status.code;",
          ].join('\n'),
        },
      ],
      async () => {
        const task = await created({ title: 'Статусы' });
        expect(task.description).toBe('создана в new');
        const moved = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: status.in_progress });
        expect(moved.statusCode, moved.body).toBe(200);
        expect(moved.json<Task>().description).toBe('new → in_progress');
        // No status change: not run.
        const renamed = await t.admin.patch(`/api/v1/tasks/${task.id}`, {
          title: 'Статусы 2',
          description: 'своё',
        });
        expect(renamed.json<Task>().description).toBe('своё');
      },
    );
  });

  it('fails a save whose before-save script fails, naming it, and lists the error', async () => {
    await withCalculations(
      [
        { name: 'Хрупкая', code: "if (doc.title.startsWith('Ошибка')) {\n  null.x;\n}" },
        { name: 'Вечная', timeLimitMs: 200, code: "if (doc.title === 'Вечно') for (;;) {}" },
      ],
      async ([fragile, forever]) => {
        const failed = await createTask({ title: 'Ошибка в названии' });
        expect(failed.statusCode).toBe(422);
        const body = errorBody(failed);
        expect(body.code).toBe('calculation_failed');
        expect(body.message).toMatch(/^Калькуляция «Хрупкая» завершилась с ошибкой \(строка 2\): .+/);
        expect(await tasksNamed('Ошибка в названии')).toEqual([]);

        const task = await created({ title: 'Нормальная' });
        const edit = await t.admin.patch(`/api/v1/tasks/${task.id}`, { title: 'Ошибка потом' });
        expect(edit.statusCode).toBe(422);
        expect((await getTask(task.id)).title).toBe('Нормальная');

        const timeout = await createTask({ title: 'Вечно' });
        expect(timeout.statusCode).toBe(422);
        expect(errorBody(timeout)).toMatchObject({
          code: 'calculation_timeout',
          message: 'Калькуляция «Вечная» не уложилась в отведённое время (200 мс)',
        });

        // Logged outside the rolled-back save: the created one with no document, the edit with it.
        const logged = await eventually(async () => {
          const items = await errorsOf(fragile!);
          return items.length >= 2 ? items : undefined;
        }, 'the before-save errors');
        expect(
          logged.map((e) => [e.trigger, e.kind, e.line, e.docType, e.docId, e.docNumber, e.actor?.name]),
        ).toEqual([
          ['before_save', 'script', 2, 'task', task.id, task.number, 'Администратор'],
          ['before_save', 'script', 2, 'task', null, null, 'Администратор'],
        ]);
        const timeouts = await eventually(async () => {
          const items = await errorsOf(forever!);
          return items.length ? items : undefined;
        }, 'the timeout');
        expect(timeouts.map((e) => e.kind)).toEqual(['timeout']);
        const listed = (await t.admin.get('/api/v1/calculations')).json<{ items: Calculation[] }>().items;
        expect(listed.find((c) => c.id === fragile)).toMatchObject({
          errorCount: 2,
          lastErrorAt: logged[0]!.createdAt,
        });
      },
    );
  });

  it('creates documents after the save, as the saving user, and logs what fails without undoing the save', async () => {
    await withCalculations(
      [
        {
          name: 'Итоги',
          trigger: 'after_save',
          code: [
            "if (action === 'created' && doc.title.startsWith('Встреча')) {",
            "  const same = await find('tasks', { ids: [doc.id] });",
            "  createTask({ title: 'Итоги: ' + same[0].title, performerId: doc.performerId });",
            '}',
          ].join('\n'),
        },
        {
          name: 'Сбой',
          trigger: 'after_save',
          code: [
            "if (doc.title === 'Сбой скрипта') throw new Error('сломалось');",
            "if (doc.title === 'Сбой действия') { createTask({ title: '' }); notify(doc.performerId, 'дошло'); }",
          ].join('\n'),
        },
      ],
      async ([, failing]) => {
        const meeting = await created({ title: 'Встреча с клиентом', performerId: vera.id });
        const [summary] = await eventually(async () => {
          const found = await tasksNamed('Итоги: Встреча с клиентом');
          return found.length ? found : undefined;
        }, 'the created task');
        expect(summary).toMatchObject({ performerId: vera.id, author: { name: 'Администратор' } });

        const script = await created({ title: 'Сбой скрипта' });
        const action = await created({ title: 'Сбой действия', performerId: vera.id });
        const logged = await eventually(async () => {
          const items = await errorsOf(failing!);
          return items.length >= 2 ? items : undefined;
        }, 'the after-save errors');
        expect(logged.map((e) => [e.trigger, e.kind, e.docId, e.docNumber])).toEqual([
          ['after_save', 'effect', action.id, action.number],
          ['after_save', 'script', script.id, script.number],
        ]);
        expect(logged[1]!.message).toContain('сломалось');
        // The refused task's reason in the saving user's language; the notification still went.
        expect(logged[0]!.message).toBe('Проверьте введённые данные: title: Обязательное поле');
        await eventually(
          async () => ((await bell(vera.client)).some((n) => n.docId === action.id) ? true : undefined),
          'the notification after the refused task',
        );
        // The saves stand.
        expect((await getTask(script.id)).title).toBe('Сбой скрипта');
        expect((await getTask(meeting.id)).title).toBe('Встреча с клиентом');
      },
    );
  });

  it('stops a chain of after-save runs three saves deep', async () => {
    await withCalculations(
      [
        {
          name: 'Цепь',
          trigger: 'after_save',
          code: "if (action === 'created' && doc.title.startsWith('Цепь')) createTask({ title: doc.title + '+' });",
        },
      ],
      async ([chain]) => {
        await created({ title: 'Цепь' });
        const [refused] = await eventually(async () => {
          const items = await errorsOf(chain!);
          return items.length ? items : undefined;
        }, 'the refused run');
        expect(refused).toMatchObject({ trigger: 'after_save', kind: 'effect' });
        expect(refused!.message).toContain('Слишком длинная цепочка калькуляций');
        const tasks = await tasksNamed('Цепь');
        expect(tasks.map((x) => x.title).sort()).toEqual(['Цепь', 'Цепь+', 'Цепь++', 'Цепь+++']);
        expect(refused!.docNumber).toBe(tasks.find((x) => x.title === 'Цепь+++')!.number);
      },
    );
  });

  it('lets the save that closes a task change it, but keeps it locked for an after-save update()', async () => {
    await withCalculations(
      [
        {
          name: 'Итог закрытия',
          trigger: 'status_change',
          code: "if (doc.status.isFinal && doc.title === 'Замок') doc.description = 'закрыл ' + user.name;",
        },
        {
          name: 'Правка после',
          trigger: 'after_save',
          code: "if (doc.status.isFinal && doc.title === 'Замок') update('task', doc.id, { title: 'Замок (правка)' });",
        },
      ],
      async ([closing, later]) => {
        const task = await created({ title: 'Замок' });
        const closed = await t.admin.post(`/api/v1/tasks/${task.id}/status`, { statusId: status.closed });
        expect(closed.statusCode, closed.body).toBe(200);
        expect(closed.json<Task>()).toMatchObject({
          status: { code: 'closed' },
          description: 'закрыл Администратор',
        });
        const [refused, ...more] = await eventually(async () => {
          const items = await errorsOf(later!);
          return items.length ? items : undefined;
        }, 'the refused update');
        expect(more).toEqual([]);
        expect(refused).toMatchObject({ trigger: 'after_save', kind: 'effect', docId: task.id });
        expect(refused!.message).toMatch(/^Задача в конечном статусе «.+» не редактируется/);
        expect(await errorsOf(closing!)).toEqual([]);
        expect((await getTask(task.id)).title).toBe('Замок');
      },
    );
  });

  it('applies the own before-save changes of a task createTask() makes, whatever the user may edit', async () => {
    const kira = await rightlessUser(t, 'kira', 'Кира');
    const journals = (await t.admin.get('/api/v1/settings/journals')).json<{ id: number; code: string }[]>();
    await grantAccess(t, kira.id, {
      permissions: { events: { read: 'all', create: 'all', edit: 'all' } },
      journals: [{ journalId: journals.find((j) => j.code === 'events')!.id, mode: 'write' }],
    });
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    await withCalculations(
      [
        {
          name: 'Итоги встречи',
          docType: 'event',
          trigger: 'after_save',
          code: "if (action === 'created' && doc.subject === 'Встреча Киры') createTask({ title: 'Итоги: ' + doc.subject, eventId: doc.id });",
        },
        {
          name: 'Итоги срочно',
          code: "if (doc.title === 'Итоги: Встреча Киры') doc.priority = 'high';",
        },
      ],
      async ([creating, marking]) => {
        const meeting = await kira.client.post('/api/v1/events', {
          typeId: types.find((x) => x.code === 'meeting')!.id,
          subject: 'Встреча Киры',
          startsAt: '2030-06-01T09:00:00Z',
        });
        expect(meeting.statusCode, meeting.body).toBe(201);
        const [task] = await eventually(async () => {
          const found = await tasksNamed('Итоги: Встреча Киры');
          return found.length ? found : undefined;
        }, 'the created task');
        expect(task).toMatchObject({ priority: 'high', author: { name: 'Кира' } });
        expect(await errorsOf(creating!)).toEqual([]);
        expect(await errorsOf(marking!)).toEqual([]);
        // Kira herself may not change the task.
        const edit = await kira.client.patch(`/api/v1/tasks/${task!.id}`, { priority: 'low' });
        expect([403, 404]).toContain(edit.statusCode);
      },
    );
  });

  it("brings a script's notification to the user's bell, only when they may read the document", async () => {
    await withCalculations(
      [
        {
          name: 'Сразу',
          code: `if (doc.title.startsWith('Уведомить')) { notify(doc.performerId, 'Проверьте: ' + doc.title); notify(${oleg.id}, 'не для Олега'); }`,
        },
        {
          name: 'Потом',
          trigger: 'after_save',
          code: "if (doc.title.startsWith('Уведомить')) notify(user.id, 'Сохранил: ' + user.name);",
        },
      ],
      async () => {
        const task = await created({ title: 'Уведомить Веру', performerId: vera.id });
        // In the saving transaction: there as soon as the save answers.
        const [note] = (await bell(vera.client)).filter(
          (n) => n.trigger === 'calculation' && n.docId === task.id,
        );
        expect(note).toMatchObject({
          docType: 'task',
          title: `Задача ${task.number}: Уведомить Веру`,
          text: 'Проверьте: Уведомить Веру (калькуляция «Сразу»)',
          actor: { name: 'Администратор' },
          readAt: null,
        });
        // Oleg may not read the task: nothing for him.
        expect((await bell(oleg.client)).filter((n) => n.docId === task.id)).toEqual([]);
        // After the save, to the one who saved.
        const mine = await eventually(async () => {
          const found = (await bell(t.admin)).filter(
            (n) => n.trigger === 'calculation' && n.docId === task.id,
          );
          return found.length ? found : undefined;
        }, 'the after-save notification');
        expect(mine.map((n) => n.text)).toEqual(['Сохранил: Администратор (калькуляция «Потом»)']);
        // A refused save tells nobody.
        await withCalculations(
          [{ position: 1000, code: "if (doc.title.endsWith('!')) reject('нет');" }],
          async () => {
            expect((await createTask({ title: 'Уведомить снова!', performerId: vera.id })).statusCode).toBe(
              422,
            );
          },
        );
        expect((await bell(vera.client)).filter((n) => n.text.includes('Уведомить снова'))).toEqual([]);
      },
    );
  });

  it('runs each after-save run once with two processes on one database', async () => {
    await withCalculations(
      [
        {
          name: 'Копия',
          trigger: 'after_save',
          code: "if (action === 'created' && doc.title.startsWith('Двое')) createTask({ title: 'Копия: ' + doc.title });",
        },
      ],
      async () => {
        const config = loadConfig(
          {},
          { dataDir: t.database.dataDir, databaseUrl: t.database.databaseUrl, logLevel: 'silent' },
        );
        if (t.database.engine === 'sqlite') {
          // SQLite's file belongs to one process: a second one cannot even open it.
          await expect(openContext(config)).rejects.toThrow(/already in use/);
          for (let i = 0; i < 10; i++) await created({ title: `Двое ${i}` });
        } else {
          const ctx = await openContext(config);
          const { app, services } = await buildApp(ctx);
          services.calculations.start();
          try {
            const login = await app.inject({
              method: 'POST',
              url: '/api/v1/auth/login',
              payload: { login: 'admin', password: ADMIN_PASSWORD },
            });
            const other = new Client(
              app,
              sessionCookie(login),
              login.json<{ csrfToken: string }>().csrfToken,
            );
            for (let i = 0; i < 10; i++) {
              const res = await (i % 2 ? other : t.admin).post('/api/v1/tasks', { title: `Двое ${i}` });
              expect(res.statusCode, res.body).toBe(201);
            }
            await eventually(
              async () => ((await tasksNamed('Копия: Двое')).length >= 10 ? true : undefined),
              'the copies',
            );
          } finally {
            await services.calculations.stop();
            await app.close();
            await ctx.database.close();
          }
        }
        await eventually(
          async () => ((await tasksNamed('Копия: Двое')).length >= 10 ? true : undefined),
          'the copies',
        );
        const copies = (await tasksNamed('Копия: Двое')).map((x) => x.title).sort();
        expect(copies).toEqual([...Array(10).keys()].map((i) => `Копия: Двое ${i}`).sort());
      },
    );
  });

  it('takes over a run claimed by a process that died, and leaves one another process is running', async () => {
    await withCalculations(
      [
        {
          name: 'Отметка',
          trigger: 'after_save',
          code: "if (action === 'created' && doc.title.startsWith('Брошено')) createTask({ title: 'Сделано: ' + doc.title });",
        },
      ],
      async () => {
        const db = t.ctx.database.db;
        await t.services.calculations.stop();
        let restarted = false;
        try {
          const busy = await created({ title: 'Брошено недавно' });
          const dead = await created({ title: 'Брошено давно' });
          const claim = (docId: number, minutesAgo: number) =>
            db
              .updateTable('calculation_runs')
              .set({ claimed_at: new Date(Date.now() - minutesAgo * 60_000).toISOString() })
              .where('doc_id', '=', docId)
              .where('doc_type', '=', 'task')
              .execute();
          // Another process is running one; the other's process died ten minutes ago.
          await claim(busy.id, 1);
          await claim(dead.id, 10);
          t.services.calculations.start();
          restarted = true;
          await eventually(
            async () => ((await tasksNamed('Сделано: Брошено давно')).length ? true : undefined),
            'the taken-over run',
          );
          // Older, so it would have run first had it been free.
          expect(await tasksNamed('Сделано: Брошено недавно')).toEqual([]);
          const runs = await db
            .selectFrom('calculation_runs')
            .select(['doc_id', 'done_at'])
            .where('doc_id', 'in', [busy.id, dead.id])
            .where('doc_type', '=', 'task')
            .execute();
          expect(Object.fromEntries(runs.map((r) => [r.doc_id, r.done_at !== null]))).toEqual({
            [busy.id]: false,
            [dead.id]: true,
          });
        } finally {
          if (!restarted) t.services.calculations.start();
        }
      },
    );
  });
});
