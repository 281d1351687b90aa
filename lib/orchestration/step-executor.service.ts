import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ResolvedTaskerOptions } from '../interfaces/tasker-module-options.interface';
import { toJsonText } from '../persistence/to-json-text';
import { StepHandlerRegistry } from '../registry/step-handler.registry';
import { TASKER_OPTIONS } from '../config/tasker.tokens';
import { StepAbortedError, type AbortReason } from './abort-reasons';
import type { ClaimedStep, RunOutcome } from './claimed-step';
import { classifyFailure, describeError } from './failure-policy';
import { resultTooLarge } from './result-size';
import { createStepContext } from './step-context.factory';
import { logLine } from '../logging/log-line';
import { runInTaskerContext } from '../logging/tasker-run-context';
import { endStepSpan, startStepSpan } from '../tracing/step-span';
import { tracingEnabled } from '../tracing/tasker-tracer';
import { context } from '@opentelemetry/api';

/** A run in flight: abort it with a reason; `done` settles with its outcome (never rejects). */
export interface StepRun {
  readonly step: ClaimedStep;
  abort(reason: AbortReason): void;
  readonly done: Promise<RunOutcome>;
}

/**
 * Runs one claimed step: builds its context, calls the handler, enforces the timeout and turns
 * whatever happens into an outcome. A handler that throws, rejects, returns a non-JSON value or
 * hangs past its timeout yields an outcome like any other; nothing escapes to the worker loop.
 * An aborted run settles at once (its slot is free) even if the handler ignores its signal.
 */
@Injectable()
export class StepExecutor {
  private readonly logger = new Logger(StepExecutor.name);

  constructor(
    private readonly handlers: StepHandlerRegistry,
    @Inject(TASKER_OPTIONS) private readonly options: ResolvedTaskerOptions,
  ) {}

  start(step: ClaimedStep, publish: (event: string, payload?: Record<string, unknown>) => void): StepRun {
    const controller = new AbortController();
    const startedAt = performance.now();
    const elapsed = (): number => Math.round((performance.now() - startedAt) * 1000) / 1000;
    let timer: NodeJS.Timeout | undefined;
    let settleAborted: ((error: StepAbortedError) => void) | undefined;

    const aborted = new Promise<StepAbortedError>((resolve) => {
      settleAborted = resolve;
    });
    const abort = (reason: AbortReason): void => {
      if (controller.signal.aborted) return;
      const error = new StepAbortedError(reason, abortMessage(reason, step));
      controller.abort(error);
      settleAborted?.(error);
    };
    if (step.timeoutMs !== undefined) timer = setTimeout(() => abort('timeout'), step.timeoutMs);

    // Without a tracing SDK no span at all: a no-op span per run still costs microseconds.
    const traced = tracingEnabled()
      ? startStepSpan({
          taskId: step.taskId,
          stepName: step.stepName,
          attempt: step.attempt,
          namespace: step.task.definition.namespace,
          taskName: step.task.definition.name,
          correlationId: step.correlationId,
          traceContext: step.traceContext,
        })
      : undefined;
    const run = {
      correlationId: step.correlationId,
      taskId: step.taskId,
      stepName: step.stepName,
      attempt: step.attempt,
    };
    // The handler (and whatever it awaits) runs with its span active and its run readable by logLine.
    const invoke = (): Promise<{ value: unknown } | { thrown: unknown }> =>
      runInTaskerContext(run, () => this.invoke(step, controller.signal, publish));
    const handled = traced === undefined ? invoke() : context.with(traced.context, invoke);
    const done = Promise.race([handled, aborted.then((error) => ({ aborted: error }) as const)])
      .then((settled): RunOutcome => {
        const outcome = this.toOutcome(step, settled, elapsed());
        if (traced !== undefined) {
          const thrown = 'thrown' in settled ? settled.thrown : 'aborted' in settled ? settled.aborted : undefined;
          endStepSpan(traced.span, outcome, thrown);
        }
        return outcome;
      })
      .finally(() => {
        if (timer !== undefined) clearTimeout(timer);
        settleAborted = undefined;
      });
    return { step, abort, done };
  }

  private async invoke(
    step: ClaimedStep,
    signal: AbortSignal,
    publish: (event: string, payload?: Record<string, unknown>) => void,
  ): Promise<{ value: unknown } | { thrown: unknown }> {
    try {
      const handler = this.handlers.get(step.definition.handlerName);
      if (handler === undefined)
        throw new Error(`No step handler "${step.definition.handlerName}" is registered in this process`);
      const value: unknown = await handler.instance.process(createStepContext(step, signal, publish) as never);
      return { value };
    } catch (thrown) {
      return { thrown };
    }
  }

  private toOutcome(
    step: ClaimedStep,
    settled: { value: unknown } | { thrown: unknown } | { aborted: StepAbortedError },
    durationMs: number,
  ): RunOutcome {
    if ('aborted' in settled) {
      const cause = settled.aborted;
      return classifyFailure(step, describeError(cause), cause, durationMs, this.options.backoff);
    }
    if ('thrown' in settled) {
      const error = describeError(settled.thrown);
      this.logger.warn(
        logLine('Step failed', {
          taskId: step.taskId,
          stepName: step.stepName,
          attempt: step.attempt,
          correlationId: step.correlationId,
          durationMs,
          error: error.message,
        }),
      );
      return classifyFailure(step, error, settled.thrown, durationMs, this.options.backoff);
    }
    const result = toJsonText(settled.value);
    if ('problem' in result) {
      const error = {
        message: `Step "${step.stepName}" returned a value that cannot be stored as JSON (${result.problem})`,
        code: 'INVALID_RESULT',
        type: 'TypeError',
      };
      return { kind: 'error', error, durationMs };
    }
    const tooLarge = resultTooLarge(step.stepName, result.text, this.options.limits.maxResultBytes);
    if (tooLarge !== undefined) return { kind: 'error', error: tooLarge, durationMs };
    return { kind: 'complete', result: result.text, durationMs };
  }
}

function abortMessage(reason: AbortReason, step: ClaimedStep): string {
  switch (reason) {
    case 'timeout':
      return `Step "${step.stepName}" timed out after ${step.timeoutMs ?? 0} ms`;
    case 'cancelled':
      return `Task ${step.taskId} was cancelled`;
    case 'lease_lost':
      return `The lease on step "${step.stepName}" was lost`;
    case 'shutdown':
      return 'The worker is shutting down';
  }
}
