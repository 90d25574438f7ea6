import { Navigate, Route, Routes } from 'react-router';
import { LoginPage } from '../modules/auth/LoginPage.js';
import { RequireAdmin, RequireAuth } from '../modules/auth/RequireAuth.js';
import { MailServersPage } from '../modules/admin/MailServersPage.js';
import { EmployeesPage } from '../modules/employees/EmployeesPage.js';
import { ProfilePage } from '../modules/profile/ProfilePage.js';
import { RolesPage } from '../modules/roles/RolesPage.js';
import { UsersPage } from '../modules/users/UsersPage.js';
import { SettingsPage } from '../modules/settings/SettingsPage.js';
import { ClientsPage } from '../modules/clients/ClientsPage.js';
import { ProjectsPage } from '../modules/projects/ProjectsPage.js';
import { EventsPage } from '../modules/events/EventsPage.js';
import { TasksPage } from '../modules/tasks/TasksPage.js';
import { DataAccessPage } from '../modules/access/DataAccessPage.js';
import { MailPage } from '../modules/mail/MailPage.js';
import { UNKNOWN_NUMBERS_PATH, UnknownNumbersPage } from '../modules/telephony/UnknownNumbersPage.js';
import { NotificationsPage } from '../modules/notifications/NotificationsPage.js';
import { WEBHOOKS_PATH, WebhooksPage } from '../modules/webhooks/WebhooksPage.js';
import { QueuePage } from '../modules/queue/QueuePage.js';
import { KioskPage } from '../modules/queue/kiosk/KioskPage.js';
import { BoardPage } from '../modules/queue/board/BoardPage.js';
import { MainLayout } from './layout/MainLayout.js';
import { HOME_PATH } from './layout/navigation.js';
import { NotFoundPage } from './NotFoundPage.js';

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      {/* Queue devices: no sign-in, the device's token is in the address. */}
      <Route path="/queue/kiosk" element={<KioskPage />} />
      <Route path="/queue/board" element={<BoardPage />} />
      <Route
        element={
          <RequireAuth>
            <MainLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to={HOME_PATH} replace />} />
        <Route path="/settings" element={<SettingsPage />} />
        {/* Each card file owns its sub-pages (list, card, board…) under its path. */}
        <Route path="/clients/*" element={<ClientsPage />} />
        <Route path="/projects/*" element={<ProjectsPage />} />
        <Route path="/events/*" element={<EventsPage />} />
        <Route path="/tasks/*" element={<TasksPage />} />
        <Route path="/mail/*" element={<MailPage />} />
        <Route path={UNKNOWN_NUMBERS_PATH} element={<UnknownNumbersPage />} />
        <Route path="/profile" element={<ProfilePage />} />
        <Route path="/notifications" element={<NotificationsPage />} />
        <Route path="/queue/*" element={<QueuePage />} />
        <Route element={<RequireAdmin />}>
          <Route path="/data-access" element={<DataAccessPage />} />
          <Route path="/admin/users" element={<UsersPage />} />
          <Route path="/admin/roles" element={<RolesPage />} />
          <Route path="/admin/employees" element={<EmployeesPage />} />
          <Route path="/admin/mail-servers" element={<MailServersPage />} />
          <Route path={WEBHOOKS_PATH} element={<WebhooksPage />} />
        </Route>
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
