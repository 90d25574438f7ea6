import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyCdr, type ClassifyContext } from '../../src/server/modules/telephony/cdr-classify.js';
import { customLayout, masterLayout } from '../../src/server/modules/telephony/cdr-formats.js';
import { parseCdrLine } from '../../src/server/modules/telephony/cdr-line.js';
import { localToUtc } from '../../src/server/modules/telephony/cdr-time.js';

const ctx = (over: Partial<ClassifyContext> = {}): ClassifyContext => ({
  sipNumbers: new Set(['201', '202']),
  minNumberLength: 5,
  toUtc: localToUtc('Europe/Kyiv'),
  ...over,
});

/** A Master.csv line of 18 columns. */
function master(p: {
  src: string;
  dst: string;
  channel?: string;
  dstChannel?: string;
  answer?: string;
  duration?: string;
  billsec?: string;
  disposition?: string;
  start?: string;
  uniqueid?: string;
}): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
  return [
    q(''),
    q(p.src),
    q(p.dst),
    q('from-trunk'),
    q(`"Абонент" <${p.src}>`),
    q(p.channel ?? 'SIP/trunk-00000001'),
    q(p.dstChannel ?? 'SIP/trunk-00000002'),
    q('Dial'),
    q('SIP/x'),
    q(p.start ?? '2025-03-10 09:15:00'),
    p.answer === undefined ? q('2025-03-10 09:15:07') : p.answer,
    q('2025-03-10 09:20:07'),
    p.duration ?? '307',
    p.billsec ?? '300',
    q(p.disposition ?? 'ANSWERED'),
    q('DOCUMENTATION'),
    q(p.uniqueid ?? '1741590900.1'),
    q(''),
  ].join(',');
}

function classify(line: string, c = ctx()) {
  const fields = parseCdrLine(line)!;
  return classifyCdr(fields, masterLayout.byCount.get(fields.length)!, line, c);
}

