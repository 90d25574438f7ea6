import { useCallback } from 'react';
import { Space, Typography, theme } from 'antd';
import { useLocale } from '../../../app/i18n/use-locale.js';

interface Named {
  nameRu: string;
  nameUk: string;
  nameEn: string;
}

/** An entry's name in the current UI language. */
export function useEntryName(): (entry: Named) => string {
  const locale = useLocale();
  return useCallback(
    (entry: Named) => (locale === 'uk' ? entry.nameUk : locale === 'en' ? entry.nameEn : entry.nameRu),
    [locale],
  );
}

/** A small square of the entry's colour, if it has one. */
export function ColorSwatch({ color }: { color: string | null }) {
  if (!color) return null;
  return (
    <span
      aria-hidden
      style={{ display: 'inline-block', width: 10, height: 10, borderRadius: 2, background: color }}
    />
  );
}

/** The seed's convention: system entries in bold black, user entries in blue. */
export function BookEntryName({
  entry,
}: {
  entry: Named & { isSystem: boolean; color: string | null; code: string };
}) {
  const name = useEntryName();
  const { token } = theme.useToken();
  return (
    <Space size={6}>
      <ColorSwatch color={entry.color} />
      <Typography.Text
        strong={entry.isSystem}
        style={{ color: entry.isSystem ? token.colorTextBase : token.colorLink }}
        data-testid="book-entry-name"
        data-kind={entry.isSystem ? 'system' : 'user'}
      >
        {name(entry)}
      </Typography.Text>
    </Space>
  );
}
