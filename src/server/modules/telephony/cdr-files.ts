import { createHash } from 'node:crypto';
import { readdir, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A call-record file to read: where it is and how big it was when listed. */
export interface CdrSource {
  path: string;
  size: number;
  identity: string;
  mtimeMs: number;
  /** Named itself rather than found in a directory. */
  named: boolean;
}

/** Device and inode: a file keeps them when it is renamed (rotated), a new file gets new ones. */
export const identityOf = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`;

/**
 * The files behind the given paths: a file as it is, a directory as its regular files oldest
 * first (rotated files before the one being written). Throws what fs throws for a missing path.
 */
export async function listSources(paths: string[]): Promise<CdrSource[]> {
  const out: CdrSource[] = [];
  for (const p of paths) {
    const s = await stat(p);
    if (s.isDirectory()) out.push(...(await listDirectory(p)));
    else out.push({ path: p, size: s.size, identity: identityOf(s), mtimeMs: s.mtimeMs, named: true });
  }
  return out;
}

/** A directory's regular files, oldest first (by mtime, then name). */
export async function listDirectory(dir: string): Promise<CdrSource[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const files: (CdrSource & { name: string })[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const fs = await stat(full).catch(() => null);
    if (!fs?.isFile()) continue;
    files.push({
      path: full,
      size: fs.size,
      identity: identityOf(fs),
      mtimeMs: fs.mtimeMs,
      named: false,
      name: e.name,
    });
  }
  files.sort((a, b) => a.mtimeMs - b.mtimeMs || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return files.map(({ name: _name, ...source }) => source);
}

/** The first complete line of a file: its hash tells a replaced file from a grown one. */
export interface FileHead {
  /** Bytes of the line with its line end. */
  bytes: number;
  text: string;
  hash: string;
}

const CHUNK = 1 << 20;

/**
 * The file's first complete line, or null while it has none (empty, or still being written).
 * `finished`: nobody writes the file any more, so a last line without its line end is complete.
 */
export async function readHead(fh: FileHandle, finished = false): Promise<FileHead | null> {
  let buf = Buffer.allocUnsafe(64 * 1024);
  let filled = 0;
  for (;;) {
    if (filled === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, filled);
      buf = bigger;
    }
    const { bytesRead } = await fh.read(buf, filled, buf.length - filled, filled);
    const from = filled;
    filled += bytesRead;
    const nl = buf.indexOf(10, from);
    if (nl >= 0 && nl < filled) {
      const line = buf.subarray(0, nl + 1);
      return {
        bytes: nl + 1,
        text: lineText(buf, 0, nl),
        hash: createHash('sha1').update(line).digest('hex'),
      };
    }
    if (bytesRead === 0) {
      if (!finished || filled === 0) return null;
      return {
        bytes: filled,
        text: lineText(buf, 0, filled),
        hash: createHash('sha1').update(buf.subarray(0, filled)).digest('hex'),
      };
    }
  }
}

/** A complete line: its text (without the line end) and the offset just past it. */
export interface FileLine {
  text: string;
  end: number;
}

/**
 * The complete lines of a file from `start`, a chunk at a time (never the whole file). A last
 * line without its line end is left for the next run (the PBX may be writing it) unless the
 * file is `finished`.
 */
export async function* readLines(
  fh: FileHandle,
  start: number,
  finished = false,
): AsyncGenerator<FileLine[]> {
  let buf = Buffer.allocUnsafe(CHUNK);
  /** Bytes of an unfinished line carried over to the front of the buffer. */
  let carried = 0;
  let position = start;
  for (;;) {
    if (carried === buf.length) {
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, carried);
      buf = bigger;
    }
    const { bytesRead } = await fh.read(buf, carried, buf.length - carried, position + carried);
    if (bytesRead === 0) {
      if (finished && carried > 0) yield [{ text: lineText(buf, 0, carried), end: position + carried }];
      return;
    }
    const filled = carried + bytesRead;
    const lines: FileLine[] = [];
    let from = 0;
    for (let nl = buf.indexOf(10, carried); nl >= 0 && nl < filled; nl = buf.indexOf(10, nl + 1)) {
      lines.push({ text: lineText(buf, from, nl), end: position + nl + 1 });
      from = nl + 1;
    }
    position += from;
    buf.copy(buf, 0, from, filled);
    carried = filled - from;
    if (lines.length) yield lines;
  }
}

/** A line's text: UTF-8, without a CR before the LF. */
function lineText(buf: Buffer, from: number, nl: number): string {
  const end = nl > from && buf[nl - 1] === 13 ? nl - 1 : nl;
  return buf.toString('utf8', from, end);
}
