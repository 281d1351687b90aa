import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { isFinishedTaskStatus } from '../domain/statuses';
import { TaskerEventBus } from '../events/tasker-event-bus';
import { TaskNotFoundError } from '../errors/task-not-found.error';
import { TaskWaitTimeoutError } from '../errors/task-wait-timeout.error';
import { TaskerShuttingDownError } from '../errors/tasker-shutting-down.error';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import type { TaskView } from '../interfaces/task-view.interface';
import { taskStatusesSql } from '../persistence/sql/operator-actions.query';
import { TaskReader } from '../persistence/task-reader';
import { TaskerDatabase } from '../persistence/tasker-database';
import { isUuid } from '../persistence/uuid';
import { TASKER_OPTIONS } from '../config/tasker.tokens';

const FINISHING_EVENTS = ['task.completed', 'task.failed', 'task.cancelled'] as const;

interface Waiter {
  resolve(view: TaskView): void;
  reject(error: unknown): void;
}

/**
 * Resolves `waitForTask` calls. Tasks finished by this process wake their waiters at once through
 * the event bus; tasks finished elsewhere are noticed by one status query for all waited tasks
 * every `pollIntervalMs` (only while someone waits).
 */
@Injectable()
export class TaskWaiter implements OnModuleDestroy {
  private readonly waiters = new Map<string, Set<Waiter>>();
  private readonly statusSql: string;
  private readonly unsubscribes: Array<() => void>;
  private pollTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly database: TaskerDatabase,
    private readonly reader: TaskReader,
    events: TaskerEventBus,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {
    this.statusSql = taskStatusesSql(database.schema);
    this.unsubscribes = FINISHING_EVENTS.map((event) =>
      events.subscribe(event, (payload) => this.settle(String(payload.taskId))),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes) unsubscribe();
    this.stopPolling();
    const pending = [...this.waiters.entries()];
    this.waiters.clear();
    for (const [id, set] of pending) {
      for (const waiter of set) waiter.reject(new TaskerShuttingDownError(`waiting for task ${id}`));
    }
  }

  async wait(id: string, timeoutMs = 60_000): Promise<TaskView> {
    if (!isUuid(id)) throw new TaskNotFoundError(String(id));
    let waiter: Waiter | undefined;
    const settled = new Promise<TaskView>((resolve, reject) => {
      waiter = { resolve, reject };
    });
    settled.catch(() => undefined); // observed below; this only keeps an early rejection from going unhandled
    const registered = waiter as Waiter;
    // Registered before the first read, so a task finishing in between is not missed.
    this.add(id, registered);
    let timer: NodeJS.Timeout | undefined;
    try {
      const view = await this.reader.get(id);
      if (isFinishedTaskStatus(view.status)) return view;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new TaskWaitTimeoutError(id, timeoutMs, view.status)), timeoutMs);
      });
      return await Promise.race([settled, timeout]);
    } finally {
      if (timer !== undefined) clearTimeout(timer);
      this.remove(id, registered);
    }
  }

  private add(id: string, waiter: Waiter): void {
    let set = this.waiters.get(id);
    if (set === undefined) {
      set = new Set();
      this.waiters.set(id, set);
    }
    set.add(waiter);
    this.pollTimer ??= setInterval(() => void this.poll(), this.options.worker.pollIntervalMs);
  }

  private remove(id: string, waiter: Waiter): void {
    const set = this.waiters.get(id);
    set?.delete(waiter);
    if (set !== undefined && set.size === 0) this.waiters.delete(id);
    if (this.waiters.size === 0) this.stopPolling();
  }

  private async settle(id: string): Promise<void> {
    const set = this.waiters.get(id);
    if (set === undefined) return;
    this.waiters.delete(id);
    if (this.waiters.size === 0) this.stopPolling();
    try {
      const view = await this.reader.get(id);
      for (const waiter of set) waiter.resolve(view);
    } catch (error) {
      for (const waiter of set) waiter.reject(error);
    }
  }

  private async poll(): Promise<void> {
    const ids = [...this.waiters.keys()];
    if (ids.length === 0) return;
    try {
      const rows = await this.database.readQuery<{ id: string; status: string }>(this.statusSql, [ids]);
      for (const row of rows) if (isFinishedTaskStatus(row.status)) void this.settle(row.id);
    } catch {
      // The next poll tries again; a waiter's own timeout bounds the wait.
    }
  }

  private stopPolling(): void {
    if (this.pollTimer !== undefined) clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }
}
