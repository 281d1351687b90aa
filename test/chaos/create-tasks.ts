import type { INestApplicationContext } from '@nestjs/common';
import { DuplicateTaskError, TaskerService } from '../../lib';
import { CHAOS_SHAPES, type ChaosContext } from './chaos-tasks';
import type { CreateRequest, CreatedReport } from './messages';

/** Shape of task `index`: linear, diamond and fan in turn; one fan in 16 is doomed. */
export function chaosTaskOf(index: number): { name: string; context: ChaosContext } {
  const shape = CHAOS_SHAPES[index % CHAOS_SHAPES.length] ?? CHAOS_SHAPES[0];
  const doomed = shape.name === 'fan' && index % 16 === 2;
  return { name: shape.name, context: doomed ? { index, doomed } : { index } };
}

export function idempotencyKeyOf(index: number): string {
  return `chaos-${index}`;
}

const PARALLEL = 8;

function later(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Creates the requested tasks, retrying each one until it exists: a failure (database restart,
 * refused connections) is retried with the same idempotency key, and a `DuplicateTaskError` on a
 * retry means an earlier attempt did create the task (its answer was lost).
 */
export async function createTasks(app: INestApplicationContext, request: CreateRequest): Promise<CreatedReport> {
  const tasker = app.get(TaskerService);
  const report: CreatedReport = { type: 'created', ids: [], retries: 0, duplicates: 0, errors: [] };
  const deadline = Date.now() + request.deadlineMs;
  const ids = new Array<string>(request.count);

  async function createOne(offset: number): Promise<void> {
    const index = request.from + offset;
    const { name, context } = chaosTaskOf(index);
    for (let attempt = 1; ; attempt += 1) {
      try {
        const task = await tasker.createTask({
          namespace: 'chaos',
          name,
          context,
          idempotencyKey: idempotencyKeyOf(index),
        });
        ids[offset] = task.id;
        return;
      } catch (error) {
        if (error instanceof DuplicateTaskError) {
          report.duplicates += 1;
          ids[offset] = error.existingTaskId;
          return;
        }
        if (Date.now() > deadline) throw error;
        report.retries += 1;
        if (report.errors.length < 5) report.errors.push(error instanceof Error ? error.message : String(error));
        await later(Math.min(1000, 50 * attempt));
      }
    }
  }

  let next = 0;
  const lanes = Array.from({ length: Math.min(PARALLEL, request.count) }, async () => {
    while (next < request.count) {
      const offset = next;
      next += 1;
      await createOne(offset);
    }
  });
  await Promise.all(lanes);
  report.ids = ids;
  return report;
}
