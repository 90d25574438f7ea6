import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { ClientCardPage } from './ClientCardPage.js';
import { ClientListPage } from './ClientListPage.js';
import { ClientNewPage } from './ClientNewPage.js';
import { ClientImportPage } from './import/ClientImportPage.js';

/** /clients: the list, /clients/new, /clients/import and the card /clients/:id. */
export function ClientsPage() {
  return (
    <Routes>
      <Route index element={<ClientListPage />} />
      <Route path="new" element={<ClientNewPage />} />
      <Route path="import" element={<ClientImportPage />} />
      <Route path=":id" element={<ClientCardPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
