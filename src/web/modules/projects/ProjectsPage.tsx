import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ProjectCardPage } from './ProjectCardPage.js';
import { ProjectListPage } from './ProjectListPage.js';
import { ProjectNewPage } from './ProjectNewPage.js';

/** /projects: the list, /projects/new and the card /projects/:id. */
export function ProjectsPage() {
  return (
    <Routes>
      <Route index element={<ProjectListPage />} />
      <Route path="new" element={<ProjectNewPage />} />
      <Route path=":id" element={<ProjectCardPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
