import type { Logger } from '@nestjs/common';
import { logLine } from '../logging/log-line';

/** The lines an {@link OutageLog} writes, and the fields every line carries. */
export interface OutageMessages {
  /** Written at the first failure, with its error. */
  down: string;
  /** Written at the first success after failures, with how long they lasted and how many tries failed. */
  up: string;
  fields: Record<string, unknown>;
}

/**
 * Logs an outage once per change of state instead of once per try: the first failure (with its
 * error) and the first success after it (with how long the outage lasted and how many tries
 * failed). A worker retrying every few hundred milliseconds through a database restart writes two
 * lines, not hundreds.
 */
export class OutageLog {
  private downSince: number | undefined;
  private failedTries = 0;

  constructor(
    private readonly logger: Pick<Logger, 'error' | 'log'>,
    private readonly messages: OutageMessages,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether the last try failed. */
  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** A try failed; `retryInMs` is when the next one goes. */
  failed(error: unknown, retryInMs?: number): void {
    this.failedTries += 1;
    if (this.downSince !== undefined) return;
    this.downSince = this.now();
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(logLine(this.messages.down, { ...this.messages.fields, error: message, retryInMs }));
  }

  /** A try succeeded. */
  succeeded(): void {
    if (this.downSince === undefined) return;
    const downForMs = this.now() - this.downSince;
    const failedTries = this.failedTries;
    this.downSince = undefined;
    this.failedTries = 0;
    this.logger.log(logLine(this.messages.up, { ...this.messages.fields, downForMs, failedTries }));
  }
}
