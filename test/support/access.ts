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
