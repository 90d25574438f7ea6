import { expect } from 'vitest';
import type { TestApp } from './app.js';

/**
 * A user with no roles (no rights until granted), signed in; with an employee card in
 * `department` when one is given (the "department" level reads it).
 */
export async function rightlessUser(t: TestApp, login: string, fullName: string, department?: string) {
  const employeeId =
    department === undefined ? null : (await t.services.employees.create({ fullName, department })).id;
  const u = await t.services.users.create({
    login,
    fullName,
    password: `${login}-password-1`,
    roleIds: [],
    employeeId,
  });
  return { id: u.id, client: await t.login(login, `${login}-password-1`) };
}

/** Sets a user's own access settings as the administrator (PUT /api/v1/access/user/:id). */
export async function grantAccess(t: TestApp, userId: number, body: Record<string, unknown>) {
  const res = await t.admin.put(`/api/v1/access/user/${userId}`, body);
  expect(res.statusCode, res.body).toBe(200);
}

/** Creates a journal (as the administrator) under `parentId`, named after its code in ru/uk/en. */
export async function childJournal(t: TestApp, code: string, parentId: number): Promise<number> {
  const res = await t.admin.post('/api/v1/settings/journals', {
    code,
    nameRu: code,
    nameUk: `${code} (uk)`,
    nameEn: `${code} (en)`,
    parentId,
  });
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: number }).id;
}

/** The `[path, code]` pairs of an error answer with `status`. */
export function fieldErrors(res: { statusCode: number; body: string; json: () => unknown }, status: number) {
  expect(res.statusCode, res.body).toBe(status);
  return (
    res.json() as { error: { details: { fields: { path: string; code: string }[] } } }
  ).error.details.fields.map((f) => [f.path, f.code]);
}
