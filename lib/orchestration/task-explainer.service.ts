import { Inject, Injectable } from '@nestjs/common';
import { TASKER_CONCURRENCY_PROVIDER, type ConcurrencyLimitProvider } from '../concurrency/concurrency-limit.provider';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import type {
  StepBlockedReason,
  StepStatus,
  TaskExecutionStatus,
  TaskExplanation,
  TaskStatus,
} from '../interfaces/task-view.interface';
import { explainTaskSql, type ExplainTaskRow } from '../persistence/sql/explain-task.query';
import { TaskerDatabase } from '../persistence/tasker-database';
import { isUuid } from '../persistence/uuid';
import { StepWorker } from './step-worker.service';

/**
 * Answers "why is this step not running?" from the readiness functions, in one statement. A ready
 * step waits on `concurrency` when this process's worker runs at its limit.
 */
@Injectable()
export class TaskExplainer {
  private readonly sql: string;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly worker: StepWorker,
    @Inject(TASKER_CONCURRENCY_PROVIDER) private readonly concurrency: ConcurrencyLimitProvider,
  ) {
    this.sql = explainTaskSql(database.schema);
  }

  async explain(id: string): Promise<TaskExplanation> {
    if (!isUuid(id)) throw new TaskNotFoundError(String(id));
    const [row] = await this.database.readQuery<ExplainTaskRow>(this.sql, [id]);
    if (row === undefined) throw new TaskNotFoundError(id);
    const saturated = this.worker.isRunning && this.worker.inFlight >= this.concurrency.currentLimit();
    return {
      taskId: row.task_id,
      status: row.status as TaskStatus,
      executionStatus: row.execution_status as TaskExecutionStatus,
      totalSteps: Number(row.total_steps),
      completedSteps: Number(row.completed_steps),
      readySteps: Number(row.ready_steps),
      failedSteps: Number(row.failed_steps),
      inProgressSteps: Number(row.in_progress_steps),
      completionPercentage: Number(row.completion_percentage),
      steps: (row.steps ?? []).map((step) => ({
        name: step.name,
        status: step.status as StepStatus,
        ready: step.ready,
        blockedBy: (step.ready && saturated ? 'concurrency' : step.blockedBy) as StepBlockedReason,
        waitingOn: step.waitingOn ?? [],
        totalParents: Number(step.totalParents),
        completedParents: Number(step.completedParents),
        attempts: step.attempts,
        maxAttempts: step.maxAttempts,
        nextRetryAt: step.nextRetryAt === null ? null : new Date(step.nextRetryAt).toISOString(),
      })),
    };
  }
}
