import type { AppContext } from '../../context.js';
import type { Services } from '../../services.js';
import type { PbxFinish, PbxRegister } from '../../../shared/schemas/telephony.js';
import type { z } from 'zod';
import type { pbxCallResponse } from '../../../shared/schemas/telephony.js';

export type PbxCallResponse = z.infer<typeof pbxCallResponse>;

/**
 * The PBX webhook (cloud-PBX style): `register` a ringing call — the screen pop — and `finish` it,
 * which logs the call as the call-record import would. Both are idempotent by the call id.
 */
export class PbxService {
  constructor(
    private readonly ctx: AppContext,
    private readonly services: Services,
  ) {}

  async register(req: PbxRegister): Promise<PbxCallResponse> {
    void req;
    void this.ctx;
    void this.services;
    throw new Error('PbxService.register: not implemented yet (helper B)');
  }

  async finish(req: PbxFinish): Promise<PbxCallResponse> {
    void req;
    throw new Error('PbxService.finish: not implemented yet (helper B)');
  }
}
