import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { AutoComplete, Flex, Typography, type GetRef } from 'antd';
import {
  CalendarOutlined,
  CheckSquareOutlined,
  ProjectOutlined,
  SearchOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { DOC_TYPES, type DocType } from '../../../shared/schemas/card-files.js';
import type { SearchResult } from '../../../shared/schemas/search.js';
import { api } from '../../http/client.js';
import { queryKeys } from '../../http/query-keys.js';

const ICONS: Record<DocType, ReactNode> = {
  client: <TeamOutlined />,
  project: <ProjectOutlined />,
  event: <CalendarOutlined />,
  task: <CheckSquareOutlined />,
};

/** Typing in a field: "/" is then a character, not the shortcut. */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The global search box of the header: results grouped by document type, best first within a
 * group; Enter or a click opens the document. "/" anywhere focuses it.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<GetRef<typeof AutoComplete>>(null);
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      e.preventDefault();
      input.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const found = useQuery({
    queryKey: [...queryKeys.search, q],
    queryFn: () =>
      api.get<SearchResult[]>(`/api/v1/search?${new URLSearchParams({ q, limit: '30' }).toString()}`),
    enabled: q !== '',
    staleTime: 5_000,
  });
  const results = q ? (found.data ?? []) : [];
  const options = DOC_TYPES.map((type) => ({
    type,
    items: results.filter((r) => r.docType === type),
  }))
    .filter((g) => g.items.length)
    .map((g) => ({
      label: (
        <Typography.Text type="secondary">
          {ICONS[g.type]} {t(`search.types.${g.type}`)}
        </Typography.Text>
      ),
      options: g.items.map((r) => ({
        value: `/${r.docType}s/${r.docId}`,
        label: (
          <Flex vertical>
            <Typography.Text ellipsis>{r.title}</Typography.Text>
            {r.subtitle && (
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                {r.subtitle}
              </Typography.Text>
            )}
          </Flex>
        ),
      })),
    }));

  return (
    <AutoComplete
      ref={input}
      value={typed}
      options={options}
      onSearch={setTyped}
      onSelect={(path: string) => {
        setTyped('');
        input.current?.blur();
        void navigate(path);
      }}
      defaultActiveFirstOption
      allowClear
      prefix={<SearchOutlined />}
      placeholder={t('search.placeholder')}
      aria-label={t('search.title')}
      notFoundContent={q && found.isSuccess ? t('search.nothing') : null}
      popupMatchSelectWidth={420}
      style={{ width: 360 }}
    />
  );
}
