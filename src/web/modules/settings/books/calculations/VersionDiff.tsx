import { Descriptions, Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CalculationVersion } from '../../../../../shared/schemas/calculations.js';
import { CodeDiff } from '../../../../shared/CodeEditor.js';
import { PROPERTY_FIELDS } from './calc-form.js';

type Property = (typeof PROPERTY_FIELDS)[number];

/** A property's value as the editor names it. */
function usePropertyText() {
  const { t } = useTranslation();
  return (field: Property, v: CalculationVersion) => {
    switch (field) {
      case 'docType':
        return t(`settingsBooks.calc.docTypes.${v.docType}`);
      case 'trigger':
        return t(`settingsBooks.calc.triggers.${v.trigger}`);
      case 'isEnabled':
        return t(`settingsBooks.calc.versions.${v.isEnabled ? 'yes' : 'no'}`);
      default:
        return String(v[field]);
    }
  };
}

/** What a version changed against the one before it: its properties, then its code as a diff. */
export function VersionDiff({
  version,
  previous,
}: {
  version: CalculationVersion;
  previous: CalculationVersion | null;
}) {
  const { t } = useTranslation();
  const text = usePropertyText();
  const changed = previous ? PROPERTY_FIELDS.filter((f) => previous[f] !== version[f]) : [];
  return (
    <section aria-label={t('settingsBooks.calc.versions.diffAria', { version: version.version })}>
      <Flex vertical gap={12}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {previous
            ? t('settingsBooks.calc.versions.diffTitle', { version: version.version, prev: previous.version })
            : t('settingsBooks.calc.versions.firstTitle', { version: version.version })}
        </Typography.Title>
        {previous && changed.length > 0 && (
          <Descriptions
            size="small"
            bordered
            column={1}
            title={t('settingsBooks.calc.versions.propertiesChanged')}
            items={changed.map((f) => ({
              key: f,
              label: t(`settingsBooks.calc.fields.${f}`),
              children: `${text(f, previous)} → ${text(f, version)}`,
            }))}
          />
        )}
        {previous && previous.code === version.code ? (
          <Typography.Text type="secondary">{t('settingsBooks.calc.versions.codeUnchanged')}</Typography.Text>
        ) : (
          <CodeDiff
            original={previous?.code ?? ''}
            value={version.code}
            ariaLabel={t('settingsBooks.calc.versions.diffAria', { version: version.version })}
          />
        )}
      </Flex>
    </section>
  );
}
