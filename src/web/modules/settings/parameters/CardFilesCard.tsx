import { useMemo } from 'react';
import { App, Button, Card, Form, Select } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js';
import type { CardFileSettings } from '../../../../shared/schemas/clients.js';
import { api } from '../../../http/client.js';
import { useApiError } from '../../../http/use-api-error.js';
import { useLocale } from '../../../app/i18n/use-locale.js';
import { QueryErrorAlert } from '../../../shared/QueryErrorAlert.js';
import { parametersKeys } from './parameters.api.js';

const PATH = '/api/v1/settings/card-files';
const KEY = parametersKeys.cardFiles;

/** Параметры → Настройки: the country assumed for client phone numbers written without a code. */
export function CardFilesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const locale = useLocale();
  const client = useQueryClient();
  const handleError = useApiError();
  const [form] = Form.useForm<{ defaultPhoneCountry: string }>();
  const settings = useQuery({ queryKey: KEY, queryFn: () => api.get<CardFileSettings>(PATH) });
  const save = useMutation({
    mutationFn: (body: { defaultPhoneCountry: string }) => api.put<CardFileSettings>(PATH, body),
    onSuccess: (saved) => {
      client.setQueryData(KEY, saved);
      return client.invalidateQueries({ queryKey: parametersKeys.changes });
    },
  });
  const countries = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: 'region' });
    return getCountries()
      .map((code) => ({
        value: code,
        label: `${names.of(code) ?? code} (+${getCountryCallingCode(code)})`,
      }))
      .sort((a, b) => a.label.localeCompare(b.label, locale));
  }, [locale]);

  if (settings.isError)
    return <QueryErrorAlert error={settings.error} onRetry={() => void settings.refetch()} />;
  return (
    <Card size="small" title={t('settingsParameters.cardFilesTitle')} loading={settings.isPending}>
      {settings.data && (
        <Form
          form={form}
          name="card-file-settings"
          layout="vertical"
          initialValues={{ defaultPhoneCountry: settings.data.defaultPhoneCountry }}
          onFinish={(values) =>
            save.mutate(values, {
              onSuccess: () => void message.success(t('common.saved')),
              onError: (e) => handleError(e, form),
            })
          }
        >
          <Form.Item
            label={t('settingsParameters.defaultPhoneCountry')}
            name="defaultPhoneCountry"
            extra={t('settingsParameters.defaultPhoneCountryHint')}
          >
            <Select options={countries} showSearch={{ optionFilterProp: 'label' }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
