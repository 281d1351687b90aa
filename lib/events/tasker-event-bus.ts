import { Injectable, Logger } from '@nestjs/common';
import type { TaskerEventMap, TaskerEventName } from './tasker-event-map';
import { logLine } from '../logging/log-line';

/** A subscriber callback; it receives the event's payload. */
export type TaskerEventListener = (payload: Record<string, unknown>) => unknown;

/**
 * Delivers events to the subscribers of this process (one bus per Tasker module instance). A
 * subscriber that throws or rejects is logged and changes nothing else; delivery never blocks the
 * worker (async subscribers are not awaited).
 */
@Injectable()
export class TaskerEventBus {
  private readonly logger = new Logger(TaskerEventBus.name);
  private readonly listeners = new Map<string, Set<TaskerEventListener>>();

  /** Subscribes to an event name; returns the unsubscribe function. */
  subscribe(event: string, listener: TaskerEventListener): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(event);
    };
  }

  /** Whether anything listens to `event` (lets callers skip building payloads nobody reads). */
  hasListeners(event: string): boolean {
    return this.listeners.has(event);
  }

  publish<E extends TaskerEventName>(event: E, payload: TaskerEventMap[E]): void;
  publish(event: string, payload: Record<string, unknown>): void;
  publish(event: string, payload: object): void {
    const set = this.listeners.get(event);
    if (set === undefined) return;
    const frozen = Object.freeze({ ...payload }) as Record<string, unknown>;
    for (const listener of [...set]) {
      try {
        const result = listener(frozen);
        if (result instanceof Promise) result.catch((error: unknown) => this.reportFailure(event, error));
      } catch (error) {
        this.reportFailure(event, error);
      }
    }
  }

  private reportFailure(event: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.logger.error(logLine('An event subscriber failed', { event, error: message }));
  }
}
