import type { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import { AppError } from '../../http/errors.js';
import type { CallInput } from './call-input.js';
import type {
  Call,
  CallDirection,
  CallDisposition,
  PbxFinish,
  PbxRegister,
  pbxCallResponse,
} from '../../../shared/schemas/telephony.js';

export type PbxCallResponse = z.infer<typeof pbxCallResponse>;

/** An internal call is not kept, so it has no row: the PBX gets 0 for its id. */
const NOT_LOGGED: PbxCallResponse = { callId: null, state: 'done', eventId: null, logged: false };

const answer = (call: Call): PbxCallResponse => ({
  callId: call.id,
  state: call.state,
  eventId: call.eventId,
  logged: true,
});

/** SIP-style codes of cloud PBXs (see pbxFinishRequest); without one, talk time means answered. */
function dispositionOf(statusCode: number | undefined, billsec: number | undefined): CallDisposition {
  if (statusCode === undefined) return billsec ? 'answered' : 'no_answer';
  if (statusCode === 200) return 'answered';
  if (statusCode === 486) return 'busy';
  if ([304, 408, 480, 487, 603].includes(statusCode)) return 'no_answer';
  return 'failed';
}

function employeeUnknown(path: 'sipNumber' | 'userId', sipNumber: string): AppError {
  const params = { sipNumber };
  return new AppError(400, 'pbx_employee_unknown', params, {
    in: 'body',
    fields: [{ path, code: 'pbx_employee_unknown', params }],
  });
}

/** The employee side of a call as the webhook names it. */
interface Employee {
  userId: number | null;
  number: string;
}

/**
 * The PBX webhook (cloud-PBX style): `register` a ringing call — the screen pop — and `finish` it,
 * which logs the call as the call-record import would. Both are idempotent by the call id. The
 * AMI adapter announces its calls to the browsers through the same `announce*` methods.
 */
export class PbxService {
  constructor(
    _ctx: AppContext,
    private readonly services: Services,
  ) {}

  async register(req: PbxRegister): Promise<PbxCallResponse> {
    const employee = await this.employee(req.sipNumber, req.userId);
    const { call, created } = await this.services.calls.register({
      source: 'webhook',
      externalId: req.callId,
      linkedId: null,
      direction: req.direction,
      externalNumber: req.externalNumber,
      employeeNumber: employee.number,
      userId: employee.userId,
      startedAt: req.startedAt ?? new Date().toISOString(),
    });
    if (!call) return NOT_LOGGED;
    await this.announceRinging(call, created);
    return answer(call);
  }

  async finish(req: PbxFinish): Promise<PbxCallResponse> {
    const known = await this.services.calls.byExternalId(req.callId);
    // Finished already: a repeat changes nothing.
    if (known?.state === 'done') return answer(known);
    if (!known && (await this.services.calls.wasInternal(req.callId))) return NOT_LOGGED;
    const base = known ? fromCall(known) : await this.unregistered(req);
    const disposition = req.disposition ?? dispositionOf(req.statusCode, req.billsec);
    const billsec = req.billsec ?? (disposition === 'answered' ? req.durationSeconds : 0);
    const ringing = Math.max(0, req.durationSeconds - billsec);
    const input: CallInput = {
      source: 'webhook',
      externalId: req.callId,
      linkedId: null,
      sequence: null,
      rowHash: null,
      ...base,
      answeredAt:
        disposition === 'answered'
          ? new Date(Date.parse(base.startedAt) + ringing * 1000).toISOString()
          : null,
      durationSeconds: req.durationSeconds,
      billsec,
      disposition,
      recordingUrl: req.recordingUrl ?? null,
      recordingFile: null,
    };
    const result = await this.services.calls.store([input]);
    const callId = result.callIds[0] ?? null;
    if (callId === null) return NOT_LOGGED;
    const eventId = result.eventIds[0] ?? null;
    if (base.userId !== null) await this.announceFinished(base.userId, callId, eventId);
    return { callId, state: 'done', eventId, logged: true };
  }

  /** A call started ringing: a new incoming one pops up in its employee's browser if they want it. */
  async announceRinging(call: Call, created: boolean): Promise<void> {
    if (!created || call.direction !== 'in' || !call.user) return;
    const { isCallPopup } = await this.services.userParameters.telephonyOf(call.user.id);
    if (!isCallPopup) return;
    // The push names the client only when the employee may read it (the pop card checks it again).
    const viewer = await this.services.access.viewerOfUser(call.user.id);
    const visible =
      call.client !== null && (await this.services.access.canRead(viewer, 'clients', call.client.id));
    await this.services.live.publish([call.user.id], {
      type: 'call.incoming',
      call: visible ? call : { ...call, client: null, contact: null },
    });
  }

  /** A call ended: the employee's browser closes its pop-up (and may open the logged event). */
  async announceFinished(userId: number, callId: number, eventId: number | null): Promise<void> {
    await this.services.live.publish([userId], { type: 'call.finished', callId, eventId });
  }

  /** A finish without a register carries the call itself, else it cannot be logged. */
  private async unregistered(req: PbxFinish): Promise<CallBase> {
    if (!req.direction || !req.externalNumber || (req.sipNumber === undefined && req.userId === undefined))
      throw new AppError(400, 'pbx_call_unknown', { callId: req.callId });
    const employee = await this.employee(req.sipNumber, req.userId);
    return {
      direction: req.direction,
      externalNumber: req.externalNumber,
      employeeNumber: employee.number,
      userId: employee.userId,
      startedAt: req.startedAt ?? new Date(Date.now() - req.durationSeconds * 1000).toISOString(),
    };
  }

  /** A user id names the employee (their SIP number unless one is given); else the SIP number does. */
  private async employee(sipNumber: string | undefined, userId: number | undefined): Promise<Employee> {
    if (userId !== undefined) {
      const users = await this.services.users.briefByIds([userId]);
      if (!users.has(userId)) throw employeeUnknown('userId', `#${userId}`);
      const own = (await this.services.userParameters.telephonyOf(userId)).sipNumber;
      const active = (await this.services.users.activeIds([userId])).has(userId);
      return { userId: active ? userId : null, number: sipNumber || own || '' };
    }
    const number = sipNumber ?? '';
    const user = (await this.services.userParameters.sipDirectory()).get(number);
    if (!user) throw employeeUnknown('sipNumber', number);
    return { userId: user.isActive ? user.userId : null, number };
  }
}

interface CallBase {
  direction: CallDirection;
  externalNumber: string;
  employeeNumber: string;
  userId: number | null;
  startedAt: string;
}

const fromCall = (call: Call): CallBase => ({
  direction: call.direction,
  externalNumber: call.externalNumber,
  employeeNumber: call.employeeNumber,
  userId: call.user?.id ?? null,
  startedAt: call.startedAt,
});
