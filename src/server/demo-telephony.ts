import type { Services } from './services.js';
import type { CallInput } from './modules/telephony/call-input.js';

const MINUTE = 60_000;

/**
 * Demo calls of the last days, logged as the call-record import would: answered and missed
 * incoming calls, outgoing ones, and an unknown number for «Неизвестные номера». Extensions of
 * three digits are internal (N = 4).
 */
export async function loadTelephonyDemo(services: Services, adminId: number): Promise<void> {
  await services.telephonySettings.update({ minNumberLength: 4 }, adminId);
  const now = Date.now();
  const call = (
    n: number,
    minutesAgo: number,
    c: Pick<CallInput, 'direction' | 'externalNumber' | 'employeeNumber' | 'disposition' | 'billsec'>,
  ): CallInput => {
    const startedAt = new Date(now - minutesAgo * MINUTE);
    const answered = c.disposition === 'answered';
    return {
      ...c,
      source: 'import',
      externalId: `demo-${n}`,
      linkedId: null,
      sequence: null,
      rowHash: null,
      userId: null,
      startedAt: startedAt.toISOString(),
      answeredAt: answered ? new Date(startedAt.getTime() + 8000).toISOString() : null,
      durationSeconds: c.billsec + (answered ? 8 : 25),
      recordingUrl: null,
      recordingFile: null,
    };
  };
  await services.calls.store([
    call(1, 60 * 26, {
      direction: 'in',
      externalNumber: '0445012233',
      employeeNumber: '103',
      disposition: 'answered',
      billsec: 184,
    }),
    call(2, 60 * 25, {
      direction: 'out',
      externalNumber: '+380671234567',
      employeeNumber: '101',
      disposition: 'answered',
      billsec: 421,
    }),
    call(3, 60 * 5, {
      direction: 'in',
      externalNumber: '0322401100',
      employeeNumber: '103',
      disposition: 'no_answer',
      billsec: 0,
    }),
    call(4, 60 * 4, {
      direction: 'out',
      externalNumber: '0322401100',
      employeeNumber: '103',
      disposition: 'busy',
      billsec: 0,
    }),
    call(5, 90, {
      direction: 'in',
      externalNumber: '0997654321',
      employeeNumber: '103',
      disposition: 'answered',
      billsec: 63,
    }),
    call(6, 30, {
      direction: 'in',
      externalNumber: '0997654321',
      employeeNumber: '102',
      disposition: 'no_answer',
      billsec: 0,
    }),
    call(7, 20, {
      direction: 'out',
      externalNumber: '102',
      employeeNumber: '101',
      disposition: 'answered',
      billsec: 40,
    }),
  ]);
}
