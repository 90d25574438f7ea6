/**
 * The generated card files: clients (with phones, e-mails, contact persons), events and tasks,
 * each with its search index entry and a "create" history line, as the app itself would have
 * written them. Every row is a pure function of its id (a stateless hash, no shared random
 * state), so any batch can be made in any order and a task can name the client of the event it
 * was based on without looking it up. Rows are appended to a Batch in the column order of TABLES.
 */
import {
  CITIES,
  EMAIL_DOMAINS,
  EVENT_DESCRIPTIONS,
  EVENT_RESULTS,
  EVENT_SUBJECTS,
  FEMALE_NAMES,
  FEMALE_PATRONYMICS,
  LEGAL_FORMS,
  MALE_NAMES,
  MALE_PATRONYMICS,
  ORG_ADJECTIVES,
  ORG_NOUNS,
  ORG_PREFIXES,
  ORG_ROOTS,
  ORG_SUFFIXES,
  POSITIONS,
  STREETS,
  SURNAME_ENDINGS,
  SURNAME_GENDERED,
  SURNAME_ROOTS,
  TASK_DESCRIPTIONS,
  TASK_TITLES,
  latin,
} from './words.js';

export interface TableSpec {
  name: string;
  columns: string[];
  /** PostgreSQL element types, for the unnest() bulk insert. */
  pgTypes: string[];
}

const table = (name: string, columns: [string, string][]): TableSpec => ({
  name,
  columns: columns.map((c) => c[0]),
  pgTypes: columns.map((c) => c[1]),
});
const ts = 'timestamptz';

/** What the generator writes; columns left out take the table defaults. */
export const TABLES = {
  clients: table('clients', [
    ['id', 'int8'],
    ['kind', 'text'],
    ['name', 'text'],
    ['short_name', 'text'],
    ['tax_id', 'text'],
    ['addresses', 'text'],
    ['responsible_id', 'int8'],
    ['created_by', 'int8'],
    ['created_at', ts],
    ['updated_at', ts],
  ]),
  contacts: table('client_contacts', [
    ['client_id', 'int8'],
    ['name', 'text'],
    ['position', 'text'],
    ['created_at', ts],
    ['updated_at', ts],
  ]),
  phones: table('client_phones', [
    ['client_id', 'int8'],
    ['e164', 'text'],
    ['original', 'text'],
    ['kind', 'text'],
    ['sort_order', 'int4'],
  ]),
  emails: table('client_emails', [
    ['client_id', 'int8'],
    ['email', 'text'],
    ['original', 'text'],
    ['sort_order', 'int4'],
  ]),
  search: table('search_entries', [
    ['doc_type', 'text'],
    ['doc_id', 'int8'],
    ['title', 'text'],
    ['subtitle', 'text'],
    ['body', 'text'],
    ['updated_at', ts],
  ]),
  history: table('document_history', [
    ['doc_type', 'text'],
    ['doc_id', 'int8'],
    ['action', 'text'],
    ['user_id', 'int8'],
    ['created_at', ts],
  ]),
  events: table('events', [
    ['id', 'int8'],
    ['number', 'text'],
    ['type_id', 'int8'],
    ['subject', 'text'],
    ['starts_at', ts],
    ['ends_at', ts],
    ['status', 'text'],
    ['client_id', 'int8'],
    ['journal_id', 'int8'],
    ['performer_id', 'int8'],
    ['description', 'text'],
    ['result', 'text'],
    ['created_by', 'int8'],
    ['created_at', ts],
    ['updated_at', ts],
  ]),
  tasks: table('tasks', [
    ['id', 'int8'],
    ['number', 'text'],
    ['title', 'text'],
    ['description', 'text'],
    ['status_id', 'int8'],
    ['priority', 'text'],
    ['author_id', 'int8'],
    ['performer_id', 'int8'],
    ['controller_id', 'int8'],
    ['starts_at', ts],
    ['deadline', ts],
    ['completed_at', ts],
    ['event_id', 'int8'],
    ['client_id', 'int8'],
    ['journal_id', 'int8'],
    ['created_at', ts],
    ['updated_at', ts],
  ]),
} satisfies Record<string, TableSpec>;

