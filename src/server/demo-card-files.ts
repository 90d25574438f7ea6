import { SYSTEM_VIEWER } from './modules/access/viewer.js';
import type { Services } from './services.js';
import { checkTaxId } from './modules/clients/tax-id.js';
import { createClientRequest } from '../shared/schemas/clients.js';
import { createProjectRequest } from '../shared/schemas/projects.js';
import { createEventRequest } from '../shared/schemas/events.js';
import { createTaskRequest, updateTaskRequest } from '../shared/schemas/tasks.js';

/** A ЄДРПОУ code with a correct check digit, from its first seven digits. */
function edrpou(first7: string): string {
  for (let d = 0; d <= 9; d++) {
    const code = `${first7}${d}`;
    const check = checkTaxId(code);
    if (check.kind === 'edrpou' && check.checksumOk) return code;
  }
  throw new Error(`no check digit for ${first7}`);
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** A moment relative to now, rounded to the hour: the demo always looks current. */
const at = (days: number, hour = 10) => {
  const d = new Date(Date.now() + days * DAY);
  d.setUTCHours(hour - 2, 0, 0, 0);
  return d.toISOString();
};

/**
 * A small living CRM: clients with contact persons, projects for some of them, calls, letters and
 * meetings, and tasks made from events, inside projects and on their own — the four working modes.
 */
export async function loadCardFilesDemo(services: Services, logins: Record<string, number>): Promise<void> {
  const manager = logins.ivanova!;
  const projectLead = logins.petrenko!;
  const operator = logins.sidorova!;
  const type = async (code: string) => (await services.referenceBooks.eventTypes.byCode(code))!.id;
  const status = async (code: string) => (await services.referenceBooks.taskStatuses.byCode(code))!.id;

  const clientData = [
    {
      name: 'ТОВ «Ромашка-Агро»',
      shortName: 'Ромашка-Агро',
      taxId: edrpou('3412765'),
      phones: [{ number: '044 501 22 33', kind: 'work' as const }],
      emails: ['office@romashka-agro.example'],
      addresses: [{ kind: 'legal' as const, text: 'м. Київ, вул. Хрещатик, 22, оф. 5' }],
      website: 'https://romashka-agro.example',
      responsibleId: manager,
      tags: ['агро', 'ключевой'],
      contacts: [
        {
          name: 'Шевченко Андрій Петрович',
          position: 'Директор',
          phones: [{ number: '+380 67 123 45 67', kind: 'mobile' as const }],
          emails: ['a.shevchenko@romashka-agro.example'],
        },
        { name: 'Литвин Олена', position: 'Бухгалтер', phones: [], emails: ['buh@romashka-agro.example'] },
      ],
    },
    {
      name: 'ООО «Северный ветер»',
      shortName: 'Северный ветер',
      taxId: edrpou('4015837'),
      phones: [{ number: '+380 57 700 10 20', kind: 'work' as const }],
      emails: ['info@sev-veter.example'],
      addresses: [{ kind: 'actual' as const, text: 'г. Харьков, пр. Науки, 14' }],
      responsibleId: manager,
      tags: ['логистика'],
      contacts: [
        {
          name: 'Кузнецов Игорь Валентинович',
          position: 'Коммерческий директор',
          phones: [{ number: '067 555 12 12', kind: 'mobile' as const }],
          emails: ['kuznetsov@sev-veter.example'],
        },
      ],
    },
    {
      name: 'ПП «Будмайстер»',
      shortName: 'Будмайстер',
      taxId: edrpou('3698214'),
      phones: [{ number: '032 240 11 00', kind: 'work' as const }],
      emails: ['zakaz@budmaister.example'],
      addresses: [{ kind: 'legal' as const, text: 'м. Львів, вул. Городоцька, 120' }],
      responsibleId: projectLead,
      tags: ['будівництво'],
      contacts: [{ name: 'Мельник Тарас', position: 'Інженер', phones: [], emails: [] }],
    },
    {
      name: 'АО «Днепр-Металл»',
      shortName: 'Днепр-Металл',
      taxId: edrpou('0019102'),
      phones: [{ number: '+380 56 790 00 01', kind: 'work' as const }],
      emails: ['sales@dnipro-metal.example'],
      responsibleId: projectLead,
      tags: ['металл', 'ключевой'],
      contacts: [],
    },
    {
      kind: 'person' as const,
      name: 'Бондаренко Світлана Миколаївна',
      phones: [{ number: '+380 93 444 55 66', kind: 'mobile' as const }],
      emails: ['svitlana.b@example.com'],
      responsibleId: operator,
      tags: ['роздріб'],
      contacts: [],
    },
    {
      kind: 'person' as const,
      name: 'Ковальчук Павел Андреевич',
      phones: [{ number: '050 321 65 98', kind: 'mobile' as const }],
      emails: [],
      responsibleId: operator,
      contacts: [],
    },
    {
      name: 'ТОВ «Техносвіт»',
      shortName: 'Техносвіт',
      taxId: edrpou('4377120'),
      phones: [{ number: '044 390 70 70', kind: 'work' as const }],
      emails: ['hello@tehnosvit.example'],
      website: 'https://tehnosvit.example',
      responsibleId: manager,
      tags: ['IT'],
      contacts: [
        {
          name: 'Гончаренко Ірина',
          position: 'Менеджер із закупівель',
          phones: [{ number: '+380 66 700 80 90', kind: 'mobile' as const }],
          emails: ['i.honcharenko@tehnosvit.example'],
        },
      ],
    },
    {
      name: 'ООО «Медтехника Плюс»',
      shortName: 'Медтехника Плюс',
      taxId: edrpou('3900551'),
      phones: [{ number: '048 737 20 20', kind: 'work' as const }],
      emails: ['office@medtech-plus.example'],
      responsibleId: projectLead,
      tags: ['медицина'],
      contacts: [],
    },
  ];
  const clients = [];
  for (const c of clientData) {
    clients.push(await services.clients.create(createClientRequest.parse(c), manager, SYSTEM_VIEWER));
  }
  const [romashka, veter, budmaister, metal, svitlana, pavel, tehnosvit] = clients as [
    (typeof clients)[0],
    ...(typeof clients)[0][],
  ];

  // Mode 1: projects with events and tasks inside them.
  const supply = await services.projects.create(
    createProjectRequest.parse({
      name: 'Поставка оборудования для склада',
      kind: 'external',
      clientId: romashka.id,
      managerId: projectLead,
      participantIds: [manager],
      status: 'active',
      plannedStart: at(-20).slice(0, 10),
      plannedEnd: at(40).slice(0, 10),
      actualStart: at(-18).slice(0, 10),
      description: 'Стеллажи, погрузчики и монтаж на складе клиента в Броварах.',
    }),
    projectLead,
    SYSTEM_VIEWER,
  );
  const crm = await services.projects.create(
    createProjectRequest.parse({
      name: 'Внедрение CRM в отделе продаж',
      kind: 'internal',
      managerId: manager,
      participantIds: [projectLead, operator],
      status: 'planned',
      plannedStart: at(7).slice(0, 10),
      plannedEnd: at(60).slice(0, 10),
    }),
    manager,
    SYSTEM_VIEWER,
  );
  const metalProject = await services.projects.create(
    createProjectRequest.parse({
      name: 'Годовой контракт на металлопрокат',
      kind: 'external',
      clientId: metal!.id,
      managerId: projectLead,
      status: 'on_hold',
      plannedStart: at(-40).slice(0, 10),
      plannedEnd: at(30).slice(0, 10),
    }),
    projectLead,
    SYSTEM_VIEWER,
  );

  const event = async (input: Record<string, unknown>, userId: number) =>
    services.events.create(createEventRequest.parse(input), userId, SYSTEM_VIEWER);
  const kickoff = await event(
    {
      typeId: await type('meeting'),
      subject: 'Встреча по проекту склада',
      startsAt: at(-15, 11),
      status: 'done',
      clientId: romashka.id,
      contactId: romashka.contacts[0]?.id ?? null,
      projectId: supply.id,
      performerId: projectLead,
      participantIds: [manager],
      result: 'Согласовали план склада и сроки поставки.',
    },
    projectLead,
  );
  const offerCall = await event(
    {
      typeId: await type('outgoing_call'),
      subject: 'Согласование коммерческого предложения',
      startsAt: at(-3, 15),
      status: 'done',
      clientId: romashka.id,
      projectId: supply.id,
      performerId: manager,
      result: 'Клиент просит скидку 5% при предоплате.',
    },
    manager,
  );
  await event(
    {
      typeId: await type('meeting'),
      subject: 'Приёмка стеллажей на складе',
      startsAt: at(5, 10),
      clientId: romashka.id,
      projectId: supply.id,
      performerId: projectLead,
    },
    projectLead,
  );
  await event(
    {
      typeId: await type('meeting'),
      subject: 'Демонстрация CRM руководителям',
      startsAt: at(8, 14),
      projectId: crm.id,
      performerId: manager,
      participantIds: [projectLead, operator],
    },
    manager,
  );
  // Mode 2: events without a project.
  const inbound = await event(
    {
      typeId: await type('incoming_call'),
      subject: 'Запрос цены на доставку по Харькову',
      startsAt: at(-2, 9),
      status: 'done',
      clientId: veter!.id,
      contactId: veter!.contacts[0]?.id ?? null,
      performerId: operator,
      result: 'Передано менеджеру, нужен расчёт.',
    },
    operator,
  );
  await event(
    {
      typeId: await type('missed_incoming_call'),
      subject: 'Пропущенный звонок',
      startsAt: at(-1, 17),
      status: 'done',
      clientId: svitlana!.id,
      performerId: operator,
    },
    operator,
  );
  await event(
    {
      typeId: await type('outgoing_email'),
      subject: 'Счёт и договор поставки',
      startsAt: at(-6, 12),
      status: 'done',
      clientId: metal!.id,
      projectId: metalProject.id,
      performerId: projectLead,
    },
    projectLead,
  );
  await event(
    {
      typeId: await type('incoming_letter'),
      subject: 'Рекламация по партии профнастила',
      startsAt: at(-4, 10),
      status: 'done',
      clientId: budmaister!.id,
      performerId: projectLead,
    },
    projectLead,
  );
  await event(
    {
      typeId: await type('outgoing_call'),
      subject: 'Перезвонить по поводу гарантии',
      startsAt: at(1, 11),
      clientId: pavel!.id,
      performerId: operator,
    },
    operator,
  );
  await event(
    {
      typeId: await type('meeting'),
      subject: 'Презентация новой линейки',
      startsAt: at(3, 12),
      clientId: tehnosvit!.id,
      contactId: tehnosvit!.contacts[0]?.id ?? null,
      performerId: manager,
    },
    manager,
  );

  const task = async (input: Record<string, unknown>, userId: number, finalStatus?: string) => {
    const created = await services.tasks.create(createTaskRequest.parse(input), userId, SYSTEM_VIEWER);
    if (finalStatus) {
      await services.tasks.update(
        created.id,
        updateTaskRequest.parse({ statusId: await status(finalStatus) }),
        userId,
        SYSTEM_VIEWER,
      );
    }
    return created;
  };
  // Mode 1 (inside a project) and mode 3 (from an event).
  await task(
    {
      title: 'Подготовить спецификацию стеллажей',
      projectId: supply.id,
      eventId: kickoff.id,
      performerId: projectLead,
      controllerId: manager,
      priority: 'high',
      deadline: at(-5, 18),
    },
    manager,
    'done',
  );
  await task(
    {
      title: 'Пересчитать КП со скидкой 5%',
      eventId: offerCall.id,
      performerId: manager,
      controllerId: projectLead,
      priority: 'urgent',
      deadline: at(1, 18),
    },
    projectLead,
    'in_progress',
  );
  await task(
    {
      title: 'Согласовать график монтажа',
      projectId: supply.id,
      performerId: projectLead,
      deadline: at(-1, 18),
    },
    manager,
  );
  await task(
    {
      title: 'Расчёт доставки по Харькову',
      eventId: inbound.id,
      performerId: manager,
      priority: 'high',
      deadline: at(2, 12),
    },
    operator,
  );
  await task(
    { title: 'Настроить журналы и нумерацию', projectId: crm.id, performerId: manager, deadline: at(10, 18) },
    manager,
  );
  await task(
    {
      title: 'Обучить операторов call-центра',
      projectId: crm.id,
      performerId: operator,
      controllerId: manager,
      deadline: at(14, 18),
    },
    manager,
  );
  // Mode 4: tasks without events.
  await task(
    {
      title: 'Ответить на рекламацию Будмайстра',
      clientId: budmaister!.id,
      performerId: projectLead,
      priority: 'high',
      deadline: at(-2, 18),
    },
    projectLead,
  );
  await task(
    { title: 'Обновить прайс-лист на сайте', performerId: manager, priority: 'low', deadline: at(6, 18) },
    manager,
  );
  await task(
    { title: 'Сверка взаиморасчётов за квартал', clientId: metal!.id, performerId: projectLead },
    manager,
    'closed',
  );
}
