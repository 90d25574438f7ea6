import type { CalcDocType, CalcTrigger } from '../../../shared/schemas/calculations.js';

/** The calculations shipped with Kartoteka, inserted disabled by the migration. */
export interface ShippedExample {
  key: string;
  name: string;
  docType: CalcDocType;
  trigger: CalcTrigger;
  position: number;
  code: string;
}

export const SHIPPED_EXAMPLES: readonly ShippedExample[] = [
  {
    key: 'task_result_comment',
    name: 'Задача: завершение только с комментарием о результате',
    docType: 'task',
    trigger: 'status_change',
    position: 10,
    code: `// A task enters a final status only once someone has written what came of it.
if (doc.status.isFinal && (prev === null || !prev.status.isFinal)) {
  const comments = await find('taskComments', { taskId: doc.id });
  if (comments.length === 0) {
    reject('Перед завершением задачи добавьте комментарий с результатом', 'statusId');
  }
}
`,
  },
  {
    key: 'missed_call_callback',
    name: 'Пропущенный звонок: задача «Перезвонить»',
    docType: 'event',
    trigger: 'after_save',
    position: 10,
    code: `// A missed incoming call leaves the employee it was for a task to call back.
if (action === 'created' && doc.type.code === 'missed_incoming_call' && doc.performerId !== null) {
  createTask({
    title: 'Перезвонить: ' + (doc.client ? doc.client.name : doc.subject),
    performerId: doc.performerId,
    clientId: doc.clientId,
    eventId: doc.id,
    deadline: new Date(Date.now() + 2 * 3600 * 1000).toISOString(),
  });
}
`,
  },
  {
    key: 'project_progress',
    name: 'Проект: прогресс по задачам',
    docType: 'task',
    trigger: 'after_save',
    position: 10,
    code: `// A project's progress is the share of its tasks in a final status.
// find() sees only the tasks the saving user may read (at most 500): a user who sees a part of
// the project's tasks sets the progress of that part. Use it where whoever saves tasks sees
// all of a project's tasks.
const projectIds = [...new Set([doc.projectId, prev && prev.projectId].filter((id) => id !== null))];
for (const projectId of projectIds) {
  const tasks = await find('tasks', { projectId });
  const done = tasks.filter((t) => t.status.isFinal).length;
  update('project', projectId, { progressPercent: tasks.length ? Math.round((100 * done) / tasks.length) : null });
}
`,
  },
];
