import { Inject, Injectable } from '@nestjs/common';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { TASKER_OPTIONS } from '../tasker.tokens';
import type { ConcurrencyLimitProvider } from './concurrency-limit.provider';

/** A fixed limit of `concurrency.max` handlers at once. */
@Injectable()
export class FixedConcurrencyProvider implements ConcurrencyLimitProvider {
  constructor(@Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions) {}

  currentLimit(): number {
    return Math.max(this.options.concurrency.max, this.options.concurrency.min);
  }
}
