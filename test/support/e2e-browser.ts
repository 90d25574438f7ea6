import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from './e2e-server.js';

export const ADMIN = { login: 'admin', password: 'e2e-admin-password' };

/** Debian's Chromium, headless, with nothing reaching for the network it does not have here. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A built server of our own with a browser page pointed at it; uncaught page errors are kept. */
export interface BrowserSession {
  server: RunningServer;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openSession(
  viewport = { width: 1280, height: 900 },
  options: { env?: NodeJS.ProcessEnv } = {},
): Promise<BrowserSession> {
  const server = await startServer(ADMIN, options);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ baseURL: server.url, viewport, locale: 'ru-RU' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return {
    server,
    browser,
    context,
    page,
    pageErrors,
    close: async () => {
      await browser.close();
      await server.stop();
    },
  };
}

/** Opens a page that needs signing in, signs the administrator in there and waits to be back. */
export async function signInAt(page: Page, path: string): Promise<void> {
  await page.goto(path);
  await page.waitForURL('**/login');
  await page.getByLabel('Логин', { exact: true }).fill(ADMIN.login);
  await page.getByLabel('Пароль', { exact: true }).fill(ADMIN.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await page.waitForURL(`**${path}`);
}
