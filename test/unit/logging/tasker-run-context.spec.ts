import { ConsoleLogger, Logger } from '@nestjs/common';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { currentTaskerContext, runInTaskerContext } from '../../../lib/logging/tasker-run-context';
import { logLine } from '../../../lib/logging/log-line';

const RUN = { correlationId: 'corr-7', taskId: 't-1', stepName: 'charge', attempt: 2 };

describe('the step run context', () => {
  it('is undefined outside a run and holds across awaits inside one', async () => {
    expect(currentTaskerContext()).toBeUndefined();
    const seen = await runInTaskerContext(RUN, async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      return currentTaskerContext();
    });
    expect(seen).toEqual(RUN);
    expect(currentTaskerContext()).toBeUndefined();
  });

  it("adds the run's fields to a log line after its own, never over them", () => {
    const line = runInTaskerContext(RUN, () => logLine('charged', { amount: 5, attempt: 9 }));
    expect({ ...line }).toEqual({
      amount: 5,
      attempt: 9,
      correlationId: 'corr-7',
      taskId: 't-1',
      stepName: 'charge',
      msg: 'charged',
    });
    expect(line.toString()).toBe('charged amount=5 attempt=9 correlationId=corr-7 taskId=t-1 stepName=charge');
  });

  it('leaves a line written outside a run as it is', () => {
    expect(logLine('idle', { workerId: 'w' }).toString()).toBe('idle workerId=w');
  });
});

describe('the run context under nestjs-pino (the mixin of docs/observability.md)', () => {
  const lines: string[] = [];
  let pinoLogger: PinoNestLogger;

  beforeAll(() => {
    const stream = { write: (line: string) => void lines.push(line) };
    pinoLogger = new PinoNestLogger(
      new PinoLogger({ pinoHttp: [{ level: 'debug', mixin: () => ({ ...currentTaskerContext() }) }, stream] }),
      {},
    );
    Logger.overrideLogger(pinoLogger);
  });

  afterAll(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  it("puts the run's fields on plain-string lines inside a run, and nothing outside", async () => {
    const logger = new Logger('ChargeStep');
    await runInTaskerContext(RUN, async () => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      logger.log('charging');
    });
    logger.log('idle');
    const [inside, outside] = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(inside).toMatchObject({ msg: 'charging', context: 'ChargeStep', ...RUN });
    expect(outside).toMatchObject({ msg: 'idle' });
    expect(outside).not.toHaveProperty('correlationId');
  });
});
