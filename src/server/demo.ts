import type { Services } from './services.js';
import { generatePassword } from './security/passwords.js';

/**
 * Demo records for trying Kartoteka out (`kartoteka demo`, `npm start` on an empty database).
 * Each module adds its own records here; running it twice adds nothing the second time.
 */
export async function loadDemo(
  services: Services,
): Promise<{ created: boolean; password: string | null; logins: string[] }> {
  if ((await services.users.findIdByLogin('ivanova')) !== null)
    return { created: false, password: null, logins: [] };

  const roles = await services.roles.list();
  const roleId = async (code: string, name: string, description: string) =>
    roles.find((r) => r.code === code)?.id ?? (await services.roles.create({ code, name, description })).id;
  const managerRole = await roleId('manager', 'Менеджер', 'Ведёт клиентов, события и задачи');
  const operatorRole = await roleId(
    'operator',
    'Оператор',
    'Принимает звонки и обслуживает электронную очередь',
  );

  const people = [
    {
      fullName: 'Иванова Мария Петровна',
      position: 'Менеджер по продажам',
      department: 'Отдел продаж',
      email: 'ivanova@example.com',
      phones: ['+380 44 123 45 67'],
      login: 'ivanova',
      role: managerRole,
    },
    {
      fullName: 'Петренко Олег Васильевич',
      position: 'Руководитель проектов',
      department: 'Отдел проектов',
      email: 'petrenko@example.com',
      phones: ['+380 44 123 45 68'],
      login: 'petrenko',
      role: managerRole,
    },
    {
      fullName: 'Сидорова Анна Игоревна',
      position: 'Оператор call-центра',
      department: 'Call-центр',
      email: 'sidorova@example.com',
      phones: ['+380 44 123 45 69'],
      login: 'sidorova',
      role: operatorRole,
    },
    {
      fullName: 'Коваленко Дмитрий Сергеевич',
      position: 'Бухгалтер',
      department: 'Бухгалтерия',
      email: 'kovalenko@example.com',
      phones: [],
      login: null,
      role: null,
    },
  ];
  const password = generatePassword();
  const logins: string[] = [];
  for (const p of people) {
    const emp = await services.employees.create({
      fullName: p.fullName,
      position: p.position,
      department: p.department,
      email: p.email,
      phones: p.phones,
    });
    if (p.login && p.role) {
      await services.users.create({
        login: p.login,
        fullName: p.fullName,
        password,
        employeeId: emp.id,
        roleIds: [p.role],
      });
      logins.push(p.login);
    }
  }
  return { created: true, password, logins };
}
