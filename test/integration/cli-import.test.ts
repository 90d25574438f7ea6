import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { cliEnv, runCli } from '../support/cli.js';

/** `kartoteka import clients FILE` runs the compiled server: build it first (npx tsc -p tsconfig.server.json). */
describe('kartoteka import clients', () => {
  let db: TestDatabase;
  let dir: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cli-import-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.drop();
  });

  const good = 'Наименование;ИНН;Телефон\nООО «Один»;21560005;+380 44 111 22 33\nДва;;\n';
  const env = () => cliEnv(db, { LANG: 'ru_RU.UTF-8' });

  // Each run starts a process; the machine may be busy.
  const SLOW = 120_000;

  it(
    'exits 0 when every row is imported, and changes nothing in a dry run',
    async () => {
      const csv = file('good.csv', good);
      const dry = await runCli(['import', 'clients', csv, '--dry-run'], env());
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toContain('Строк: 2; добавлено: 2, изменено: 0, без изменений: 0, отклонено: 0');
      expect(dry.stdout).toContain('Пробный прогон');

      const run = await runCli(['import', 'clients', csv], env());
      expect(run.code).toBe(0);
      // Not a terminal: no progress bar.
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('добавлено: 2');

      const again = await runCli(['import', 'clients', csv], env());
      expect(again.stdout).toContain('добавлено: 0, изменено: 0, без изменений: 2');
    },
    SLOW,
  );

  it(
    'exits 2 and lists rejected rows by line; valid rows are still saved',
    async () => {
      const csv = file('bad.csv', 'a,b,c\nТри,,+380 44 333 22 11\n,,\nЧетыре,123,\n,x,\n');
      const r = await runCli(
        ['import', 'clients', csv, '--mapping', '{"name":0,"taxId":"b","phones":2}'],
        env(),
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('добавлено: 1');
      expect(r.stdout).toContain('отклонено: 2');
      expect(r.stdout).toContain('строка 4: b: Код: 8 цифр');
      expect(r.stdout).toContain('строка 5: a: Обязательное поле');

      // The sample file: a client on two rows (two contact persons), two bad rows.
      const sample = fileURLToPath(new URL('../fixtures/import/clients-two-bad-rows.csv', import.meta.url));
      const s = await runCli(['import', 'clients', sample], env());
      expect(s.code).toBe(2);
      expect(s.stdout).toContain('Строк: 6; добавлено: 3, изменено: 0, без изменений: 0, отклонено: 2');
      expect(s.stdout).toContain('строка 4: Наименование: Обязательное поле');
      expect(s.stdout).toContain('строка 6: ЄДРПОУ: Код: 8 цифр');
      expect(s.stdout).toContain('E-mail: Неверный адрес e-mail');
    },
    SLOW,
  );

  it(
    'exits 1 on an unusable file or option, in the terminal’s language',
    async () => {
      const missing = await runCli(['import', 'clients', path.join(dir, 'nope.csv')], env());
      expect(missing.code).toBe(1);
      expect(missing.stderr).toContain('ENOENT');

      const mapping = await runCli(
        ['import', 'clients', file('m.csv', good), '--mapping', '{"name":'],
        env(),
      );
      expect(mapping.code).toBe(1);
      expect(mapping.stderr).toContain('--mapping');

      const column = await runCli(
        ['import', 'clients', file('c.csv', good), '--mapping', '{"name":"Нет"}'],
        cliEnv(db, { LANG: 'en_US.UTF-8' }),
      );
      expect(column.code).toBe(1);
      expect(column.stderr).toContain('mapping.name: The file has no column "Нет"');

      const empty = await runCli(['import', 'clients', file('e.csv', '\n\n')], env());
      expect(empty.code).toBe(1);
      expect(empty.stderr).toContain('В файле нет строк с данными');

      const wide = await runCli(
        ['import', 'clients', file('w.csv', `Наименование;Телефон\nШирокий${';'.repeat(200)}x\n`)],
        cliEnv(db, { LANG: 'uk_UA.UTF-8' }),
      );
      expect(wide.code).toBe(1);
      expect(wide.stderr).toContain(
        'У файлі заповнено стовпці далі 200-го: завантажується не більше 200 стовпців',
      );
    },
    SLOW,
  );
});
