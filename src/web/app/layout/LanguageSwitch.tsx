import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { LOCALES, type Locale } from '../../../shared/locale.js';
import { useApiError } from '../../http/use-api-error.js';
import { useMe, useUpdateMe } from '../../modules/auth/session.js';
import { LANGUAGES } from '../i18n/languages.js';
import { useLocale } from '../i18n/use-locale.js';

/** Switches the UI language at once; a signed-in user's choice is also saved to their account. */
export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const locale = useLocale();
  const signedIn = Boolean(useMe().data);
  const updateMe = useUpdateMe();
  const handleError = useApiError();

  const change = (next: Locale) => {
    void i18n.changeLanguage(next);
    if (!signedIn) return;
    updateMe.mutate(
      { locale: next },
      {
        onError: (e) => {
          void i18n.changeLanguage(locale);
          handleError(e);
        },
      },
    );
  };

  return (
    <Segmented<Locale>
      size="small"
      aria-label={t('header.language')}
      data-testid="language-switch"
      value={locale}
      onChange={change}
      options={LOCALES.map((l) => ({ value: l, label: LANGUAGES[l].code, title: LANGUAGES[l].name }))}
    />
  );
}
