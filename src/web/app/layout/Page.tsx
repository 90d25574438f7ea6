import { useEffect, type ReactNode } from 'react';
import { Flex, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** A page of the main area: its title with the page's actions, then the content. */
export function Page({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = `${title} — ${t('app.name')}`;
  }, [title, t]);
  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center" gap={8}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra && <Space>{extra}</Space>}
      </Flex>
      {children}
    </Flex>
  );
}
