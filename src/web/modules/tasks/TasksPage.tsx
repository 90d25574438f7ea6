import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { TaskBoardPage } from './TaskBoardPage.js';
import { TaskCardPage } from './TaskCardPage.js';
import { MyTasksPage, TaskListPage } from './TaskListPage.js';
import { TaskNewPage } from './TaskNewPage.js';

/** /tasks: the list, /tasks/my, /tasks/board, /tasks/new and the card /tasks/:id. */
export function TasksPage() {
  return (
    <Routes>
      <Route index element={<TaskListPage />} />
      <Route path="my" element={<MyTasksPage />} />
      <Route path="board" element={<TaskBoardPage />} />
      <Route path="new" element={<TaskNewPage />} />
      <Route path=":id" element={<TaskCardPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
