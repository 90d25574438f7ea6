/** Электронная очередь: the operator desk, today's tickets, statistics, setup (tabs). */
export function QueuePage() {
  return null;
}
