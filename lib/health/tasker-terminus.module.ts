import { TerminusModule } from '@nestjs/terminus';

/**
 * Terminus as Tasker imports it: a failed check is logged as one JSON line. Created once, so that
 * Tasker's modules share one instance (Nest deduplicates dynamic modules by reference).
 */
export const TASKER_TERMINUS_MODULE = TerminusModule.forRoot({ errorLogStyle: 'json' });
