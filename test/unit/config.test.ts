import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/server/config.js';
import { localeFromAcceptLanguage } from '../../src/shared/locale.js';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      host: '0.0.0.0',
      port: 3000,
      sqliteSynchronous: 'NORMAL',
      logLevel: 'info',
      secureCookies: false,
    });
    expect(c.databaseUrl).toBeUndefined();
    expect(path.isAbsolute(c.dataDir)).toBe(true);
  });

  it('takes a config file, lets the environment override it and flags override both', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kt-config-'));
    const file = path.join(dir, 'kartoteka.json');
    writeFileSync(file, JSON.stringify({ port: 4000, logLevel: 'debug', secureCookies: true }));
    const c = loadConfig({ KARTOTEKA_CONFIG: file, LOG_LEVEL: 'warn' }, { host: '127.0.0.1' });
    expect(c).toMatchObject({ port: 4000, logLevel: 'warn', secureCookies: true, host: '127.0.0.1' });
  });

  it('explains every invalid value at once, naming where it came from', () => {
    const run = () =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        KARTOTEKA_SQLITE_SYNCHRONOUS: 'OFF',
        KARTOTEKA_SECRET_KEY: 'short',
      });
    expect(run).toThrow(ConfigError);
    try {
      run();
    } catch (e) {
      const msg = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'KARTOTEKA_SQLITE_SYNCHRONOUS', 'KARTOTEKA_SECRET_KEY'])
        expect(msg).toContain(name);
      expect(msg).toContain('"eighty"');
      expect(msg).not.toContain('short"'); // secrets are not echoed
    }
  });

  it('rejects unknown keys and unreadable files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kt-config-'));
    const file = path.join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ KARTOTEKA_CONFIG: file })).toThrow(/unknown setting\(s\) prot/);
    expect(() => loadConfig({ KARTOTEKA_CONFIG: path.join(dir, 'missing.json') })).toThrow(
      /Cannot read config file/,
    );
  });
});

describe('Accept-Language', () => {
  it('picks the best supported language by weight', () => {
    expect(localeFromAcceptLanguage('de-DE,uk;q=0.8,en;q=0.9')).toBe('en');
    expect(localeFromAcceptLanguage('uk-UA')).toBe('uk');
    expect(localeFromAcceptLanguage('ua')).toBe('uk');
    expect(localeFromAcceptLanguage('fr, de')).toBeUndefined();
    expect(localeFromAcceptLanguage(undefined)).toBeUndefined();
  });
});
