import type { ReactNode } from 'react';
import { Button, Result } from 'antd';
import { Navigate, Outlet, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import { useMe, useSignedInUser } from './session.js';

export interface LoginState {
  /** Where to return after signing in. */
  from?: string;
}

/** Renders its children for a signed-in user; sends anyone else to the login page. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <FullPageSpin />;
  if (me.isError) {
    return (
      <Result
        status="error"
        title={t('app.loadFailed')}
        subTitle={errorText(me.error)}
        extra={<Button onClick={() => void me.refetch()}>{t('app.retry')}</Button>}
      />
    );
  }
  if (!me.data) {
    const state: LoginState = { from: location.pathname + location.search };
    return <Navigate to="/login" replace state={state} />;
  }
  return children;
}

/** The administration pages (nested routes): other users see a refusal instead. */
export function RequireAdmin() {
  const { t } = useTranslation();
  const me = useSignedInUser();
  return me.isAdmin ? <Outlet /> : <Result status="403" title="403" subTitle={t('app.forbidden')} />;
}
