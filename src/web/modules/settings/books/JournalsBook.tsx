import { Checkbox, Form, TreeSelect, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Journal } from '../../../../shared/schemas/reference-books.js';
import { dialogFormTail } from '../../../shared/form-layout.js';
import { BookEntryDialog } from './BookEntryDialog.js';
import { useEntryName } from './BookEntryName.js';
import { BookSection } from './BookSection.js';
import { useBook } from './books.api.js';

interface Own {
  parentId: number | null;
  isDefault: boolean;
}

interface ParentOption {
  value: number;
  title: string;
  disabled?: boolean;
  children: ParentOption[];
}

/**
 * The places a journal may go: journals of its document type (any type for a new one), not
 * the journal itself or anything inside it.
 */
function useParentOptions(entry: Journal | null): ParentOption[] {
  const journals = useBook('journals');
  const name = useEntryName();
  const all = journals.data ?? [];
  const build = (parentId: number | null, blocked: boolean): ParentOption[] =>
    all
      .filter((j) => j.parentId === parentId && (!entry || j.docType === entry.docType))
      .map((j) => {
        const inside = blocked || j.id === entry?.id;
        return { value: j.id, title: name(j), disabled: inside, children: build(j.id, inside) };
      });
  return build(null, false);
}

function JournalDialog({ entry, onClose }: { entry: Journal | null; onClose: () => void }) {
  const { t } = useTranslation();
  const parents = useParentOptions(entry);
  const required = { required: true, message: t('common.required') };
  return (
    <BookEntryDialog<'journals', Own>
      path="journals"
      entry={entry}
      onClose={onClose}
      title={entry ? undefined : t('settingsBooks.journals.title')}
      ownInitial={{ parentId: entry?.parentId ?? null, isDefault: entry?.isDefault ?? false }}
      // A system section has no parent, and keeps it so.
      toBody={({ parentId, isDefault }) => ({ ...(parentId !== null && { parentId }), isDefault })}
    >
      {entry && (
        <Form.Item label={t('settingsBooks.journals.docType')}>
          <Typography.Text>{t(`settingsBooks.journals.docTypes.${entry.docType}`)}</Typography.Text>
        </Form.Item>
      )}
      {!entry?.isSystem && (
        <Form.Item label={t('settingsBooks.journals.parent')} name="parentId" rules={[required]}>
          <TreeSelect treeData={parents} treeDefaultExpandAll showSearch treeNodeFilterProp="title" />
        </Form.Item>
      )}
      <Form.Item
        name="isDefault"
        valuePropName="checked"
        extra={t('settingsBooks.journals.isDefaultHint')}
        {...dialogFormTail}
      >
        <Checkbox disabled={entry?.isDefault}>{t('settingsBooks.journals.isDefault')}</Checkbox>
      </Form.Item>
    </BookEntryDialog>
  );
}

/** Журналы: a tree under the system sections Проекты, События, Задачи. */
export function JournalsBook() {
  const { t } = useTranslation();
  return (
    <BookSection
      path="journals"
      tree
      columns={[
        {
          title: t('settingsBooks.journals.docType'),
          dataIndex: 'docType',
          render: (d: Journal['docType']) => t(`settingsBooks.journals.docTypes.${d}`),
        },
        {
          title: t('settingsBooks.journals.isDefault'),
          dataIndex: 'isDefault',
          align: 'center',
          render: (v: boolean) => (v ? '✓' : ''),
        },
      ]}
      renderDialog={(entry, onClose) => <JournalDialog entry={entry} onClose={onClose} />}
    />
  );
}
