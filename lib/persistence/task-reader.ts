import { Injectable } from '@nestjs/common';
import { isTaskStatus, TASK_STATUSES } from '../domain/statuses';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskValidationError } from '../errors/task-validation.error';
import type { TaskList, TaskListQuery, TaskView } from '../interfaces/task-view.interface';
import { firstRow } from './first-row';
import { countTasksQuery, getTaskSql, listTasksQuery, type TaskViewRow } from './sql/task-view.query';
import { TaskerDatabase } from './tasker-database';
import { toTaskView } from './to-task-view';
import { isUuid } from './uuid';

const MAX_PAGE = 1000;

/**
 * Reads tasks as TaskViews, each with a fixed number of statements whatever the number of steps.
 * Reads go through `readQuery`, so a connection lost under them is retried on another.
 */
@Injectable()
export class TaskReader {
  private readonly getSql: string;

  constructor(private readonly database: TaskerDatabase) {
    this.getSql = getTaskSql(database.schema);
  }

  async get(id: string): Promise<TaskView> {
    const [row] = isUuid(id) ? await this.database.readQuery<TaskViewRow>(this.getSql, [id]) : [];
    if (row === undefined) throw new TaskNotFoundError(String(id));
    return toTaskView(row);
  }

  async list(query: TaskListQuery = {}): Promise<TaskList> {
    const errors = validateListQuery(query);
    if (errors.length > 0) throw new TaskValidationError('listTasks', errors);
    const limit = query.limit ?? 20;
    const offset = query.offset ?? 0;
    const filter = { status: query.status, namespace: query.namespace, name: query.name };
    const page = listTasksQuery(this.database.schema, filter, limit, offset);
    const rows = await this.database.readQuery<TaskViewRow>(page.text, page.values);
    const [first] = rows;
    if (first !== undefined) return { tasks: rows.map(toTaskView), total: Number(first.total) };
    if (offset === 0) return { tasks: [], total: 0 };
    const count = countTasksQuery(this.database.schema, filter);
    const counted = await this.database.readQuery<{ total: number }>(count.text, count.values);
    return { tasks: [], total: firstRow(counted, 'count(*) of tasks').total };
  }
}

function validateListQuery(query: TaskListQuery): string[] {
  const errors: string[] = [];
  if (query.status !== undefined && !isTaskStatus(query.status)) {
    errors.push(`status must be one of ${TASK_STATUSES.join(', ')}`);
  }
  if (query.limit !== undefined && (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_PAGE)) {
    errors.push(`limit must be an integer from 1 to ${MAX_PAGE}`);
  }
  if (query.offset !== undefined && (!Number.isInteger(query.offset) || query.offset < 0)) {
    errors.push('offset must be a non-negative integer');
  }
  for (const field of ['namespace', 'name'] as const) {
    if (query[field] !== undefined && typeof query[field] !== 'string') errors.push(`${field} must be a string`);
  }
  return errors;
}
