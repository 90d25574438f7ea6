import { Route, Routes } from 'react-router';
import { NotFoundPage } from '../../app/NotFoundPage.js';
import { EventCalendarPage } from './EventCalendarPage.js';
import { EventCardPage } from './EventCardPage.js';
import { EventListPage } from './EventListPage.js';
import { EventNewPage } from './EventNewPage.js';

/** /events: the list, /events/new, /events/calendar and the card /events/:id. */
export function EventsPage() {
  return (
    <Routes>
      <Route index element={<EventListPage />} />
      <Route path="new" element={<EventNewPage />} />
      <Route path="calendar" element={<EventCalendarPage />} />
      <Route path=":id" element={<EventCardPage />} />
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
