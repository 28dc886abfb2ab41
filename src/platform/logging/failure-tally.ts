import { Logger } from '@nestjs/common';

/** Expected failures of one code are summarised once per this many milliseconds. */
export const FAILURE_SUMMARY_MS = 10_000;

/**
 * Expected failures (a client's mistake, the database unreachable) logged at `warn` without a
 * stack and counted rather than one line each: the first failure of a code in an interval is
 * logged with its details, the rest are counted, and when the interval ends one line per code
 * says how many more there were (`count`). An outage of 82 failed requests writes a few lines.
 */
export class FailureTally {
  private readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs = FAILURE_SUMMARY_MS,
  ) {}

  record(code: string, fields: Record<string, unknown>, message: string): void {
    const seen = this.counts.get(code);
    if (seen !== undefined) {
      this.counts.set(code, seen + 1);
      return;
    }
    this.counts.set(code, 0);
    this.logger.warn({ ...fields, code }, message);
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.intervalMs);
      this.timer.unref();
    }
  }

  /** Writes the summary lines and starts a new interval. */
  flush(): void {
    this.timer = null;
    const seconds = Math.round(this.intervalMs / 1000);
    for (const [code, count] of this.counts) {
      if (count) this.logger.warn({ code, count, seconds }, `${count} more requests failed with ${code} in the last ${seconds} s`);
    }
    this.counts.clear();
  }
}
