import type { App } from '../../http/types.js';
import type { Services } from '../../services.js';
import { caller } from '../../http/access.js';
import { errorResponses } from '../../http/errors.js';
import { requestLocale } from '../../http/locale.js';
import {
  markReadRequest,
  notificationListQuery,
  notificationPage,
  notificationPreferences,
  notificationRules,
  unreadCount,
  updateNotificationPreferencesRequest,
  updateNotificationRulesRequest,
} from '../../../shared/schemas/notifications.js';

/**
 * Настройка → Параметры → Оповещение (the rules), each user's own choices, and the caller's
 * notifications (the bell). A user reads and marks only their own.
 */
export function notificationsRoutes(app: App, services: Services): void {
  app.get(
    '/api/v1/settings/notifications',
    {
      config: { access: { area: 'parameters', mode: 'read' } },
      schema: {
        tags: ['settings'],
        summary: 'The notification rules (every trigger), stale entries, and whether e-mail can be sent',
        response: { 200: notificationRules, ...errorResponses },
      },
    },
    async () => services.notificationRules.get(),
  );
  app.put(
    '/api/v1/settings/notifications',
    {
      config: { access: { area: 'parameters', mode: 'write' } },
      schema: {
        tags: ['settings'],
        summary: 'Replace the rules of the triggers given',
        body: updateNotificationRulesRequest,
        response: { 200: notificationRules, ...errorResponses },
      },
    },
    async (req) => services.notificationRules.update(req.body, caller(req).user.id),
  );

  app.get(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's notification choices (per trigger and channel) and e-mail mode",
        response: { 200: notificationPreferences, ...errorResponses },
      },
    },
    async (req) => services.notificationPreferences.get(caller(req).user.id),
  );
  app.put(
    '/api/v1/me/notification-preferences',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary:
          'Change the caller’s choices (omitted fields keep their value); turning off a mandatory trigger is 409 notification_mandatory',
        body: updateNotificationPreferencesRequest,
        response: { 200: notificationPreferences, ...errorResponses },
      },
    },
    async (req) => services.notificationPreferences.update(caller(req).user.id, req.body),
  );

  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: "The caller's notifications, newest first (keyset pages; unread=true for unread only)",
        querystring: notificationListQuery,
        response: { 200: notificationPage, ...errorResponses },
      },
    },
    async (req) => services.notifications.list(caller(req).user.id, req.query, requestLocale(req)),
  );
  app.get(
    '/api/v1/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: "How many of the caller's notifications are unread (the bell)",
        response: { 200: unreadCount, ...errorResponses },
      },
    },
    async (req) => ({ unread: await services.notifications.unreadCount(caller(req).user.id) }),
  );
  app.post(
    '/api/v1/notifications/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: "Mark some ({ ids }) or all ({ all: true }) of the caller's notifications read",
        body: markReadRequest,
        response: { 200: unreadCount, ...errorResponses },
      },
    },
    async (req) => ({ unread: await services.notifications.markRead(caller(req).user.id, req.body) }),
  );
}
