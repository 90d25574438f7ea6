import type { Level } from '../shared/schemas/access.js';
import type { Services } from './services.js';
import { generatePassword } from './security/passwords.js';
import { loadCardFilesDemo } from './demo-card-files.js';
import { loadTelephonyDemo } from './demo-telephony.js';
import { loadNotificationsDemo } from './demo-notifications.js';
import { loadQueueDemo, type QueueDemo } from './modules/queue/queue-demo.js';
import type { AppContext } from './context.js';

/**
 * Demo records for trying Kartoteka out (`kartoteka demo`, `npm start` on an empty database).
 * Each module adds its own records here; running it twice adds nothing the second time.
 */
export async function loadDemo(
  ctx: AppContext,
  services: Services,
): Promise<{ created: boolean; password: string | null; logins: string[]; queue: QueueDemo | null }> {
  if ((await services.users.findIdByLogin('ivanova')) !== null)
    return { created: false, password: null, logins: [], queue: null };

  const roles = await services.roles.list();
  const roleId = async (code: string, name: string, description: string) =>
    roles.find((r) => r.code === code)?.id ?? (await services.roles.create({ code, name, description })).id;
  const managerRole = await roleId('manager', 'Менеджер', 'Ведёт клиентов, события и задачи');
  const operatorRole = await roleId(
    'operator',
    'Оператор',
    'Принимает звонки и обслуживает электронную очередь',
  );

  // Доступ к данным: managers read everything and change their own documents (their department's
  // tasks too); operators read clients and their own events and tasks. Both write in every journal.
  const journals = await services.referenceBooks.journals.list({});
  const roots = journals
    .filter((j) => j.parentId === null)
    .map((j) => ({ journalId: j.id, mode: 'write' as const }));
  const levels = (read: Level, edit: Level) => ({
    read,
    create: 'all' as const,
    edit,
    delete: 'own' as const,
    export: read,
  });
  const adminForLog = (await services.users.list()).find((u) => u.isAdmin)?.id ?? null;
  await services.accessSettings.update(
    { kind: 'role', id: managerRole },
    {
      permissions: {
        clients: levels('all', 'all'),
        projects: levels('all', 'own'),
        events: levels('all', 'own'),
        tasks: levels('all', 'department'),
      },
      journals: roots,
    },
    adminForLog,
  );
  await services.accessSettings.update(
    { kind: 'role', id: operatorRole },
    {
      permissions: {
        clients: levels('all', 'all'),
        projects: { read: 'own' },
        events: levels('own', 'own'),
        tasks: levels('own', 'own'),
      },
      journals: roots,
    },
    adminForLog,
  );

  const people = [
    {
      fullName: 'Иванова Мария Петровна',
      position: 'Менеджер по продажам',
      department: 'Отдел продаж',
      email: 'ivanova@example.com',
      phones: ['+380 44 123 45 67'],
      login: 'ivanova',
      sip: '101',
      role: managerRole,
    },
    {
      fullName: 'Петренко Олег Васильевич',
      position: 'Руководитель проектов',
      department: 'Отдел проектов',
      email: 'petrenko@example.com',
      phones: ['+380 44 123 45 68'],
      login: 'petrenko',
      sip: '102',
      role: managerRole,
    },
    {
      fullName: 'Сидорова Анна Игоревна',
      position: 'Оператор call-центра',
      department: 'Call-центр',
      email: 'sidorova@example.com',
      phones: ['+380 44 123 45 69'],
      login: 'sidorova',
      sip: '103',
      operator: true,
      role: operatorRole,
    },
    {
      fullName: 'Коваленко Дмитрий Сергеевич',
      position: 'Бухгалтер',
      department: 'Бухгалтерия',
      email: 'kovalenko@example.com',
      phones: [],
      login: null,
      sip: null,
      role: null,
    },
  ];
  const password = generatePassword();
  const logins: string[] = [];
  const userIds: Record<string, number> = {};
  // Demo settings are recorded in the change log as the administrator's.
  const adminId = (await services.users.list()).find((u) => u.isAdmin)?.id ?? null;
  let actingUserId = adminId;
  for (const p of people) {
    const emp = await services.employees.create({
      fullName: p.fullName,
      position: p.position,
      department: p.department,
      email: p.email,
      phones: p.phones,
    });
    if (p.login && p.role) {
      const user = await services.users.create({
        login: p.login,
        fullName: p.fullName,
        password,
        employeeId: emp.id,
        roleIds: [p.role],
      });
      logins.push(p.login);
      userIds[p.login] = user.id;
      // Настройка → Параметры → Пользователи: phone, SIP number; the operator uses telephony statuses.
      const operator = 'operator' in p;
      await services.userParameters.update(
        user.id,
        {
          phone: p.phones[0] ?? null,
          sipNumber: p.sip,
          isCorporateMail: true,
          isTelephonyStatuses: operator,
          isCallPopup: operator,
          isPhoneAutostart: operator,
        },
        actingUserId ?? user.id,
      );
      actingUserId ??= user.id;
    }
  }
  // Настройка → Справочники → Журналы: a journal of one's own under the system section Проекты.
  const projects = await services.referenceBooks.journals.defaultFor('project');
  await services.referenceBooks.journals.create(
    {
      code: 'marketing',
      nameRu: 'Маркетинг',
      nameUk: 'Маркетинг',
      nameEn: 'Marketing',
      parentId: projects.id,
      isActive: true,
      color: null,
      isDefault: false,
    },
    // Set by the first demo user at the latest.
    actingUserId!,
  );
  // Почта → Шаблоны писем: two letters a sales department writes every day.
  await services.mailTemplates.create(
    {
      name: 'Коммерческое предложение',
      subject: 'Коммерческое предложение для {{client.name}}',
      html:
        '<p>Добрый день, {{contact.name}}!</p><p>Направляем коммерческое предложение по проекту ' +
        '{{project.name}}. Будем рады ответить на вопросы.</p><p>С уважением,<br>{{user.name}}</p>',
      isActive: true,
    },
    actingUserId!,
  );
  await services.mailTemplates.create(
    {
      name: 'Задача выполнена',
      subject: 'Задача {{task.number}} выполнена',
      html:
        '<p>Добрый день!</p><p>Сообщаем, что задача {{task.number}} «{{task.title}}» выполнена ' +
        '{{date}}.</p><p>{{user.name}}</p>',
      isActive: true,
    },
    actingUserId!,
  );
  await loadCardFilesDemo(services, userIds);
  await loadTelephonyDemo(services, actingUserId!);
  await loadNotificationsDemo(services, userIds, actingUserId!);
  // The operator and the managers serve the queues, and so does the administrator who tries it out.
  const staff = [userIds.sidorova, userIds.ivanova, adminId].filter((id): id is number => id != null);
  const queue = await loadQueueDemo(
    ctx,
    services,
    { all: staff, senior: [userIds.ivanova, adminId].filter((id): id is number => id != null) },
    actingUserId!,
  );
  return { created: true, password, logins, queue };
}
