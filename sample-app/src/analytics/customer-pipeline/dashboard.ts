import { Injectable } from '@nestjs/common';
import type { Insights } from './pipeline-context';

/** The sample's "dashboard": the latest insights per period, in memory. */
@Injectable()
export class Dashboard {
  private readonly panels = new Map<string, Insights & { version: number }>();

  publish(insights: Insights): number {
    const version = (this.panels.get(insights.period)?.version ?? 0) + 1;
    this.panels.set(insights.period, { ...insights, version });
    return version;
  }

  panel(period: string): (Insights & { version: number }) | undefined {
    return this.panels.get(period);
  }
}
