import { expect } from 'vitest';
import type { Client } from './app.js';
import type { Calculation } from '../../src/shared/schemas/calculations.js';

/**
 * Runs `fn` with enabled calculations made by the administrator (their ids given to it), deleted
 * afterwards. Each body is laid over `defaults` (a document type, trigger…) and a numbered name.
 */
export async function withCalculations(
  admin: Client,
  defaults: Record<string, unknown>,
  bodies: Record<string, unknown>[],
  fn: (ids: number[]) => Promise<void>,
): Promise<void> {
  const ids: number[] = [];
  try {
    for (const body of bodies) {
      const res = await admin.post('/api/v1/calculations', {
        name: `Калькуляция ${ids.length + 1}`,
        trigger: 'before_save',
        isEnabled: true,
        ...defaults,
        ...body,
      });
      expect(res.statusCode, res.body).toBe(201);
      ids.push(res.json<Calculation>().id);
    }
    await fn(ids);
  } finally {
    for (const id of ids) await admin.delete(`/api/v1/calculations/${id}`);
  }
}
