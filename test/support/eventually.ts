/**
 * Polls until `check` gives a value (work done after the request: a job, a queue); fails with
 * `what` once the deadline passes. A deadline, not a timed assertion: it only bounds a wait.
 */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  what: string,
  deadlineMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
