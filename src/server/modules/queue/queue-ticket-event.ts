import type { z } from 'zod';
import { format } from '../../http/messages.js';
import { localName, type Locale } from '../../../shared/locale.js';
import type { createEventRequest } from '../../../shared/schemas/events.js';
import type { QueueTicket } from '../../../shared/schemas/queue.js';
import { queueTicketTexts as texts } from './queue-tickets.messages.js';

const SECOND = 1000;

/** A duration as «1 ч 5 мин 0 с», «12 мин 5 с», «40 с» in `locale`. */
export function durationText(ms: number, locale: Locale): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const parts: string[] = [];
  if (h) parts.push(`${h} ${texts.hours[locale]}`);
  if (h || m) parts.push(`${m} ${texts.minutes[locale]}`);
  parts.push(`${total % 60} ${texts.seconds[locale]}`);
  return parts.join(' ');
}

/**
 * The «electronic_queue» event of a served ticket, for the client card: from the start of the
 * service to its end, the operator as performer, and in the description (in the operator's
 * language) the waiting time, the service time, the window and the operator. The waiting time is
 * this row's: from its issue to its first call — for a redirected ticket, from the redirect (the
 * wait in the queue that served it; the earlier queue's wait is on the first row).
 */
export function queueEventInput(
  t: QueueTicket,
  typeId: number,
  locale: Locale,
  redirectedFrom: { nameRu: string; nameUk: string; nameEn: string } | null,
): z.output<typeof createEventRequest> {
  const servingAt = t.servingAt ?? t.finishedAt!;
  const lines = [
    format(texts.waited[locale], {
      time: durationText(Date.parse(t.firstCalledAt ?? servingAt) - Date.parse(t.issuedAt), locale),
    }),
    format(texts.served[locale], {
      time: durationText(Date.parse(t.finishedAt!) - Date.parse(servingAt), locale),
    }),
    ...(t.windowName ? [format(texts.window[locale], { name: t.windowName })] : []),
    ...(t.operatorName ? [format(texts.operator[locale], { name: t.operatorName })] : []),
    ...(redirectedFrom
      ? [format(texts.redirected[locale], { service: localName(redirectedFrom, locale) })]
      : []),
  ];
  return {
    typeId,
    subject: format(texts.subject[locale], { code: t.code, service: localName(t.service, locale) }),
    startsAt: servingAt,
    endsAt: t.finishedAt,
    status: 'done',
    clientId: t.clientId,
    contactId: null,
    projectId: null,
    journalId: undefined,
    performerId: t.operatorId,
    participantIds: [],
    description: lines.join('\n'),
    result: '',
  };
}
