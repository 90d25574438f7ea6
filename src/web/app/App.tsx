import type { ReactNode } from 'react';
import { App as AntApp, ConfigProvider, theme, type ThemeConfig } from 'antd';
import { QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter } from 'react-router';
import { antdLocales } from './antd-locales.js';
import { AppRoutes } from './AppRoutes.js';
import { useLocale } from './i18n/use-locale.js';
import { queryClient } from './query-client.js';

/** A dense, desktop-ERP look: compact controls and menu, square-ish corners, a light top bar. */
const appTheme: ThemeConfig = {
  algorithm: theme.compactAlgorithm,
  token: { borderRadius: 4, fontSize: 13 },
  components: {
    Layout: { headerBg: '#fff', headerHeight: 44, headerPadding: '0 16px' },
    Menu: { itemHeight: 32, itemMarginBlock: 2 },
  },
};

function LocalizedAntd({ children }: { children: ReactNode }) {
  const locale = useLocale();
  return (
    <ConfigProvider locale={antdLocales[locale]} theme={appTheme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocalizedAntd>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </LocalizedAntd>
    </QueryClientProvider>
  );
}
