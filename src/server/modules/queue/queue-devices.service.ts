import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { DB } from '../../db/schema.js';
import type { Services } from '../../services.js';
import type { DeviceKind } from '../../../shared/schemas/queue.js';

/** The device a kiosk or board request came from (`req.queueDevice`). */
export interface QueueDeviceRef {
  id: number;
  name: string;
  kind: DeviceKind;
  ticketsPerMinute: number;
  /** Offered (kiosk) or shown (board); empty: all. */
  serviceIds: number[];
}

/** Kiosks and display boards: the registry (administrators) and the token check of their routes. */
export class QueueDevicesService {
  private readonly db: Kysely<DB>;

  constructor(
    ctx: AppContext,
    private readonly services: Services,
  ) {
    this.db = ctx.database.db;
  }

  /** The active device of this kind with this token; else 401 `queue_device_invalid`. */
  verify(token: string, kind: DeviceKind): Promise<QueueDeviceRef> {
    throw new Error(`queue devices: verify(${token.length}, ${kind}) is written by the devices work`);
  }
}
