import { Alert, Button, Card, Flex, Form, Input, Typography, theme } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Navigate, useLocation } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useEffect } from 'react';
import { LanguageSwitch } from '../../app/layout/LanguageSwitch.js';
import { HOME_PATH } from '../../app/layout/navigation.js';
import { useErrorText } from '../../http/use-api-error.js';
import { FullPageSpin } from '../../shared/FullPageSpin.js';
import type { LoginState } from './RequireAuth.js';
import { useLogin, useMe } from './session.js';

interface Values {
  login: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const me = useMe();
  const login = useLogin();
  const { token } = theme.useToken();
  const from = (useLocation().state as LoginState | null)?.from ?? HOME_PATH;
  useEffect(() => {
    document.title = `${t('auth.title')} — ${t('app.name')}`;
  }, [t]);

  if (me.isPending) return <FullPageSpin />;
  if (me.data) return <Navigate to={from === '/login' ? HOME_PATH : from} replace />;

  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh', background: token.colorBgLayout }}>
      <Card style={{ width: 360 }}>
        <Flex vertical gap={16}>
          <Flex justify="space-between" align="center">
            <Typography.Title level={3} style={{ margin: 0 }}>
              {t('app.name')}
            </Typography.Title>
            <LanguageSwitch />
          </Flex>
          <Typography.Text type="secondary">{t('auth.title')}</Typography.Text>
          {login.isError && <Alert type="error" showIcon title={errorText(login.error)} />}
          <Form<Values>
            name="login"
            layout="vertical"
            requiredMark={false}
            onFinish={(values) => login.mutate(values)}
            onValuesChange={() => login.reset()}
          >
            <Form.Item
              label={t('auth.login')}
              name="login"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              label={t('auth.password')}
              name="password"
              rules={[{ required: true, message: t('common.required') }]}
            >
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={login.isPending}>
              {t('auth.signIn')}
            </Button>
          </Form>
        </Flex>
      </Card>
    </Flex>
  );
}
