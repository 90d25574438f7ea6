import type { Services } from './services.js';
import { createTaskRequest } from '../shared/schemas/tasks.js';
import { SYSTEM_VIEWER } from './modules/access/viewer.js';

const HOUR = 3_600_000;

/**
 * Something in the administrator's bell on the first sign-in: a manager assigns a task to the
 * administrator and an operator comments on it. Notifications arise as they would in use (from
 * the task's changes, never the actor's own); e-mail stays off until a system sender is set.
 */
export async function loadNotificationsDemo(
  services: Services,
  userIds: Record<string, number>,
  adminId: number,
): Promise<void> {
  const manager = userIds.ivanova;
  const operator = userIds.petrenko;
  if (manager === undefined || operator === undefined) return;
  const inProgress = (await services.referenceBooks.taskStatuses.list({})).find(
    (s) => s.code === 'in_progress',
  );
  const task = await services.tasks.create(
    createTaskRequest.parse({
      statusId: inProgress?.id,
      title: 'Настроить оповещения и системного отправителя',
      description:
        'Настройка → Параметры → Оповещение: кому и как сообщать о задачах, событиях и проектах. ' +
        'Администратор → Рассылка: адрес, с которого уходят письма-уведомления.',
      performerId: adminId,
      controllerId: manager,
      deadline: new Date(Date.now() + 30 * HOUR).toISOString(),
    }),
    manager,
    SYSTEM_VIEWER,
  );
  await services.tasks.addComment(
    task.id,
    'Прошу включить e-mail для просроченных задач — операторы работают не всегда у компьютера.',
    operator,
    SYSTEM_VIEWER,
  );
}
