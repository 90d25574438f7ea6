import { mkdtempSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSources, readHead, readLines } from '../../src/server/modules/telephony/cdr-files.js';

describe('call-record files', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kartoteka-cdr-files-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function linesOf(content: string | Buffer, start = 0, finished = false) {
    const file = path.join(dir, 'lines.csv');
    writeFileSync(file, content);
    const fh = await open(file, 'r');
    try {
      const out: { text: string; end: number }[] = [];
      for await (const chunk of readLines(fh, start, finished)) out.push(...chunk);
      return { out, head: await readHead(fh, finished) };
    } finally {
      await fh.close();
    }
  }

  it('gives complete lines with the offset after each, without CR, leaving an unfinished one', async () => {
    const { out, head } = await linesOf('Пётр,1\r\nb,2\n\nc,3');
    expect(out).toEqual([
      { text: 'Пётр,1', end: Buffer.byteLength('Пётр,1\r\n') },
      { text: 'b,2', end: Buffer.byteLength('Пётр,1\r\nb,2\n') },
      { text: '', end: Buffer.byteLength('Пётр,1\r\nb,2\n\n') },
    ]);
    expect(head).toMatchObject({ text: 'Пётр,1', bytes: Buffer.byteLength('Пётр,1\r\n') });
  });

  it('takes a finished file’s last line without its line end for a complete one', async () => {
    const { out, head } = await linesOf('a,1\nПётр,2\r', 0, true);
    expect(out).toEqual([
      { text: 'a,1', end: 4 },
      { text: 'Пётр,2', end: Buffer.byteLength('a,1\nПётр,2\r') },
    ]);
    expect(head).toMatchObject({ text: 'a,1', bytes: 4 });
    const single = await linesOf('"","201"', 0, true);
    expect(single.out).toEqual([{ text: '"","201"', end: 8 }]);
    expect(single.head).toMatchObject({ text: '"","201"', bytes: 8 });
    expect((await linesOf('a,1\n', 0, true)).out).toEqual([{ text: 'a,1', end: 4 }]);
    expect((await linesOf('', 0, true)).head).toBeNull();
  });

  it('starts at an offset and reads lines longer than its buffer', async () => {
    const long = 'x'.repeat(3 * 1024 * 1024);
    const { out } = await linesOf(`a\n${long}\nb\n`, 2);
    expect(out.map((l) => l.text.length)).toEqual([long.length, 1]);
    expect(out[1]).toEqual({ text: 'b', end: 2 + long.length + 1 + 2 });
  });

  it('has no head until the first line is complete', async () => {
    expect((await linesOf('')).head).toBeNull();
    expect((await linesOf('"","201"')).head).toBeNull();
  });

  it('lists a directory’s regular files oldest first', async () => {
    const sub = path.join(dir, 'pbx');
    mkdirSync(path.join(sub, 'nested'), { recursive: true });
    const at = (name: string, seconds: number) => {
      writeFileSync(path.join(sub, name), 'x\n');
      utimesSync(path.join(sub, name), seconds, seconds);
    };
    at('Master.csv', 3000);
    at('Master.csv.1', 2000);
    at('Master.csv.2', 1000);
    const listed = await listSources([sub, path.join(sub, 'Master.csv')]);
    expect(listed.map((s) => path.basename(s.path))).toEqual([
      'Master.csv.2',
      'Master.csv.1',
      'Master.csv',
      'Master.csv',
    ]);
    expect(listed[0]!.identity).toMatch(/^\d+:\d+$/);
    await expect(listSources([path.join(dir, 'missing')])).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
