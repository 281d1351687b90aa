import { Injectable, Module } from '@nestjs/common';
import { PermanentError, StepHandler, TaskHandler, type StepContext, type StepHandlerContract } from '../../lib';

/** Whether the flaky source is down: while it is, `fetch` fails for good; the test brings it back. */
@Injectable()
export class SourceSwitch {
  down = true;
}

@StepHandler('dashboard.prepare')
export class PrepareStep implements StepHandlerContract {
  process(): { ready: true } {
    return { ready: true };
  }
}

@StepHandler('dashboard.fetch')
export class FetchStep implements StepHandlerContract {
  constructor(private readonly source: SourceSwitch) {}

  process(): { rows: number } {
    if (this.source.down) throw new PermanentError('the report source is down', { code: 'SOURCE_DOWN' });
    return { rows: 3 };
  }
}

@StepHandler('dashboard.publish')
export class PublishStep implements StepHandlerContract {
  process(ctx: StepContext): { published: number } {
    return { published: ctx.result<{ rows: number }>('fetch').rows };
  }
}

/** prepare → fetch → publish: `fetch` fails permanently while the source is down. */
@TaskHandler({
  namespace: 'dashboard',
  name: 'report',
  version: '1.0.0',
  description: 'fetches a report and publishes it',
  steps: [
    { name: 'prepare', handler: 'dashboard.prepare' },
    { name: 'fetch', handler: 'dashboard.fetch', dependsOn: ['prepare'] },
    { name: 'publish', handler: 'dashboard.publish', dependsOn: ['fetch'] },
  ],
})
export class ReportTask {}

@Module({ providers: [SourceSwitch, PrepareStep, FetchStep, PublishStep, ReportTask] })
export class DashboardFixtureModule {}
