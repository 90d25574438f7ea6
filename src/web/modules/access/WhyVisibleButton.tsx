import { useState } from 'react';
import { Alert, Button, Descriptions, Drawer, Flex, Form, Skeleton, Tag, Typography } from 'antd';
import { QuestionCircleOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { AccessReason, AccessSource, DocType } from '../../../shared/schemas/access.js';
import { ApiError } from '../../http/client.js';
import { useErrorText } from '../../http/use-api-error.js';
import { UserSelect } from '../../shared/pickers/UserSelect.js';
import { useSignedInUser } from '../auth/session.js';
import { useBook } from '../settings/books/books.api.js';
import { useEntryName } from '../settings/books/BookEntryName.js';
import { useExplain } from './access.api.js';

/** «Почему я это вижу?» on a card: which rules let the user see the document (a drawer). */
export function WhyVisibleButton({ docType, id }: { docType: DocType; id: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button icon={<QuestionCircleOutlined />} onClick={() => setOpen(true)}>
        {t('access.why.button')}
      </Button>
      <Drawer
        title={t('access.why.title')}
        open={open}
        onClose={() => setOpen(false)}
        size={480}
        destroyOnHidden
      >
        <Explanation docType={docType} id={id} />
      </Drawer>
    </>
  );
}

function Explanation({ docType, id }: { docType: DocType; id: number }) {
  const { t } = useTranslation();
  const me = useSignedInUser();
  const errorText = useErrorText();
  // Administrators may ask about anyone; null asks about the caller.
  const [userId, setUserId] = useState<number | null>(null);
  const explain = useExplain(docType, id, userId, true);
  const yesNo = (v: boolean) => (
    <Tag color={v ? 'green' : 'default'}>{v ? t('access.why.yes') : t('access.why.no')}</Tag>
  );

  let body;
  if (explain.isPending) body = <Skeleton active />;
  else if (explain.isError)
    body = (
      <Alert
        type={explain.error instanceof ApiError && explain.error.status === 404 ? 'warning' : 'error'}
        showIcon
        title={
          explain.error instanceof ApiError && explain.error.status === 404
            ? t('access.why.notVisible')
            : errorText(explain.error)
        }
      />
    );
  else {
    const e = explain.data;
    body = (
      <Flex vertical gap={12}>
        <Typography.Text>{t('access.why.reasons', { name: e.user.name })}</Typography.Text>
        <ul style={{ margin: 0, paddingInlineStart: 20 }} data-testid="access-reasons">
          {e.reasons.map((reason, i) => (
            <li key={i}>
              <ReasonText reason={reason} />
            </li>
          ))}
        </ul>
        <Descriptions
          size="small"
          bordered
          column={1}
          items={[
            { key: 'edit', label: t('access.why.canEdit'), children: yesNo(e.canEdit) },
            { key: 'delete', label: t('access.why.canDelete'), children: yesNo(e.canDelete) },
          ]}
        />
      </Flex>
    );
  }

  return (
    <Flex vertical gap={16}>
      {me.isAdmin && (
        <Form layout="vertical">
          <Form.Item label={t('access.why.askAbout')} htmlFor="why-user" style={{ margin: 0 }}>
            <UserSelect
              id="why-user"
              value={userId ?? me.id}
              onChange={(v) => setUserId(v === me.id ? null : v)}
            />
          </Form.Item>
        </Form>
      )}
      {body}
    </Flex>
  );
}

function ReasonText({ reason }: { reason: AccessReason }) {
  const { t } = useTranslation();
  const journals = useBook('journals');
  const nameOf = useEntryName();
  // The server names journals in Russian; the book has every language.
  const journalName = (j: { id: number; name: string }) => {
    const entry = journals.data?.find((x) => x.id === j.id);
    return entry ? nameOf(entry) : j.name;
  };
  const sources = (via: AccessSource[]) =>
    via
      .map((s) => (s.kind === 'role' ? t('access.why.viaRole', { name: s.name }) : t('access.why.viaUser')))
      .join(', ');

  if (reason.kind === 'admin') return t('access.why.admin');
  if (reason.kind === 'named')
    return t('access.why.named', {
      as: reason.as.map((as) => (isNamedAs(as) ? t(`access.why.as.${as}`) : as)).join(', '),
    });
  const { journal } = reason;
  return (
    <Flex vertical gap={2}>
      <span>
        {t('access.why.level', { level: t(`access.levels.${reason.level}`), via: sources(reason.via) })}
      </span>
      {journal && (
        <span>
          {t('access.why.journal', {
            journal: journalName(journal),
            mode: t(`access.why.grantModes.${journal.mode}`),
          })}
          {journal.grantedOn.id !== journal.id &&
            ` — ${t('access.why.grantedOn', { journal: journalName(journal.grantedOn) })}`}
          {journal.via.length > 0 && ` (${sources(journal.via)})`}
        </span>
      )}
    </Flex>
  );
}

const NAMED_AS = ['author', 'performer', 'controller', 'manager', 'responsible', 'participant'] as const;
const isNamedAs = (as: string): as is (typeof NAMED_AS)[number] =>
  (NAMED_AS as readonly string[]).includes(as);
