import { useSignedInUser } from '../../auth/session.js';
import { useMyAccess } from '../../access/access.api.js';

export interface QueueRights {
  /** The caller's rights are still loading (an administrator's are known at once). */
  pending: boolean;
  /** Tickets, statistics and the setup: administrators and the «Справочники» settings area, read or write. */
  canRead: boolean;
  /** Changing queues and windows: administrators and the «Справочники» area with write. */
  canWrite: boolean;
  /** Kiosks and boards (their tokens): administrators only. */
  isAdmin: boolean;
}

/** What the caller may do in Электронная очередь beyond the operator desk; the server checks anyway. */
export function useQueueRights(): QueueRights {
  const { isAdmin } = useSignedInUser();
  const access = useMyAccess();
  if (isAdmin) return { pending: false, canRead: true, canWrite: true, isAdmin };
  const books = access.data?.areas.books ?? 'none';
  return { pending: access.isPending, canRead: books !== 'none', canWrite: books === 'write', isAdmin };
}
