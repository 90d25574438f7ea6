import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { MailAddress } from '../../../shared/schemas/mail.js';
import { useLocale } from '../../app/i18n/use-locale.js';

/** "Name <address>", or the bare address when the letter gave no name. */
export function addressText(a: MailAddress): string {
  return a.name && a.name !== a.address ? `${a.name} <${a.address}>` : a.address;
}

/** The shorter form for lists: the name when there is one. */
export function addressShort(a: MailAddress): string {
  return a.name || a.address;
}

/** A size in bytes as "512 Б", "12,4 КБ", "3,1 МБ" in the UI language. */
export function useFormatSize(): (bytes: number) => string {
  const { t } = useTranslation();
  const locale = useLocale();
  return useCallback(
    (bytes: number) => {
      const n = (value: number) => value.toLocaleString(locale, { maximumFractionDigits: 1 });
      if (bytes < 1024) return t('mail.sizes.b', { n: n(bytes) });
      if (bytes < 1024 * 1024) return t('mail.sizes.kb', { n: n(bytes / 1024) });
      return t('mail.sizes.mb', { n: n(bytes / (1024 * 1024)) });
    },
    [t, locale],
  );
}

/** "Re: subject" for a reply, not "Re: Re: subject". */
export function replySubject(subject: string): string {
  return /^re:/i.test(subject.trim()) ? subject.trim() : `Re: ${subject.trim()}`;
}
