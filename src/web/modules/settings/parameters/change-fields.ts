import { useTranslation } from 'react-i18next';
import type { SettingsChange } from '../../../../shared/schemas/settings-changes.js';
import { RECIPIENT_ROLES, type RecipientRole } from '../../../../shared/schemas/notifications.js';
import { WEBHOOK_ACTIONS, type WebhookAction } from '../../../../shared/schemas/webhooks.js';
import { DOC_TYPES, type DocType } from '../../../../shared/schemas/card-files.js';
import { DEVICE_KINDS, type DeviceKind } from '../../../../shared/schemas/queue.js';
import { useUserDirectory } from '../../../shared/pickers/UserSelect.js';
import { useQueueServices, useQueueWindows } from '../../queue/setup/setup.api.js';
import { useBook } from '../books/books.api.js';
import { useEntryName } from '../books/BookEntryName.js';

/** Flags that only say something happened (a password or secret replaced): shown as their label alone. */
const EVENT_FIELDS = new Set(['isPasswordReplaced', 'isSecretRotated']);

const isOneOf = <T extends string>(list: readonly T[], value: unknown): value is T =>
  (list as readonly unknown[]).includes(value);

const ids = (value: unknown): number[] | null =>
  Array.isArray(value) && value.every((v) => typeof v === 'number') ? value : null;

export interface ChangeFields {
  /** The field's name in the UI language (its API name when unknown). */
  label: (change: SettingsChange, field: string) => string;
  /** A value of the field in the UI language. */
  value: (change: SettingsChange, field: string, value: unknown) => string;
  /** The field only marks an event: its label says it all. */
  isEvent: (field: string) => boolean;
  /**
   * The name of a queue's window, queue or device the entry is about, in the UI language: as the
   * entry has it (created, renamed, deleted), else as the current list has it; null when unknown.
   */
  queueEntityName: (change: SettingsChange) => string | null;
}

/**
 * Names and values of the change log's fields: codes, ids and minutes turned into what the
 * settings screens show (role names, status and user names, hours and minutes).
 */