describe('call-record classification', () => {
  it('reads an answered incoming call with its times in UTC', () => {
    expect(classify(master({ src: '0501234567', dst: '201' }))).toEqual({
      source: 'import',
      externalId: '1741590900.1',
      linkedId: null,
      sequence: null,
      rowHash: null,
      direction: 'in',
      externalNumber: '0501234567',
      employeeNumber: '201',
      userId: null,
      startedAt: '2025-03-10T07:15:00.000Z',
      answeredAt: '2025-03-10T07:15:07.000Z',
      durationSeconds: 307,
      billsec: 300,
      disposition: 'answered',
      recordingUrl: null,
      recordingFile: null,
    });
  });

  it('tells outgoing from incoming by the side that is a SIP number', () => {
    const out = classify(master({ src: '202', dst: '0441234567' }));
    expect(out).toMatchObject({ direction: 'out', externalNumber: '0441234567', employeeNumber: '202' });
  });

  it('takes a short number (below N) for the employee when neither side is a SIP number', () => {
    expect(classify(master({ src: '305', dst: '0441234567' }))).toMatchObject({
      direction: 'out',
      employeeNumber: '305',
    });
    expect(classify(master({ src: '0441234567', dst: '305' }))).toMatchObject({
      direction: 'in',
      employeeNumber: '305',
    });
  });

  it('keeps an internal call (both sides short) with a short external number for the store to drop', () => {
    const call = classify(master({ src: '305', dst: '306' }));
    expect(call).toMatchObject({ externalNumber: '306' });
    const sip = classify(master({ src: '201', dst: '202' }));
    expect(sip).toMatchObject({ direction: 'out', externalNumber: '202' });
  });

  it('falls back to the channels’ peers, then to incoming to dst', () => {
    const c = ctx({ minNumberLength: 0 });
    expect(
      classify(master({ src: '0445550000', dst: '0441234567', channel: 'PJSIP/202-00000007' }), c),
    ).toMatchObject({ direction: 'out', employeeNumber: '202', externalNumber: '0441234567' });
    expect(
      classify(master({ src: '0441234567', dst: '0445550000', dstChannel: 'SIP/201-0000000e' }), c),
    ).toMatchObject({ direction: 'in', employeeNumber: '201', externalNumber: '0441234567' });
    expect(classify(master({ src: '0441234567', dst: '0445550000' }), c)).toMatchObject({
      direction: 'in',
      employeeNumber: '0445550000',
      externalNumber: '0441234567',
    });
  });

  it('takes the channels’ peer before a short number that is nobody’s: ring groups, queues, inbound routes', () => {
    expect(classify(master({ src: '0501234567', dst: '600', dstChannel: 'SIP/201-0000001a' }))).toMatchObject(
      { direction: 'in', employeeNumber: '201', externalNumber: '0501234567' },
    );
    expect(classify(master({ src: '0501234567', dst: 's', dstChannel: 'PJSIP/202-00000031' }))).toMatchObject(
      {
        direction: 'in',
        employeeNumber: '202',
        externalNumber: '0501234567',
      },
    );
    expect(classify(master({ src: '600', dst: '0441234567', channel: 'SIP/202-0000002b' }))).toMatchObject({
      direction: 'out',
      employeeNumber: '202',
      externalNumber: '0441234567',
    });
    // A SIP number on either side still comes first.
    expect(classify(master({ src: '0501234567', dst: '201', dstChannel: 'SIP/202-0000001c' }))).toMatchObject(
      { direction: 'in', employeeNumber: '201' },
    );
  });

  it('does not take an anonymous caller for an extension', () => {
    expect(classify(master({ src: '', dst: '0445550000', dstChannel: 'SIP/201-1' }))).toMatchObject({
      direction: 'in',
      externalNumber: '',
      employeeNumber: '201',
    });
  });

  it('maps dispositions in any case, anything unknown to failed', () => {
    const d = (disposition: string) =>
      (
        classify(master({ src: '0501234567', dst: '201', disposition, answer: '' })) as {
          disposition: string;
        }
      ).disposition;
    expect(['ANSWERED', 'no answer', 'Busy', 'FAILED', 'CONGESTION', 'CANCEL'].map(d)).toEqual([
      'answered',
      'no_answer',
      'busy',
      'failed',
      'congestion',
      'failed',
    ]);
    expect(
      classify(master({ src: '0501234567', dst: '201', disposition: 'NO ANSWER', answer: '' })),
    ).toMatchObject({ answeredAt: null });
  });

  it('hashes the line of a record without uniqueid', () => {
    const line = master({ src: '0501234567', dst: '201' }).split(',').slice(0, 16).join(',');
    expect(classify(line)).toMatchObject({
      externalId: null,
      rowHash: createHash('sha1').update(line).digest('hex'),
    });
  });

  it('reports bad dates and non-numeric seconds with the column', () => {
    expect(classify(master({ src: '0501234567', dst: '201', start: '2025-02-30 10:00:00' }))).toEqual({
      code: 'cdr_bad_date',
      params: { column: 'start', value: '2025-02-30 10:00:00' },
    });
    expect(classify(master({ src: '0501234567', dst: '201', answer: '"yesterday"' }))).toMatchObject({
      code: 'cdr_bad_date',
      params: { column: 'answer' },
    });
    expect(classify(master({ src: '0501234567', dst: '201', duration: '1.5' }))).toEqual({
      code: 'cdr_bad_number',
      params: { column: 'duration', value: '1.5' },
    });
    expect(classify(master({ src: '0501234567', dst: '201', billsec: '' }))).toMatchObject({
      code: 'cdr_bad_number',
      params: { column: 'billsec' },
    });
  });

  it('reads FreePBX rows: cnum before src, answer time from duration − billsec, the recording file', () => {
    const layout = customLayout(
      'calldate,src,dst,duration,billsec,disposition,uniqueid,recordingfile,cnum,linkedid,sequence',
    );
    const c = layout.byCount.get(11)!;
    const row = (s: string) => classifyCdr(s.split(','), c, s, ctx());
    expect(row('2025-03-11 09:30:00,0445550000,0441234567,25,0,NO ANSWER,17.1,,202,17.1,13')).toMatchObject({
      direction: 'out',
      employeeNumber: '202',
      externalNumber: '0441234567',
      answeredAt: null,
      externalId: '17.1',
      linkedId: '17.1',
      sequence: '13',
      recordingFile: null,
    });
    expect(row('2025-03-11 09:00:00,0501234567,201,65,60,ANSWERED,17.2,in-201.wav,,,')).toMatchObject({
      direction: 'in',
      startedAt: '2025-03-11T07:00:00.000Z',
      answeredAt: '2025-03-11T07:00:05.000Z',
      recordingFile: 'in-201.wav',
    });
  });
});
