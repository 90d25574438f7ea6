import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A fresh, empty database for one test file: a new PostgreSQL database on the server named by
 * TEST_DATABASE_URL when it is set, else a new SQLite data directory. Dropped afterwards.
 */
export interface TestDatabase {
  engine: 'sqlite' | 'postgres';
  databaseUrl: string | undefined;
  dataDir: string;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kartoteka-test-'));
  const server = process.env.TEST_DATABASE_URL;
  if (!server) {
    return {
      engine: 'sqlite',
      databaseUrl: undefined,
      dataDir,
      drop: async () => rmSync(dataDir, { recursive: true, force: true }),
    };
  }
  const name = `kartoteka_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(server);
  url.pathname = `/${name}`;
  return {
    engine: 'postgres',
    databaseUrl: url.toString(),
    dataDir,
    drop: async () => {
      const c = new pg.Client({ connectionString: server });
      await c.connect();
      // Without FORCE: a pool's connections that are still closing would be killed mid-goodbye
      // (an uncaught 57P01 in the test process); wait for them to go instead.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`drop database if exists ${name}`);
          break;
        } catch (e) {
          if ((e as { code?: string }).code !== '55006' || attempt >= 100) throw e;
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      await c.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