export function useChangeFields(): ChangeFields {
  const { t } = useTranslation();
  const statuses = useBook('task-statuses');
  const users = useUserDirectory();
  const entryName = useEntryName();
  const queueServices = useQueueServices();
  const queueWindows = useQueueWindows();

  const general: Record<string, string> = {
    position: t('settingsParameters.position'),
    phone: t('settingsParameters.phone'),
    sipNumber: t('settingsParameters.sipNumber'),
    isPhoneAutostart: t('settingsParameters.isPhoneAutostart'),
    isCorporateMail: t('settingsParameters.isCorporateMail'),
    isTelephonyStatuses: t('settingsParameters.isTelephonyStatuses'),
    isCallPopup: t('settingsParameters.isCallPopup'),
    isNotificationSound: t('settingsParameters.isNotificationSound'),
    isLoadingEnabled: t('settingsParameters.isLoadingEnabled'),
    sourcePath: t('settingsParameters.sourcePath'),
    minNumberLength: t('settingsParameters.minNumberLength'),
    pollIntervalSeconds: t('settingsParameters.pollIntervalSeconds'),
  };
  const byEntity: Record<string, Record<string, string>> = {
    notification_rule: {
      isEnabled: t('notifications.fields.isEnabled'),
      recipients: t('notifications.fields.recipients'),
      inApp: `${t('notifications.rules.channels')}: ${t('notifications.fields.inApp')}`,
      email: `${t('notifications.rules.channels')}: ${t('notifications.fields.email')}`,
      isMandatory: t('notifications.fields.isMandatory'),
      // The value is shown in hours and minutes, so the label names no unit.
      leadMinutes: t('notifications.rules.lead'),
      statusIds: t('notifications.fields.statusIds'),
      userIds: t('notifications.fields.userIds'),
    },
    system_sender: {
      address: t('systemMail.sender.address'),
      name: t('systemMail.sender.name'),
      isPasswordSet: t('systemMail.sender.passwordSet'),
      isPasswordReplaced: t('settingsParameters.log.passwordReplaced'),
    },
    webhook: {
      name: t('webhooks.name'),
      url: t('webhooks.url'),
      events: t('webhooks.events'),
      docTypes: t('webhooks.docTypes'),
      isActive: t('webhooks.isActive'),
      isSecretRotated: t('settingsParameters.log.secretReplaced'),
    },
    queue_window: {
      name: t('queue.setup.windows.name'),
      isActive: t('queue.setup.windows.isActive'),
      sortOrder: t('queue.setup.windows.sortOrder'),
    },
    queue_service: {
      nameRu: t('queue.setup.serviceFields.nameRu'),
      nameUk: t('queue.setup.serviceFields.nameUk'),
      nameEn: t('queue.setup.serviceFields.nameEn'),
      prefix: t('queue.setup.serviceFields.prefix'),
      priority: t('queue.setup.serviceFields.priority'),
      isDailyReset: t('queue.setup.serviceFields.isDailyReset'),
      isActive: t('queue.setup.serviceFields.isActive'),
      sortOrder: t('queue.setup.serviceFields.sortOrder'),
      operatorIds: t('queue.setup.serviceFields.operators'),
      windowIds: t('queue.setup.serviceFields.windows'),
    },
    queue_device: {
      name: t('queue.setup.devices.name'),
      kind: t('queue.setup.devices.kind'),
      ticketsPerMinute: t('queue.setup.devices.rateLimit'),
      serviceIds: t('queue.setup.devices.services'),
      isActive: t('queue.setup.devices.isActive'),
      isSecretRotated: t('settingsParameters.log.tokenReplaced'),
    },
  };

  const none = t('common.none');
  const list = (items: string[], empty: string) => (items.length ? items.join(', ') : empty);
  const deleted = (id: number) => t('notifications.rules.deletedMark', { name: `#${id}` });
  const statusName = (id: number) => {
    if (!statuses.data) return `#${id}`;
    const entry = statuses.data.find((e) => e.id === id);
    return entry ? entryName(entry) : deleted(id);
  };
  const userName = (id: number) => {
    if (!users.data) return `#${id}`;
    return users.data.find((u) => u.id === id)?.name ?? deleted(id);
  };
  const queueServiceName = (id: number) => {
    if (!queueServices.data) return `#${id}`;
    const service = queueServices.data.find((s) => s.id === id);
    return service ? entryName(service) : deleted(id);
  };
  const queueWindowName = (id: number) => {
    if (!queueWindows.data) return `#${id}`;
    return queueWindows.data.find((w) => w.id === id)?.name ?? deleted(id);
  };
  const duration = (minutes: number) => {
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    const parts = [
      ...(hours ? [`${hours} ${t('notifications.rules.hours')}`] : []),
      ...(rest || !hours ? [`${rest} ${t('notifications.rules.minutes')}`] : []),
    ];
    return parts.join(' ');
  };
  const plain = (value: unknown): string => {
    if (value === null || value === undefined || value === '') return none;
    if (typeof value === 'boolean') return value ? t('settingsParameters.yes') : t('settingsParameters.no');
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  };

  const value = (change: SettingsChange, field: string, v: unknown): string => {
    const numbers = ids(v);
    if (change.entity === 'notification_rule') {
      if (field === 'recipients' && Array.isArray(v))
        return list(
          v.map((r) =>
            isOneOf<RecipientRole>(RECIPIENT_ROLES, r) ? t(`notifications.roles.${r}`) : String(r),
          ),
          t('notifications.rules.nobody'),
        );
      if (field === 'leadMinutes' && typeof v === 'number') return duration(v);
      if (field === 'statusIds' && numbers)
        return list(numbers.map(statusName), t('notifications.rules.anyStatus'));
      if (field === 'userIds' && numbers) return list(numbers.map(userName), none);
    }
    if (change.entity === 'webhook') {
      const all = t('webhooks.all');
      if (field === 'events' && Array.isArray(v))
        return list(
          v.map((e) => (isOneOf<WebhookAction>(WEBHOOK_ACTIONS, e) ? t(`webhooks.actions.${e}`) : String(e))),
          all,
        );
      if (field === 'docTypes' && Array.isArray(v))
        return list(
          v.map((d) => (isOneOf<DocType>(DOC_TYPES, d) ? t(`webhooks.types.${d}`) : String(d))),
          all,
        );
    }
    if (change.entity === 'queue_service') {
      if (field === 'operatorIds' && numbers)
        return list(numbers.map(userName), t('queue.setup.services.noOperators'));
      if (field === 'windowIds' && numbers)
        return list(numbers.map(queueWindowName), t('queue.setup.services.anyWindow'));
    }
    if (change.entity === 'queue_device') {
      if (field === 'serviceIds' && numbers)
        return list(numbers.map(queueServiceName), t('queue.setup.devices.allServices'));
      if (field === 'kind' && isOneOf<DeviceKind>(DEVICE_KINDS, v))
        return t(`queue.setup.devices.kinds.${v}`);
    }
    return plain(v);
  };

  const label = (change: SettingsChange, field: string): string => {
    if (field === 'timeZone')
      return change.area === 'enterprise'
        ? t('settingsParameters.enterpriseTimeZone')
        : t('settingsParameters.timeZone');
    return (byEntity[change.entity] ?? general)[field] ?? field;
  };

  const queueEntityName = (change: SettingsChange): string | null => {
    const logged = (field: string): string | null => {
      const values = change.changes[field];
      const name = values?.new ?? values?.old;
      return typeof name === 'string' ? name : null;
    };
    const id = Number(change.entityId);
    switch (change.entity) {
      case 'queue_window':
        return logged('name') ?? queueWindows.data?.find((w) => w.id === id)?.name ?? null;
      case 'queue_service': {
        const service = queueServices.data?.find((s) => s.id === id);
        // The field of the UI language's name.
        const own = logged(entryName({ nameRu: 'nameRu', nameUk: 'nameUk', nameEn: 'nameEn' }));
        return own ?? (service ? entryName(service) : null);
      }
      case 'queue_device':
        return logged('name');
      default:
        return null;
    }
  };

  return { label, value, isEvent: (field) => EVENT_FIELDS.has(field), queueEntityName };
}
