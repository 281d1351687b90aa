import { Injectable } from '@nestjs/common';
import type { TaskExplanation, TaskList, TaskListQuery, TaskRequest, TaskView } from './interfaces/task-view.interface';
import { TaskCreator } from './orchestration/task-creator.service';
import { TaskExplainer } from './persistence/task-explainer';
import { TaskReader } from './persistence/task-reader';

/**
 * The client of Tasker: create, read and explain tasks. Inject it anywhere in the app.
 * @publicApi
 */
@Injectable()
export class TaskerService {
  constructor(
    private readonly creator: TaskCreator,
    private readonly reader: TaskReader,
    private readonly explainer: TaskExplainer,
  ) {}

  /** Validates the request and creates the task with its steps; root steps are ready at once. */
  createTask(request: TaskRequest): Promise<TaskView> {
    return this.creator.create(request);
  }

  /** The task with its steps in dependency order; `TaskNotFoundError` when absent. */
  getTask(id: string): Promise<TaskView> {
    return this.reader.get(id);
  }

  /** A page of tasks (newest first) and the total matching the filters. */
  listTasks(query?: TaskListQuery): Promise<TaskList> {
    return this.reader.list(query);
  }

  /** Why each step of the task is, or is not, running. */
  explainTask(id: string): Promise<TaskExplanation> {
    return this.explainer.explain(id);
  }
}