/** Rows of several tables, each a flat array of values in its column order. */
export class Batch {
  readonly tables = new Map<TableSpec, unknown[]>();
  values(t: TableSpec): unknown[] {
    let v = this.tables.get(t);
    if (!v) this.tables.set(t, (v = []));
    return v;
  }
  rows(): number {
    let n = 0;
    for (const [t, v] of this.tables) n += v.length / t.columns.length;
    return n;
  }
}

/** A random number in [0, 1) that depends only on (id, salt). */
export function rnd(id: number, salt: number): number {
  let h = Math.imul(id ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(salt + 0x632be5ab, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

const pick = <T>(list: readonly T[], r: number): T => list[Math.floor(r * list.length)]!;
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const iso = (ms: number) => new Date(ms).toISOString();

// ---- tax ids (the same check digits as src/server/modules/clients/tax-id.ts) ----

const weighted = (d: number[], w: readonly number[]) => w.reduce((sum, wi, i) => sum + wi * d[i]!, 0);

function edrpouCheck(d: number[]): number {
  const code = Number(d.join(''));
  const first = code >= 30_000_000 && code <= 60_000_000 ? [7, 1, 2, 3, 4, 5, 6] : [1, 2, 3, 4, 5, 6, 7];
  let r = weighted(d, first) % 11;
  if (r === 10) {
    r =
      weighted(
        d,
        first.map((w) => w + 2),
      ) % 11;
    if (r === 10) r = 0;
  }
  return r;
}

/** A valid ЄДРПОУ, different for every n below 10 000 000 (a permutation of the 7-digit bodies). */
export function edrpou(n: number): string | null {
  const body = String((n * 7919 + 1_234_567) % 10_000_000).padStart(7, '0');
  for (let c = 0; c <= 9; c++) {
    const d = [...body, String(c)].map(Number);
    if (edrpouCheck(d) === c) return d.join('');
  }
  // Only around 60 000 000 may no check digit fit (the weights change with the code itself).
  return null;
}

const RNOKPP_WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
const RNOKPP_SPACE = 200_000_000;

/**
 * A valid РНОКПП, different for every n below 200 000 000: birth day (days since 1899-12-31,
 * 1949…2004) and a serial whose last digit is odd for men.
 */
export function rnokpp(n: number): { code: string; male: boolean } {
  const j = (n * 7919 + 12_345) % RNOKPP_SPACE;
  const body = String(18_000 + Math.floor(j / 10_000)) + String(j % 10_000).padStart(4, '0');
  const d = [...body].map(Number);
  const check = ((((weighted(d, RNOKPP_WEIGHTS) % 11) + 11) % 11) % 10).toString();
  return { code: body + check, male: d[8]! % 2 === 1 };
}

// ---- phones: Ukrainian numbers, unique per phone row ----

const MOBILE_CODES = ['50', '63', '66', '67', '68', '73', '93', '95', '96', '97', '98', '99'];
const AREA_CODES = ['44', '32', '56', '57', '48'];
const PHONE_CODES = [...MOBILE_CODES, ...AREA_CODES];
const SUBSCRIBERS = 8_000_000;
const PHONE_SPACE = PHONE_CODES.length * SUBSCRIBERS;

export interface GeneratedPhone {
  original: string;
  e164: string;
  kind: 'mobile' | 'work';
  /** What phoneSearchTerms() gives for it: as typed, E.164, its digits, the national forms. */
  terms: string[];
}

/** Phone number `k` (unique below PHONE_SPACE), written in one of the ways people write them. */
export function phone(k: number, r: number): GeneratedPhone {
  const n = (k * 7919 + 4321) % PHONE_SPACE;
  const code = PHONE_CODES[Math.floor(n / SUBSCRIBERS)]!;
  const s = String(2_000_000 + (n % SUBSCRIBERS));
  const national = code + s;
  const groups = `${s.slice(0, 3)} ${s.slice(3, 5)} ${s.slice(5)}`;
  const dashed = `${s.slice(0, 3)}-${s.slice(3, 5)}-${s.slice(5)}`;
  const forms = [
    `+380 ${code} ${groups}`,
    `0${code} ${dashed}`,
    `(0${code}) ${dashed}`,
    `+380${national}`,
    `0${national}`,
    `+38 (0${code}) ${groups}`,
  ];
  const original = pick(forms, r);
  const e164 = `+380${national}`;
  return {
    original,
    e164,
    kind: MOBILE_CODES.includes(code) ? 'mobile' : 'work',
    terms: [original, e164, e164.slice(1), national, `0${national}`],
  };
}

/** Every format of `phone()` for one number, for checking them against the app's own parsing. */
export function phoneSamples(k: number): GeneratedPhone[] {
  return [0, 1, 2, 3, 4, 5].map((f) => phone(k, (f + 0.5) / 6));
}

// ---- numbering ----

export interface NumberingPlan {
  /** formatNumber(value, local date) of the app's template, journal code applied. */
  format: (value: number, local: LocalDate) => string;
  periodOf: (local: LocalDate) => string;
  localDate: (date: Date) => LocalDate;
  startValue: number;
  scope: string;
}
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * Numbers documents as numbering.nextNumber would: one counter per period of the template's reset
 * period, the period taken from the date the module passes (events: their start; tasks: now, i.e.
 * their creation). Local dates are computed once per quarter of an hour (time zone offsets are
 * multiples of 15 minutes, so a local day always starts on such a boundary).
 */
export class Numberer {
  private readonly quarters = new Map<number, { local: LocalDate; period: string }>();
  readonly counters = new Map<string, number>();
  constructor(private readonly plan: NumberingPlan) {}

  next(ms: number): string {
    const quarter = Math.floor(ms / 900_000);
    let at = this.quarters.get(quarter);
    if (!at) {
      const local = this.plan.localDate(new Date(quarter * 900_000));
      at = { local, period: this.plan.periodOf(local) };
      this.quarters.set(quarter, at);
    }
    const value = (this.counters.get(at.period) ?? this.plan.startValue - 1) + 1;
    this.counters.set(at.period, value);
    return this.plan.format(value, at.local);
  }
}

// ---- the data set ----

export interface Counts {
  clients: number;
  events: number;
  tasks: number;
}

export function countsFor(scale: number): Counts {
  const n = (full: number) => Math.max(1, Math.round(full * scale));
  return { clients: n(1_000_000), events: n(5_000_000), tasks: n(1_000_000) };
}

export interface TaskStatusIds {
  new: number;
  in_progress: number;
  postponed: number;
  done: number;
  closed: number;
  cancelled: number;
}

export interface Plan {
  now: number;
  counts: Counts;
  adminId: number;
  /** The benchmark users: responsible managers, performers, authors, controllers. */
  userIds: number[];
  eventTypes: { id: number; durationMinutes: number; nameRu: string }[];
  statuses: TaskStatusIds;
  statusNames: Map<number, string>;
  finalStatusIds: Set<number>;
  eventJournalId: number;
  taskJournalId: number;
  /** normalizeSearchText of the app. */
  normalizeSearchText: (text: string) => string;
}

/** What generating a client needs. */
export type ClientPlan = Pick<Plan, 'now' | 'counts' | 'userIds' | 'adminId'>;

/** Clients were created over five years, events and tasks over the last four. */
const CLIENT_SPAN = 5 * YEAR;
const DOC_SPAN = 4 * YEAR;

/** When document `id` of `count` was created: increasing with the id, spread over `span`. */
function createdAt(plan: Pick<Plan, 'now'>, id: number, count: number, span: number, salt: number): number {
  return Math.floor(plan.now - span + ((id - 1 + rnd(id, salt)) * span) / count);
}
/** How many of `count` documents had been created by `ms` (at least 1). */
function createdBy(plan: Plan, ms: number, count: number, span: number): number {
  return Math.min(count, Math.max(1, Math.floor(((ms - (plan.now - span)) / span) * count)));
}

const S = { client: 1000, event: 2000, task: 3000, contact: 4000 };
/** The k-th random number of event / task `id`. */
const er = (id: number, k: number) => rnd(id, S.event + 10 + k);
const tr = (id: number, k: number) => rnd(id, S.task + 10 + k);

function clientCreatedAt(plan: ClientPlan, id: number): number {
  return createdAt(plan, id, plan.counts.clients, CLIENT_SPAN, S.client);
}
function eventCreatedAt(plan: Plan, id: number): number {
  return createdAt(plan, id, plan.counts.events, DOC_SPAN, S.event);
}
function taskCreatedAt(plan: Plan, id: number): number {
  return createdAt(plan, id, plan.counts.tasks, DOC_SPAN, S.task);
}

/** The client of event `id` (older clients have more events), or null (8 %). */
function eventClient(plan: Plan, id: number): number | null {
  if (rnd(id, S.event + 1) < 0.08) return null;
  const known = createdBy(plan, eventCreatedAt(plan, id), plan.counts.clients, CLIENT_SPAN);
  return 1 + Math.floor(rnd(id, S.event + 2) * known);
}

function surname(r1: number, r2: number, male: boolean): string {
  const root = pick(SURNAME_ROOTS, r1);
  const all = SURNAME_ENDINGS.length + SURNAME_GENDERED.length;
  const i = Math.floor(r2 * all);
  if (i < SURNAME_ENDINGS.length) return root + SURNAME_ENDINGS[i]!;
  const [m, f] = SURNAME_GENDERED[i - SURNAME_ENDINGS.length]!;
  return root + (male ? m : f);
}

/** A person's full name (Прізвище Ім'я По батькові). */
export function personName(
  r: (k: number) => number,
  male: boolean,
): { surname: string; first: string; full: string } {
  const last = surname(r(0), r(1), male);
  const first = pick(male ? MALE_NAMES : FEMALE_NAMES, r(2));
  const patronymic = pick(male ? MALE_PATRONYMICS : FEMALE_PATRONYMICS, r(3));
  return { surname: last, first, full: `${last} ${first} ${patronymic}` };
}

export interface GeneratedClient {
  id: number;
  kind: 'organization' | 'person';
  name: string;
  shortName: string;
  taxId: string | null;
  addresses: string;
  phones: GeneratedPhone[];
  emails: string[];
  contact: { name: string; position: string } | null;
  responsibleId: number | null;
  createdBy: number;
  createdAt: number;
}

interface ClientIdentity {
  isPerson: boolean;
  name: string;
  shortName: string;
  /** Persons: the РНОКПП and the name parts the e-mail is made of. */
  person: { tax: { code: string; male: boolean }; first: string; surname: string } | null;
  /** Organisations: the name inside the quotes. */
  word: string;
}

const clientRandom = (id: number) => (k: number) => rnd(id, S.client + 10 + k);

/** Who client `id` is: kind and name (a person's gender follows the tax id made from `taxSeed`). */
function identity(id: number, taxSeed: number): ClientIdentity {
  const r = clientRandom(id);
  if (r(0) < 0.3) {
    const tax = rnokpp(taxSeed);
    const person = personName((k) => r(1 + k), tax.male);
    return {
      isPerson: true,
      name: person.full,
      shortName: '',
      person: { tax, first: person.first, surname: person.surname },
      word: '',
    };
  }
  const word =
    r(1) < 0.15
      ? `${pick(ORG_ADJECTIVES, r(2))} ${pick(ORG_NOUNS, r(3))}`
      : pick(ORG_PREFIXES, r(2)) + pick(ORG_ROOTS, r(3)) + (r(4) < 0.35 ? pick(ORG_SUFFIXES, r(8)) : '');
  return {
    isPerson: false,
    name: `${pick(LEGAL_FORMS, r(9))} «${word}»`,
    shortName: word,
    person: null,
    word,
  };
}

/** The name of seeded client `id`. */
export function clientName(id: number): string {
  return identity(id, id).name;
}

/**
 * Client `id`; its phones are numbers `firstPhone`, `firstPhone + 1`. `taxSeed` picks the tax id
 * (the client id for the seeded set; another range for import files, so they do not collide).
 */
export function client(plan: ClientPlan, id: number, firstPhone: number, taxSeed = id): GeneratedClient {
  const r = clientRandom(id);
  const who = identity(id, taxSeed);
  let taxId: string | null = null;
  let email: string | null = null;
  let contact: GeneratedClient['contact'] = null;
  if (who.person) {
    if (r(5) < 0.85) taxId = who.person.tax.code;
    if (r(6) < 0.7) {
      email = `${latin(who.person.first)}.${latin(who.person.surname)}.${taxSeed.toString(36)}@${pick(EMAIL_DOMAINS, r(7))}`;
    }
  } else {
    if (r(5) < 0.85) taxId = edrpou(taxSeed);
    if (r(6) < 0.75) email = `office.${taxSeed.toString(36)}@${latin(who.word.split(/[ -]/)[0]!)}.com.ua`;
    if (r(10) < 0.25) {
      const c = personName((k) => rnd(id, S.contact + k), r(11) < 0.5);
      contact = { name: `${c.surname} ${c.first}`, position: pick(POSITIONS, r(12)) };
    }
  }
  const phoneCount = r(13) < 0.4 ? 2 : 1;
  const phones = Array.from({ length: phoneCount }, (_, i) => phone(firstPhone + i, r(14 + i)));
  const addresses =
    r(16) < 0.5
      ? JSON.stringify([
          {
            kind: 'legal',
            text: `${pick(CITIES, r(17))}, ${pick(STREETS, r(18))}, ${1 + Math.floor(r(19) * 150)}`,
          },
        ])
      : '[]';
  const responsibleId = r(20) < 0.9 ? pick(plan.userIds, r(21)) : null;
  return {
    id,
    kind: who.isPerson ? 'person' : 'organization',
    name: who.name,
    shortName: who.shortName,
    taxId,
    addresses,
    phones,
    emails: email ? [email] : [],
    contact,
    responsibleId,
    createdBy: r(22) < 0.8 && responsibleId !== null ? responsibleId : plan.adminId,
    createdAt: clientCreatedAt(plan, id),
  };
}

/** The indexed text of a document, as SearchService.indexMany makes it. */
function searchBody(plan: Plan, title: string, terms: (string | null)[]): string {
  return plan.normalizeSearchText(
    [title, ...terms].filter((t): t is string => typeof t === 'string' && t !== '').join('\n'),
  );
}

/** The search entry the clients module writes for a client (see ClientsService.index). */
export function clientSearchEntry(
  plan: Plan,
  c: GeneratedClient,
): { title: string; subtitle: string; body: string } {
  const terms = [
    c.shortName,
    c.taxId,
    ...c.phones.flatMap((p) => p.terms),
    ...c.emails,
    ...(c.contact ? [c.contact.name, c.contact.position] : []),
  ];
  return {
    title: c.name,
    subtitle: [c.taxId, c.shortName].filter(Boolean).join(' · '),
    body: plan.normalizeSearchText(
      [c.name, ...terms].filter((t): t is string => typeof t === 'string' && t !== '').join('\n'),
    ),
  };
}

/** Clients from..to (inclusive) and everything that belongs to them; returns the next phone number. */
export function addClients(plan: Plan, batch: Batch, from: number, to: number, firstPhone: number): number {
  const clients = batch.values(TABLES.clients);
  const contacts = batch.values(TABLES.contacts);
  const phones = batch.values(TABLES.phones);
  const emails = batch.values(TABLES.emails);
  const search = batch.values(TABLES.search);
  const history = batch.values(TABLES.history);
  let k = firstPhone;
  for (let id = from; id <= to; id++) {
    const c = client(plan, id, k);
    k += c.phones.length;
    const at = iso(c.createdAt);
    clients.push(
      c.id,
      c.kind,
      c.name,
      c.shortName,
      c.taxId,
      c.addresses,
      c.responsibleId,
      c.createdBy,
      at,
      at,
    );
    if (c.contact) contacts.push(id, c.contact.name, c.contact.position, at, at);
    c.phones.forEach((p, i) => phones.push(id, p.e164, p.original, p.kind, i));
    c.emails.forEach((e, i) => emails.push(id, e.toLowerCase(), e, i));
    const entry = clientSearchEntry(plan, c);
    search.push('client', id, entry.title, entry.subtitle, entry.body, at);
    history.push('client', id, 'create', c.createdBy, at);
  }
  return k;
}

export function addEvents(plan: Plan, batch: Batch, from: number, to: number, numbers: Numberer): void {
  const events = batch.values(TABLES.events);
  const search = batch.values(TABLES.search);
  const history = batch.values(TABLES.history);
  const users = plan.userIds;
  for (let id = from; id <= to; id++) {
    const created = eventCreatedAt(plan, id);
    const type = pick(plan.eventTypes, er(id, 0));
    // Most events are logged when (or just after) they happen; some are planned ahead.
    const starts =
      er(id, 1) < 0.7
        ? created - Math.floor(er(id, 2) * DAY)
        : created + 3_600_000 + Math.floor(er(id, 2) * 30 * DAY);
    const status =
      starts > plan.now ? 'planned' : er(id, 3) < 0.85 ? 'done' : er(id, 3) < 0.93 ? 'cancelled' : 'planned';
    const performer = pick(users, er(id, 4));
    const createdBy = er(id, 5) < 0.8 ? performer : pick(users, er(id, 6));
    const at = iso(created);
    const number = numbers.next(starts);
    const subject = pick(EVENT_SUBJECTS, er(id, 7));
    const clientId = eventClient(plan, id);
    const description = er(id, 8) < 0.3 ? pick(EVENT_DESCRIPTIONS, er(id, 9)) : '';
    events.push(
      id,
      number,
      type.id,
      subject,
      iso(starts),
      type.durationMinutes > 0 ? iso(starts + type.durationMinutes * 60_000) : null,
      status,
      clientId,
      plan.eventJournalId,
      performer,
      description,
      status === 'done' && er(id, 10) < 0.5 ? pick(EVENT_RESULTS, er(id, 11)) : '',
      createdBy,
      at,
      at,
    );
    // As EventsService indexes an event: subject; number and type; number, client, description.
    const terms = [number, clientId === null ? null : clientName(clientId), description];
    search.push('event', id, subject, `${number} · ${type.nameRu}`, searchBody(plan, subject, terms), at);
    history.push('event', id, 'create', createdBy, at);
  }
}

const PRIORITIES: [string, number][] = [
  ['low', 0.15],
  ['normal', 0.75],
  ['high', 0.95],
  ['urgent', 1],
];

/** Old tasks are mostly finished; recent ones mostly open. Cumulative shares. */
function taskStatus(s: TaskStatusIds, old: boolean, r: number): number {
  const shares: [number, number][] = old
    ? [
        [s.closed, 0.7],
        [s.cancelled, 0.78],
        [s.done, 0.85],
        [s.in_progress, 0.93],
        [s.new, 0.97],
        [s.postponed, 1],
      ]
    : [
        [s.new, 0.3],
        [s.in_progress, 0.65],
        [s.postponed, 0.7],
        [s.done, 0.8],
        [s.closed, 0.97],
        [s.cancelled, 1],
      ];
  return shares.find(([, upTo]) => r < upTo)![0];
}

export function addTasks(plan: Plan, batch: Batch, from: number, to: number, numbers: Numberer): void {
  const tasks = batch.values(TABLES.tasks);
  const search = batch.values(TABLES.search);
  const history = batch.values(TABLES.history);
  const users = plan.userIds;
  for (let id = from; id <= to; id++) {
    const created = taskCreatedAt(plan, id);
    const statusId = taskStatus(plan.statuses, plan.now - created > 60 * DAY, tr(id, 0));
    const eventId =
      tr(id, 1) < 0.25
        ? 1 + Math.floor(tr(id, 2) * createdBy(plan, created, plan.counts.events, DOC_SPAN))
        : null;
    const clientId =
      eventId !== null
        ? eventClient(plan, eventId)
        : tr(id, 3) < 0.6
          ? 1 + Math.floor(tr(id, 4) * createdBy(plan, created, plan.counts.clients, CLIENT_SPAN))
          : null;
    const author = pick(users, tr(id, 5));
    const deadline = tr(id, 6) < 0.85 ? created + (1 + Math.floor(tr(id, 7) * 30)) * DAY : null;
    const completed = plan.finalStatusIds.has(statusId)
      ? Math.min(
          plan.now,
          created + Math.floor(tr(id, 8) * ((deadline ?? created + 14 * DAY) - created + 3 * DAY)),
        )
      : null;
    const at = iso(created);
    const number = numbers.next(created);
    const title = pick(TASK_TITLES, tr(id, 9));
    const description = tr(id, 10) < 0.4 ? pick(TASK_DESCRIPTIONS, tr(id, 11)) : '';
    tasks.push(
      id,
      number,
      title,
      description,
      statusId,
      PRIORITIES.find(([, upTo]) => tr(id, 12) < upTo)![0],
      author,
      tr(id, 13) < 0.95 ? pick(users, tr(id, 14)) : null,
      tr(id, 15) < 0.3 ? pick(users, tr(id, 16)) : null,
      tr(id, 17) < 0.5 ? at : null,
      deadline === null ? null : iso(deadline),
      completed === null ? null : iso(completed),
      eventId,
      clientId,
      plan.taskJournalId,
      at,
      iso(completed ?? created),
    );
    // As TasksService indexes a task: title; number and status; number, description.
    const subtitle = `${number} · ${plan.statusNames.get(statusId) ?? ''}`;
    search.push('task', id, title, subtitle, searchBody(plan, title, [number, description]), at);
    history.push('task', id, 'create', author, at);
  }
}
