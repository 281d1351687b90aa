import { Injectable } from '@nestjs/common';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import type {
  StepBlockedReason,
  StepStatus,
  TaskExecutionStatus,
  TaskExplanation,
  TaskStatus,
} from '../interfaces/task-view.interface';
import { explainTaskSql, type ExplainTaskRow } from './sql/explain-task.query';
import { TaskerDatabase } from './tasker-database';
import { isUuid } from './uuid';

/** Answers "why is this step not running?" from the readiness functions, in one statement. */
@Injectable()
export class TaskExplainer {
  private readonly sql: string;

  constructor(private readonly database: TaskerDatabase) {
    this.sql = explainTaskSql(database.schema);
  }

  async explain(id: string): Promise<TaskExplanation> {
    if (!isUuid(id)) throw new TaskNotFoundError(String(id));
    const [row] = await this.database.query<ExplainTaskRow>(this.sql, [id]);
    if (row === undefined) throw new TaskNotFoundError(id);
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
        blockedBy: step.blockedBy as StepBlockedReason,
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
