import { Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { MailTemplatesPage } from './MailTemplatesPage.js';
import { UnsortedMailPage } from './UnsortedMailPage.js';

/** /mail: «Неразобранные» (/mail/unsorted) and the letter templates (/mail/templates). */
export function MailPage() {
  return (
    <Routes>
      <Route index element={<Navigate to="unsorted" replace />} />
      <Route path="unsorted" element={<UnsortedMailPage />} />
      <Route path="templates" element={<MailTemplatesPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
