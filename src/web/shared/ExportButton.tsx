import { Button, Dropdown } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

interface Props {
  /** The list's export URL, e.g. /api/v1/tasks/export. */
  path: string;
  /** The list's current filter; empty values are left out. */
  params: Record<string, string | number | undefined>;
}

/** Downloads the list with its filter as CSV or XLSX (a plain GET: the session cookie authenticates it). */
export function ExportButton({ path, params }: Props) {
  const { t } = useTranslation();
  const href = (format: 'csv' | 'xlsx') => {
    const query = new URLSearchParams({ format });
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query.set(k, String(v));
    return `${path}?${query.toString()}`;
  };
  return (
    <Dropdown
      menu={{
        items: (['csv', 'xlsx'] as const).map((format) => ({
          key: format,
          label: (
            <a href={href(format)} download>
              {t(`cards.export.${format}`)}
            </a>
          ),
        })),
      }}
    >
      <Button icon={<DownloadOutlined />}>{t('cards.export.button')}</Button>
    </Dropdown>
  );
}
