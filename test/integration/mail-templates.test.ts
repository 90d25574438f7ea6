import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app.js';
import { fieldErrors } from '../support/access.js';

/** Letter templates through the HTTP API: keeping them, who may, and filling in the placeholders. */

interface Template {
  id: number;
  name: string;
  subject: string;
  html: string;
  isActive: boolean;
  updatedAt: string;
}

describe('mail templates', () => {
  let t: TestApp;
  /** Default role: sees and changes every document, no settings areas. */
  let plain: Client;
  let keeper: Client;
  let client: { id: number; contacts: { id: number }[] };
  let projectId: number;
  let projectNumber: string;
  let taskNumber: string;
  let taskId: number;
  let template: Template;

  const user = async (login: string, roleIds?: number[]) => {
    const res = await t.admin.post('/api/v1/users', {
      login,
      fullName: `Менеджер ${login}`,
      password: `${login}-password-1`,
      ...(roleIds && { roleIds }),
    });
    expect(res.statusCode, res.body).toBe(201);
    return { id: res.json<{ id: number }>().id, client: await t.login(login, `${login}-password-1`) };
  };

  beforeAll(async () => {
    t = await createTestApp();
    plain = (await user('plain')).client;
    const k = await user('keeper');
    keeper = k.client;
    const grant = await t.admin.put(`/api/v1/access/user/${k.id}`, { areas: { mail: 'write' } });
    expect(grant.statusCode, grant.body).toBe(200);
    const c = await t.admin.post('/api/v1/clients', {
      name: 'ООО «Рога & Копыта» <b>',
      contacts: [{ name: 'Ольга', emails: ['olga@rk.test'] }],
    });
    expect(c.statusCode, c.body).toBe(201);
    client = c.json();
    const p = await t.admin.post('/api/v1/projects', { name: 'Сайт', kind: 'external', clientId: client.id });
    expect(p.statusCode, p.body).toBe(201);
    projectId = p.json<{ id: number }>().id;
    projectNumber = p.json<{ number: string }>().number;
    const task = await t.admin.post('/api/v1/tasks', { title: 'Макет', projectId });
    expect(task.statusCode, task.body).toBe(201);
    taskId = task.json<{ id: number }>().id;
    taskNumber = task.json<{ number: string }>().number;
  });

  afterAll(async () => {
    await t?.close();
  });

  it('a mail settings holder creates, changes and deletes templates; each change is logged', async () => {
    const created = await keeper.post('/api/v1/mail/templates', {
      name: 'Коммерческое предложение',
      subject: 'Предложение по проекту {{project.number}} для {{client.name}}',
      html: '<p>Здравствуйте, {{ contact.name }}!</p><script>alert(1)</script><p>{{task.number}} {{task.title}} {{unknown.thing}}</p><p>{{user.name}}, {{date}}</p><p>{{client.name}}</p>',
    });
    expect(created.statusCode, created.body).toBe(201);
    template = created.json<Template>();
    expect(template).toMatchObject({ name: 'Коммерческое предложение', isActive: true });
    expect(template.html).not.toContain('script');
    expect(template.html).toContain('{{ contact.name }}');

    const draft = await keeper.post('/api/v1/mail/templates', { name: 'Черновик', isActive: false });
    expect(draft.statusCode, draft.body).toBe(201);
    const renamed = await keeper.patch(`/api/v1/mail/templates/${draft.json<Template>().id}`, {
      name: 'Черновик 2',
    });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Черновик 2', isActive: false });
    expect(fieldErrors(await keeper.post('/api/v1/mail/templates', { name: ' ' }), 400)).toEqual([
      ['name', 'too_small'],
    ]);

    // Everyone sees the active ones; all of them only with the mail area.
    const names = (res: { json: () => unknown }) => (res.json() as Template[]).map((x) => x.name);
    expect(names(await plain.get('/api/v1/mail/templates'))).toEqual(['Коммерческое предложение']);
    const all = await plain.get('/api/v1/mail/templates?all=true');
    expect(all.statusCode).toBe(403);
    expect(all.json().error.code).toBe('mail_template_list_forbidden');
    expect(names(await keeper.get('/api/v1/mail/templates?all=true'))).toEqual([
      'Коммерческое предложение',
      'Черновик 2',
    ]);
    expect(names(await t.admin.get('/api/v1/mail/templates?all=true'))).toHaveLength(2);

    const removed = await keeper.delete(`/api/v1/mail/templates/${draft.json<Template>().id}`);
    expect(removed.statusCode, removed.body).toBe(200);
    expect((await keeper.delete(`/api/v1/mail/templates/${draft.json<Template>().id}`)).statusCode).toBe(404);
    expect((await keeper.patch('/api/v1/mail/templates/987654321', { name: 'x' })).statusCode).toBe(404);

    const log = await t.admin.get('/api/v1/settings/changes?entity=mail_template');
    expect(log.statusCode, log.body).toBe(200);
    const entries = log.json<{
      items: { action: string; entityId: string; changes: Record<string, unknown> }[];
    }>().items;
    expect(entries.map((e) => [e.action, e.entityId])).toEqual([
      ['delete', String(draft.json<Template>().id)],
      ['update', String(draft.json<Template>().id)],
      ['create', String(draft.json<Template>().id)],
      ['create', String(template.id)],
    ]);
    expect(entries[1]!.changes).toEqual({ name: { old: 'Черновик', new: 'Черновик 2' } });
  });

  it('without the mail area templates cannot be changed', async () => {
    expect((await plain.post('/api/v1/mail/templates', { name: 'Моё' })).statusCode).toBe(403);
    expect((await plain.patch(`/api/v1/mail/templates/${template.id}`, { name: 'Моё' })).statusCode).toBe(
      403,
    );
    expect((await plain.delete(`/api/v1/mail/templates/${template.id}`)).statusCode).toBe(403);
    const reader = await user('reader');
    await t.admin.put(`/api/v1/access/user/${reader.id}`, { areas: { mail: 'read' } });
    expect((await reader.client.post('/api/v1/mail/templates', { name: 'Моё' })).statusCode).toBe(403);
    expect((await reader.client.get('/api/v1/mail/templates?all=true')).statusCode).toBe(200);
    expect((await t.anonymous.get('/api/v1/mail/templates')).statusCode).toBe(401);
  });

  it('renders the placeholders from the documents, escaped in the HTML, plain in the subject', async () => {
    const res = await plain.post(`/api/v1/mail/templates/${template.id}/render`, {
      taskId,
      contactId: client.contacts[0]!.id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { subject, html } = res.json<{ subject: string; html: string }>();
    // The task lends its project, the project its client.
    expect(subject).toBe(`Предложение по проекту ${projectNumber} для ООО «Рога & Копыта» <b>`);
    expect(html).toContain('<p>Здравствуйте, Ольга!</p>');
    expect(html).toContain(`<p>${taskNumber} Макет {{unknown.thing}}</p>`);
    expect(html).toMatch(/<p>Менеджер plain, \d{2}\.\d{2}\.\d{4}<\/p>/);
    expect(html).not.toContain('<b>');

    expect(html).toContain('<p>ООО «Рога &amp; Копыта» &lt;b&gt;</p>');

    // Only a client: the project's placeholders are empty.
    const byClient = await plain.post(`/api/v1/mail/templates/${template.id}/render`, {
      clientId: client.id,
    });
    expect(byClient.json<{ subject: string }>().subject).toBe(
      'Предложение по проекту  для ООО «Рога & Копыта» <b>',
    );
    const byProject = await plain.post(`/api/v1/mail/templates/${template.id}/render`, { projectId });
    expect(byProject.json<{ subject: string }>().subject).toBe(subject);
  });

  it('a document the user may not read is not found; an inactive template only for the mail area', async () => {
    const blind = await user('blind', []);
    const render = (c: Client, body: Record<string, unknown>) =>
      c.post(`/api/v1/mail/templates/${template.id}/render`, body);
    expect((await render(blind.client, { clientId: client.id })).statusCode).toBe(404);
    expect((await render(blind.client, { projectId })).statusCode).toBe(404);
    expect((await render(blind.client, { taskId })).statusCode).toBe(404);
    expect((await render(blind.client, {})).statusCode).toBe(200);
    expect((await plain.post('/api/v1/mail/templates/987654321/render', {})).statusCode).toBe(404);

    const off = await keeper.patch(`/api/v1/mail/templates/${template.id}`, { isActive: false });
    expect(off.statusCode, off.body).toBe(200);
    expect((await render(plain, {})).statusCode).toBe(404);
    expect((await render(keeper, {})).statusCode).toBe(200);
  });

  it('sanitises the filled template: a value cannot make a javascript: link', async () => {
    const c = await t.admin.post('/api/v1/clients', { name: 'javascript:alert(1)' });
    expect(c.statusCode, c.body).toBe(201);
    const created = await keeper.post('/api/v1/mail/templates', {
      name: 'Ссылка на клиента',
      html: '<p><a href="{{client.name}}">Сайт</a> <img src="{{ client.name }}" alt="лого"></p>',
    });
    expect(created.statusCode, created.body).toBe(201);
    const res = await plain.post(`/api/v1/mail/templates/${created.json<Template>().id}/render`, {
      clientId: c.json<{ id: number }>().id,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { html } = res.json<{ html: string }>();
    expect(html).not.toMatch(/javascript/i);
    expect(html).toContain('>Сайт</a>');
    expect(html).toContain('alt="лого"');
  });
});
