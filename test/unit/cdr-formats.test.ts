import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  customLayout,
  detectLayout,
  headerLayout,
  isUsable,
  masterLayout,
  storedLayout,
} from '../../src/server/modules/telephony/cdr-formats.js';

const firstLine = (name: string) =>
  readFileSync(new URL(`../fixtures/cdr/${name}`, import.meta.url), 'utf8').split('\n')[0]!;

describe('call-record formats', () => {
  it('lays Master.csv out by column count: 16, 17, 18 and 21', () => {
    expect([...masterLayout.byCount.keys()]).toEqual([16, 17, 18, 21]);
    const c21 = masterLayout.byCount.get(21)!;
    expect([c21.src, c21.dst, c21.start, c21.answer, c21.uniqueid, c21.linkedid, c21.sequence]).toEqual([
      1, 2, 9, 10, 16, 19, 20,
    ]);
    expect(masterLayout.byCount.get(16)!.uniqueid).toBe(-1);
    expect(masterLayout.byCount.get(16)!.calldate).toBe(-1);
  });

  it('takes a Master.csv data line for data, not a header', () => {
    expect(headerLayout(firstLine('master/Master.csv'))).toBeNull();
    expect(detectLayout(firstLine('master/Master.csv'), '').format).toBe('master');
  });

  it('finds a FreePBX header’s columns by name in any case, ignoring unknown names', () => {
    const layout = detectLayout(firstLine('freepbx/cdr-export.csv'), 'src,dst,start');
    expect(layout.format).toBe('freepbx');
    expect(isUsable(layout)).toBe(true);
    expect([...layout.byCount.keys()]).toEqual([27]);
    const c = layout.byCount.get(27)!;
    expect([c.calldate, c.src, c.dst, c.uniqueid, c.recordingfile, c.cnum, c.sequence, c.start]).toEqual([
      0, 2, 3, 14, 17, 18, 25, -1,
    ]);
  });

  it('reads headers with a byte-order mark, semicolons or tabs', () => {
    expect(headerLayout('\ufeffcalldate,src,dst,billsec')?.byCount.get(4)?.calldate).toBe(0);
    expect(headerLayout('"calldate";"src";"dst";"disposition"')?.delimiter).toBe(';');
    expect(headerLayout('calldate\tsrc\tdst')?.delimiter).toBe('\t');
  });

  it('needs most of a header’s names to be known', () => {
    expect(headerLayout('name,phone,src,comment,date')).toBeNull();
    expect(headerLayout('calldate,src,dst,foo,bar')).not.toBeNull();
    expect(isUsable(headerLayout('calldate,src,disposition,billsec')!)).toBe(false);
  });

  it('lays header-less files out as configured, a header still winning', () => {
    const layout = detectLayout('201,0501234567,x,2025-03-10 10:00:00', 'src, dst ,-,start');
    expect(layout.format).toBe('custom');
    const c = layout.byCount.get(4)!;
    expect([c.src, c.dst, c.start, c.billsec]).toEqual([0, 1, 3, -1]);
    expect(detectLayout('calldate,src,dst', 'src,dst,start').format).toBe('freepbx');
  });

  it('rebuilds the layout a file was read with from its row', () => {
    expect(storedLayout('master', '')).toBe(masterLayout);
    expect(storedLayout('custom', 'src,dst,start')).toEqual(customLayout('src,dst,start'));
    expect(storedLayout('freepbx', 'calldate,src,dst')?.byCount.get(3)?.dst).toBe(2);
    expect(storedLayout('', '')).toBeNull();
  });
});
