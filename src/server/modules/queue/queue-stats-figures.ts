/** The figures of one group of tickets (a day, a service, an operator, or all), as the stats answer them. */
export interface StatFigures {
  tickets: number;
  served: number;
  noShows: number;
  redirected: number;
  avgWaitSeconds: number | null;
  p90WaitSeconds: number | null;
  avgServiceSeconds: number | null;
  p90ServiceSeconds: number | null;
}

/** What one ticket row adds to a group. */
export interface TicketFacts {
  state: string;
  /** first_called_at − issued_at; null when never called. */
  waitSeconds: number | null;
  /** finished_at − serving_at of a done ticket; else null. */
  serviceSeconds: number | null;
}

/** Counts and measurements of a group, added to ticket by ticket. */
export class FiguresAccumulator {
  private tickets = 0;
  private served = 0;
  private noShows = 0;
  private redirected = 0;
  private readonly waits: number[] = [];
  private readonly services: number[] = [];

  add(t: TicketFacts): void {
    this.tickets++;
    if (t.state === 'done') this.served++;
    else if (t.state === 'no_show') this.noShows++;
    else if (t.state === 'redirected') this.redirected++;
    if (t.waitSeconds !== null) this.waits.push(t.waitSeconds);
    if (t.serviceSeconds !== null) this.services.push(t.serviceSeconds);
  }

  figures(): StatFigures {
    return {
      tickets: this.tickets,
      served: this.served,
      noShows: this.noShows,
      redirected: this.redirected,
      avgWaitSeconds: average(this.waits),
      p90WaitSeconds: percentile(this.waits, 0.9),
      avgServiceSeconds: average(this.services),
      p90ServiceSeconds: percentile(this.services, 0.9),
    };
  }
}

/** Seconds to a tenth. */
function tenths(seconds: number): number {
  return Math.round(seconds * 10) / 10;
}

export function average(values: number[]): number | null {
  if (!values.length) return null;
  let sum = 0;
  for (const v of values) sum += v;
  return tenths(sum / values.length);
}

/** The nearest-rank percentile: the smallest value with at least `p` of all at or below it. */
export function percentile(values: number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = Float64Array.from(values).sort();
  return tenths(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!);
}
