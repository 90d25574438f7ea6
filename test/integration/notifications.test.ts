import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { fieldErrors, rightlessUser } from '../support/access.js';
import type {
  Notification,
  NotificationPage,
  NotificationPreferences,
  NotificationRule,
  NotificationRules,
  NotificationTrigger,
} from '../../src/shared/schemas/notifications.js';

/**
 * Notifications through the API: the administrator's rules (defaults, validation, the change
 * log, stale entries), who a change reaches (roles, never the actor, opt-outs, mandatory rules,
 * read access, status filters, completion), and reading them (pages, unread count, marking read).
 */

interface Task {
  id: number;
  number: string;
}
interface Status {
  id: number;
  code: string;
}

describe('notifications', () => {
  let t: TestApp;
  let adminId: number;
  const users: Record<string, { id: number; client: Client }> = {};
  let statuses: Record<string, number>;
  let n = 0;

  const anna = () => users.anna!.client;
  const boris = () => users.boris!.client;
  const vera = () => users.vera!.client;

  async function user(login: string, fullName: string, locale: 'ru' | 'en' = 'ru') {
    const password = `${login}-password-1`;
    const { id } = await t.services.users.create({ login, fullName, password, locale });
    users[login] = { id, client: await t.login(login, password) };
    return users[login];
  }

  async function rules(): Promise<NotificationRules> {
    const res = await t.admin.get('/api/v1/settings/notifications');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NotificationRules>();
  }
  const ruleOf = async (trigger: NotificationTrigger): Promise<NotificationRule> =>
    (await rules()).rules.find((r) => r.trigger === trigger)!;

  /** Changes one rule (the rest of it as it is now). */
  async function setRule(trigger: NotificationTrigger, changes: Partial<NotificationRule>): Promise<void> {
    const { stale: _stale, ...current } = await ruleOf(trigger);
    const res = await t.admin.put('/api/v1/settings/notifications', { rules: [{ ...current, ...changes }] });
    expect(res.statusCode, res.body).toBe(200);
  }

  async function notificationsOf(client: Client, query = 'limit=500'): Promise<Notification[]> {
    const res = await client.get(`/api/v1/notifications?${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<NotificationPage>().items;
  }
  /** A user's notifications about one document, oldest first. */
  const about = async (client: Client, docType: string, docId: number) =>
    (await notificationsOf(client)).filter((x) => x.docType === docType && x.docId === docId).reverse();
  const unread = async (client: Client) => {
    const res = await client.get('/api/v1/notifications/unread-count');
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ unread: number }>().unread;
  };

  async function task(body: Record<string, unknown>, by: Client = anna()): Promise<Task> {
    const res = await by.post('/api/v1/tasks', { title: `Задача ${++n}`, ...body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Task>();
  }
  async function moveTask(id: number, code: string, by: Client): Promise<void> {
    const res = await by.post(`/api/v1/tasks/${id}/status`, { statusId: statuses[code] });
    expect(res.statusCode, res.body).toBe(200);
  }

  beforeAll(async () => {
    t = await createTestApp();
    adminId = (await t.admin.get('/api/v1/me')).json<{ id: number }>().id;
    await user('anna', 'Анна Автор');
    await user('boris', 'Boris Performer', 'en');
    await user('vera', 'Вера Контроль');
    const list = (await t.admin.get('/api/v1/settings/task-statuses')).json<Status[]>();
    statuses = Object.fromEntries(list.map((s) => [s.code, s.id]));
  });
  afterAll(() => t.close());

  it('offers every trigger with its defaults, to those who may read the parameters', async () => {
    const got = await rules();
    expect(got.rules).toHaveLength(12);
    expect(got.rules.find((r) => r.trigger === 'task_assigned')).toEqual({
      trigger: 'task_assigned',
      isEnabled: true,
      recipients: ['performer', 'controller'],
      inApp: true,
      email: false,
      isMandatory: false,
      leadMinutes: null,
      statusIds: [],
      userIds: [],
      stale: { statusIds: [], userIds: [] },
    });
    expect(got.rules.find((r) => r.trigger === 'task_deadline_soon')!.leadMinutes).toBe(1440);
    expect(got.rules.find((r) => r.trigger === 'event_reminder')!.leadMinutes).toBe(15);
    expect(got.rules.find((r) => r.trigger === 'mail_incoming')!.recipients).toEqual(['responsible']);
    expect(got.systemSenderReady).toBe(false);
    expect(got.letters).toEqual({ queued: 0, failed: 0 });

    expect((await anna().get('/api/v1/settings/notifications')).statusCode).toBe(403);
    const { stale: _stale, ...rule } = got.rules[0]!;
    expect((await anna().put('/api/v1/settings/notifications', { rules: [rule] })).statusCode).toBe(403);
  });

  it('refuses rules that do not fit their trigger, field by field, and changes nothing', async () => {
    const before = await rules();
    const base = (trigger: NotificationTrigger) => {
      const { stale: _stale, ...rule } = before.rules.find((r) => r.trigger === trigger)!;
      return rule;
    };
    const res = await t.admin.put('/api/v1/settings/notifications', {
      rules: [
        {
          ...base('task_assigned'),
          recipients: ['performer', 'author'],
          leadMinutes: 5,
          statusIds: [statuses.done],
        },
        { ...base('task_deadline_soon'), leadMinutes: null },
        {
          ...base('task_status_changed'),
          statusIds: [statuses.done, 99_999],
          userIds: [users.vera!.id, 99_998],
        },
        { ...base('task_comment'), email: true },
        { ...base('task_comment') },
      ],
    });
    expect(fieldErrors(res, 400)).toEqual([
      ['rules.0.recipients.1', 'notification_recipient_not_allowed'],
      ['rules.0.leadMinutes', 'notification_lead_not_applicable'],
      ['rules.0.statusIds', 'notification_status_filter_not_applicable'],
      ['rules.1.leadMinutes', 'notification_lead_required'],
      ['rules.2.statusIds.1', 'notification_status_unknown'],
      ['rules.2.userIds.1', 'notification_user_unknown'],
      ['rules.4.trigger', 'notification_trigger_repeated'],
    ]);
    expect(
      res.json<{ error: { details: { fields: { message: string }[] } } }>().error.details.fields[4]!.message,
    ).toBe('Статус #99999 не найден или отключён');
    expect(await rules()).toEqual(before);
  });

  it('records each changed rule in the settings change log', async () => {
    await setRule('task_comment', { email: true, isMandatory: true });
    const res = await t.admin.get('/api/v1/settings/changes?area=parameters&entity=notification_rule');
    expect(res.statusCode, res.body).toBe(200);
    const [last] = res.json<{ items: { entityId: string; changes: unknown; user: { id: number } }[] }>()
      .items;
    expect(last).toMatchObject({
      entityId: 'task_comment',
      changes: { email: { old: false, new: true }, isMandatory: { old: false, new: true } },
      user: { id: adminId },
    });
    await setRule('task_comment', { email: false, isMandatory: false });
  });

  it('tells the new performer and controller in their language, never the one who assigned', async () => {
    const before = await unread(boris());
    const made = await task({
      title: 'Подготовить договор',
      performerId: users.boris!.id,
      controllerId: users.vera!.id,
    });
    const [forBoris] = await about(boris(), 'task', made.id);
    expect(forBoris).toMatchObject({
      trigger: 'task_assigned',
      title: `Task ${made.number}: Подготовить договор`,
      text: 'You are now the performer',
      actor: { id: users.anna!.id, name: 'Анна Автор' },
      readAt: null,
    });
    expect(await about(vera(), 'task', made.id)).toMatchObject([
      { title: `Задача ${made.number}: Подготовить договор`, text: 'Вы назначены контролёром' },
    ]);
    expect(await about(anna(), 'task', made.id)).toEqual([]);
    expect(await unread(boris())).toBe(before + 1);

    // Reassigning tells only the new performer.
    const res = await anna().patch(`/api/v1/tasks/${made.id}`, { performerId: adminId });
    expect(res.statusCode, res.body).toBe(200);
    expect(await about(t.admin, 'task', made.id)).toMatchObject([{ trigger: 'task_assigned' }]);
    expect(await about(boris(), 'task', made.id)).toHaveLength(1);
    expect(await about(vera(), 'task', made.id)).toHaveLength(1);
  });

  it('honours opt-outs unless the administrator made the trigger mandatory', async () => {
    const prefs = async (): Promise<NotificationPreferences> => {
      const res = await boris().get('/api/v1/me/notification-preferences');
      expect(res.statusCode, res.body).toBe(200);
      return res.json<NotificationPreferences>();
    };
    const off = await boris().put('/api/v1/me/notification-preferences', {
      items: [{ trigger: 'task_assigned', inApp: false, email: true }],
    });
    expect(off.statusCode, off.body).toBe(200);
    expect(off.json<NotificationPreferences>().items.find((i) => i.trigger === 'task_assigned')).toEqual({
      trigger: 'task_assigned',
      rule: { isEnabled: true, inApp: true, email: false, isMandatory: false },
      inApp: false,
      email: true,
    });
    expect((await prefs()).emailAddress).toBeNull();
    const quiet = await task({ performerId: users.boris!.id });
    expect(await about(boris(), 'task', quiet.id)).toEqual([]);

    await setRule('task_assigned', { isMandatory: true });
    expect((await prefs()).items.find((i) => i.trigger === 'task_assigned')).toMatchObject({
      rule: { isMandatory: true },
      inApp: true,
    });
    const refused = await boris().put('/api/v1/me/notification-preferences', {
      items: [{ trigger: 'task_assigned', inApp: false, email: true }],
    });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('notification_mandatory');
    expect(fieldErrors(refused, 409)).toEqual([['items.0.inApp', 'notification_mandatory']]);
    const loud = await task({ performerId: users.boris!.id });
    expect(await about(boris(), 'task', loud.id)).toMatchObject([{ trigger: 'task_assigned' }]);

    await setRule('task_assigned', { isMandatory: false });
    const stillOff = await task({ performerId: users.boris!.id });
    expect(await about(boris(), 'task', stillOff.id)).toEqual([]);
    const on = await boris().put('/api/v1/me/notification-preferences', {
      items: [{ trigger: 'task_assigned', inApp: true, email: true }],
      emailMode: 'daily',
      digestHour: 18,
    });
    expect(on.json<NotificationPreferences>()).toMatchObject({ emailMode: 'daily', digestHour: 18 });
  });

  it('tells nobody of a document they may not read', async () => {
    const outsider = await rightlessUser(t, 'outsider', 'Посторонний');
    await setRule('task_assigned', { userIds: [outsider.id, adminId] });
    const made = await task({ performerId: users.boris!.id });
    expect(await about(t.admin, 'task', made.id)).toMatchObject([
      { trigger: 'task_assigned', text: 'Задача назначена' },
    ]);
    expect(await about(outsider.client, 'task', made.id)).toEqual([]);
    // Named on a task, the same user may read it, and hears of it.
    const named = await task({ controllerId: outsider.id });
    expect(await about(outsider.client, 'task', named.id)).toMatchObject([
      { text: 'Вы назначены контролёром' },
    ]);
    await setRule('task_assigned', { userIds: [] });
  });

  it('reports deactivated users and removed statuses as stale, and skips them', async () => {
    const gleb = await user('gleb', 'Глеб Начальник');
    const created = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'review',
      nameRu: 'На проверке',
      nameUk: 'На перевірці',
      nameEn: 'In review',
      isActive: true,
      color: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const review = created.json<{ id: number }>().id;
    await setRule('task_status_changed', { statusIds: [statuses.in_progress!, review] });
    await setRule('task_comment', { userIds: [gleb.id] });
    expect(
      (await t.admin.patch(`/api/v1/settings/task-statuses/${review}`, { isActive: false })).statusCode,
    ).toBe(200);
    await t.services.users.update(gleb.id, { isActive: false });

    expect((await ruleOf('task_comment')).stale).toEqual({ statusIds: [], userIds: [gleb.id] });
    expect((await ruleOf('task_status_changed')).stale).toEqual({ statusIds: [review], userIds: [] });
    // The page saves as loaded: stale entries may stay, new ones must be active.
    await setRule('task_comment', {});
    expect((await ruleOf('task_comment')).userIds).toEqual([gleb.id]);
    const fresh = await rightlessUser(t, 'inactive-new', 'Новый');
    await t.services.users.update(fresh.id, { isActive: false });
    const { stale: _stale, ...comment } = await ruleOf('task_comment');
    const res = await t.admin.put('/api/v1/settings/notifications', {
      rules: [{ ...comment, userIds: [gleb.id, fresh.id] }],
    });
    expect(fieldErrors(res, 400)).toEqual([['rules.0.userIds.1', 'notification_user_unknown']]);

    const made = await task({ performerId: users.boris!.id });
    const comment1 = await anna().post(`/api/v1/tasks/${made.id}/comments`, {
      body: 'Проверьте, пожалуйста',
    });
    expect(comment1.statusCode, comment1.body).toBe(201);
    await t.services.users.update(gleb.id, { isActive: true });
    expect(await about(await t.login('gleb', 'gleb-password-1'), 'task', made.id)).toEqual([]);
    expect(await about(boris(), 'task', made.id)).toMatchObject([
      { trigger: 'task_assigned' },
      { trigger: 'task_comment', text: 'Comment: Проверьте, пожалуйста' },
    ]);

    // A deleted status drops out of the rule.
    expect((await t.admin.delete(`/api/v1/settings/task-statuses/${review}`)).statusCode).toBe(200);
    expect(await ruleOf('task_status_changed')).toMatchObject({
      statusIds: [statuses.in_progress, review],
      stale: { statusIds: [review] },
    });
    await setRule('task_status_changed', {});
    expect(await ruleOf('task_status_changed')).toMatchObject({
      statusIds: [statuses.in_progress],
      stale: { statusIds: [] },
    });
    await setRule('task_comment', { userIds: [] });
  });

  it('limits status changes to the statuses of the rule; completion goes to the author once', async () => {
    await setRule('task_status_changed', { statusIds: [statuses.in_progress!] });
    const made = await task({ performerId: users.boris!.id, controllerId: users.vera!.id });
    await moveTask(made.id, 'postponed', boris());
    expect(await about(anna(), 'task', made.id)).toEqual([]);
    await moveTask(made.id, 'in_progress', boris());
    expect(await about(anna(), 'task', made.id)).toMatchObject([
      {
        trigger: 'task_status_changed',
        text: 'Статус изменён: Отложена → В работе',
        actor: { id: users.boris!.id },
      },
    ]);
    expect(await about(vera(), 'task', made.id)).toMatchObject([
      { trigger: 'task_assigned' },
      { trigger: 'task_status_changed' },
    ]);
    // The performer moved it: nothing about it for him.
    expect((await about(boris(), 'task', made.id)).map((x) => x.trigger)).toEqual(['task_assigned']);

    await setRule('task_status_changed', { statusIds: [] });
    await moveTask(made.id, 'closed', boris());
    const forAnna = await about(anna(), 'task', made.id);
    expect(forAnna.map((x) => x.trigger)).toEqual(['task_status_changed', 'task_completed']);
    expect(forAnna[1]!.text).toBe('Задача завершена: Завершена');
    expect((await about(vera(), 'task', made.id)).map((x) => x.trigger)).toEqual([
      'task_assigned',
      'task_status_changed',
      'task_completed',
    ]);
    expect((await about(boris(), 'task', made.id)).map((x) => x.trigger)).toEqual(['task_assigned']);
  });

  it('ignores stale statuses of a filter: with none left, any status change is news', async () => {
    const created = await t.admin.post('/api/v1/settings/task-statuses', {
      code: 'audit',
      nameRu: 'Аудит',
      nameUk: 'Аудит',
      nameEn: 'Audit',
      isActive: true,
      color: null,
    });
    expect(created.statusCode, created.body).toBe(201);
    const audit = created.json<{ id: number }>().id;
    await setRule('task_status_changed', { statusIds: [audit] });
    const made = await task({ performerId: users.boris!.id });
    await moveTask(made.id, 'postponed', boris());
    expect(await about(anna(), 'task', made.id)).toEqual([]);

    const off = await t.admin.patch(`/api/v1/settings/task-statuses/${audit}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await ruleOf('task_status_changed')).stale.statusIds).toEqual([audit]);
    await moveTask(made.id, 'in_progress', boris());
    expect(await about(anna(), 'task', made.id)).toMatchObject([
      { trigger: 'task_status_changed', text: 'Статус изменён: Отложена → В работе' },
    ]);
    await setRule('task_status_changed', { statusIds: [] });
  });

  it('tells the people on a task of a comment, with its start', async () => {
    const made = await task({ performerId: users.boris!.id, controllerId: users.vera!.id });
    const body = `${'Очень длинный комментарий. '.repeat(20)}конец`;
    const res = await vera().post(`/api/v1/tasks/${made.id}/comments`, { body });
    expect(res.statusCode, res.body).toBe(201);
    const [comment] = (await about(anna(), 'task', made.id)).filter((x) => x.trigger === 'task_comment');
    expect(comment!.text.startsWith('Комментарий: Очень длинный комментарий.')).toBe(true);
    expect(comment!.text.length).toBe('Комментарий: '.length + 200);
    expect(comment!.text.endsWith('…')).toBe(true);
    expect((await about(boris(), 'task', made.id)).map((x) => x.trigger)).toEqual([
      'task_assigned',
      'task_comment',
    ]);
    expect((await about(vera(), 'task', made.id)).map((x) => x.trigger)).toEqual(['task_assigned']);
  });

  it('tells people assigned to an event or added to it, by a user', async () => {
    const types = (await t.admin.get('/api/v1/settings/event-types')).json<{ id: number; code: string }[]>();
    const meeting = types.find((x) => x.code === 'meeting')!.id;
    const res = await anna().post('/api/v1/events', {
      typeId: meeting,
      subject: 'Встреча с клиентом',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      performerId: users.boris!.id,
      participantIds: [users.vera!.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const event = res.json<{ id: number; number: string }>();
    expect(await about(boris(), 'event', event.id)).toMatchObject([
      {
        trigger: 'event_assigned',
        title: `Event ${event.number}: Встреча с клиентом`,
        text: 'You are now the performer of the event',
      },
    ]);
    expect(await about(vera(), 'event', event.id)).toMatchObject([
      { text: 'Вы добавлены в участники события' },
    ]);

    const added = await anna().patch(`/api/v1/events/${event.id}`, {
      participantIds: [users.vera!.id, adminId],
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(await about(t.admin, 'event', event.id)).toMatchObject([{ trigger: 'event_assigned' }]);
    expect(await about(vera(), 'event', event.id)).toHaveLength(1);
    expect(await about(anna(), 'event', event.id)).toEqual([]);
  });

  it('tells a project’s new manager and participants, and them of its status', async () => {
    const res = await anna().post('/api/v1/projects', {
      name: 'Внедрение',
      kind: 'internal',
      managerId: users.boris!.id,
      participantIds: [users.vera!.id],
    });
    expect(res.statusCode, res.body).toBe(201);
    const project = res.json<{ id: number; number: string }>();
    expect(await about(boris(), 'project', project.id)).toMatchObject([
      {
        trigger: 'project_added',
        title: `Project ${project.number}: Внедрение`,
        text: 'You are now the project manager',
      },
    ]);
    expect(await about(vera(), 'project', project.id)).toMatchObject([
      { text: 'Вы добавлены в участники проекта' },
    ]);

    const moved = await t.admin.patch(`/api/v1/projects/${project.id}`, { status: 'active' });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await about(boris(), 'project', project.id))[1]).toMatchObject({
      trigger: 'project_status_changed',
      text: 'Project status changed: Planned → Active',
    });
    expect((await about(vera(), 'project', project.id))[1]!.text).toBe(
      'Статус проекта изменён: Запланирован → В работе',
    );
    expect(await about(anna(), 'project', project.id)).toEqual([]);
  });

  it('tells a client’s responsible and the employee of a missed call, when it is recent', async () => {
    const phone = '+380441234567';
    const params = await t.admin.put(`/api/v1/settings/user-parameters/${users.boris!.id}`, {
      sipNumber: '101',
    });
    expect(params.statusCode, params.body).toBe(200);
    expect((await t.admin.put('/api/v1/settings/telephony', { minNumberLength: 5 })).statusCode).toBe(200);
    const token = (await t.admin.post('/api/v1/settings/telephony/pbx-token')).json<{ token: string }>()
      .token;
    const client = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Ромашка»',
      phones: [{ number: phone }],
      responsibleId: users.vera!.id,
    });
    expect(client.statusCode, client.body).toBe(201);
    const missed = async (callId: string, startedAt: string) => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/telephony/pbx/finish',
        headers: { authorization: `Bearer ${token}` },
        payload: {
          callId,
          direction: 'in',
          externalNumber: phone,
          sipNumber: '101',
          startedAt,
          durationSeconds: 20,
          statusCode: 487,
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ eventId: number }>().eventId;
    };
    const old = await missed('old-call', new Date(Date.now() - 3 * 86_400_000).toISOString());
    const fresh = await missed('new-call', new Date(Date.now() - 60_000).toISOString());
    expect(await about(vera(), 'event', old)).toEqual([]);
    expect(await about(boris(), 'event', old)).toEqual([]);
    expect(await about(vera(), 'event', fresh)).toMatchObject([
      { trigger: 'call_missed', text: 'Пропущенный звонок от клиента', actor: null },
    ]);
    expect(await about(boris(), 'event', fresh)).toMatchObject([
      { trigger: 'call_missed', text: 'Missed call from a client' },
    ]);
  });

  it('lists newest first in pages, counts unread and marks read only the caller’s own', async () => {
    const made = await task({ title: 'Для чтения', performerId: users.vera!.id });
    await moveTask(made.id, 'in_progress', anna());
    const all = await notificationsOf(vera());
    expect(all.map((x) => x.id)).toEqual([...all.map((x) => x.id)].sort((a, b) => b - a));
    const first = await vera().get('/api/v1/notifications?limit=2');
    const page1 = first.json<NotificationPage>();
    expect(page1.items.map((x) => x.id)).toEqual(all.slice(0, 2).map((x) => x.id));
    const page2 = (
      await vera().get(`/api/v1/notifications?limit=2&cursor=${page1.nextCursor}`)
    ).json<NotificationPage>();
    expect(page2.items.map((x) => x.id)).toEqual(all.slice(2, 4).map((x) => x.id));

    const count = await unread(vera());
    expect(count).toBe(all.length);
    const annaCount = await unread(anna());
    const annaOwn = (await notificationsOf(anna()))[0]!.id;
    const marked = await vera().post('/api/v1/notifications/read', { ids: [all[0]!.id, annaOwn] });
    expect(marked.statusCode, marked.body).toBe(200);
    expect(marked.json()).toEqual({ unread: count - 1 });
    expect(await unread(anna())).toBe(annaCount);
    expect((await notificationsOf(vera(), 'unread=true&limit=500')).map((x) => x.id)).toEqual(
      all.slice(1).map((x) => x.id),
    );
    expect((await notificationsOf(vera()))[0]!.readAt).not.toBeNull();

    expect(fieldErrors(await vera().post('/api/v1/notifications/read', {}), 400)).toEqual([
      ['ids', 'required'],
    ]);
    expect((await vera().post('/api/v1/notifications/read', { all: true })).json()).toEqual({ unread: 0 });
    expect(await notificationsOf(vera(), 'unread=true')).toEqual([]);
    expect(await unread(anna())).toBe(annaCount);
    expect((await t.anonymous.get('/api/v1/notifications')).statusCode).toBe(401);
  });

  it('a disabled rule tells nobody', async () => {
    await setRule('task_assigned', { isEnabled: false });
    const made = await task({ performerId: users.boris!.id });
    expect(await about(boris(), 'task', made.id)).toEqual([]);
    await setRule('task_assigned', { isEnabled: true });
  });
});
