import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ConsoleLogger, Logger } from '@nestjs/common';
import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { TaskerEventBus } from '../../../lib/events/tasker-event-bus';
import { logLine } from '../../../lib/logging/log-line';
import { firstOf, present } from '../../support/present';

// ANSI colour codes, which ConsoleLogger adds when the terminal allows them.
const ANSI = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');

/** What `emit` wrote to stdout and stderr, one array item per write (one item per entry). */
function captureStdio(emit: () => void): string[] {
  const writes: string[] = [];
  const capture = (chunk: unknown): boolean => {
    writes.push(String(chunk).replace(ANSI, ''));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    emit();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return writes;
}

describe("library log lines under Nest's default ConsoleLogger", () => {
  beforeEach(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });
  afterEach(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('should print one entry holding the message and the fields', () => {
    const writes = captureStdio(() =>
      new Logger('StepWorker').log(logLine('Worker started', { workerId: 'w-1', limit: 6 })),
    );

    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain('LOG [StepWorker] Worker started workerId=w-1 limit=6');
    expect(writes[0]).not.toContain('Object(');
  });

  it('should print an error line as one entry too, with nested fields as JSON', () => {
    const writes = captureStdio(() =>
      new Logger('TaskerEventBus').error(
        logLine('An event subscriber failed', {
          event: 'task.completed',
          error: new Error('boom'),
          pool: { size: 20 },
        }),
      ),
    );

    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain(
      'ERROR [TaskerEventBus] An event subscriber failed event=task.completed error=boom pool={"size":20}',
    );
  });

  it('should print a real library line (a failing event subscriber) as one entry', () => {
    const bus = new TaskerEventBus();
    bus.subscribe('task.completed', () => {
      throw new Error('subscriber exploded');
    });

    const writes = captureStdio(() =>
      bus.publish('task.completed', { taskId: 't-1', namespace: 'n', name: 'x', version: '1.0.0' }),
    );

    expect(writes).toHaveLength(1);
    expect(writes[0]).toContain(
      '[TaskerEventBus] An event subscriber failed event=task.completed error="subscriber exploded"',
    );
  });

  it("should print one JSON entry with the fields under ConsoleLogger's json mode", () => {
    Logger.overrideLogger(new ConsoleLogger({ json: true }));

    const writes = captureStdio(() =>
      new Logger('StepWorker').log(logLine('Worker started', { workerId: 'w-1', limit: 6 })),
    );

    expect(writes).toHaveLength(1);
    expect(JSON.parse(firstOf(writes, 'write'))).toMatchObject({
      level: 'log',
      context: 'StepWorker',
      message: { msg: 'Worker started', workerId: 'w-1', limit: 6 },
    });
  });

  it('(the old call shape, for contrast, printed two entries)', () => {
    const writes = captureStdio(() => new Logger('StepWorker').log({ workerId: 'w-1' }, 'Worker started'));

    expect(writes).toHaveLength(2);
    expect(writes[0]).toContain('Object(1)');
  });
});

describe('library log lines under nestjs-pino', () => {
  const lines: string[] = [];
  let pinoLogger: PinoNestLogger;

  beforeAll(() => {
    const stream = { write: (line: string) => void lines.push(line) };
    pinoLogger = new PinoNestLogger(new PinoLogger({ pinoHttp: [{ level: 'debug' }, stream] }), {});
  });

  beforeEach(() => {
    lines.length = 0;
    Logger.overrideLogger(pinoLogger);
  });

  afterAll(() => {
    Logger.overrideLogger(new ConsoleLogger());
  });

  it('should write one JSON record with msg, the context and every field at the top level', () => {
    new Logger('StepWorker').log(logLine('Worker started', { workerId: 'w-1', limit: 6, pool: { size: 20 } }));

    expect(lines).toHaveLength(1);
    expect(JSON.parse(firstOf(lines, 'pino line'))).toMatchObject({
      level: 30,
      context: 'StepWorker',
      msg: 'Worker started',
      workerId: 'w-1',
      limit: 6,
      pool: { size: 20 },
    });
  });

  it('should write warnings and errors the same way, with an error field as its message', () => {
    new Logger('PgNotificationListener').warn(
      logLine('Notification connection lost; reconnecting', { retryInMs: 200 }),
    );
    new Logger('TaskerDatabase').error(
      logLine('Closing the data source failed', { error: new Error('socket hang up') }),
    );

    expect(lines.map((line) => JSON.parse(line) as Record<string, unknown>)).toEqual([
      expect.objectContaining({
        level: 40,
        context: 'PgNotificationListener',
        msg: 'Notification connection lost; reconnecting',
        retryInMs: 200,
      }),
      expect.objectContaining({
        level: 50,
        context: 'TaskerDatabase',
        msg: 'Closing the data source failed',
        error: 'socket hang up',
      }),
    ]);
  });

  it('should write a real library line (a failing event subscriber) as one record', () => {
    const bus = new TaskerEventBus();
    bus.subscribe('task.completed', () => {
      throw new Error('subscriber exploded');
    });

    bus.publish('task.completed', { taskId: 't-1', namespace: 'n', name: 'x', version: '1.0.0' });

    expect(lines).toHaveLength(1);
    expect(JSON.parse(firstOf(lines, 'pino line'))).toMatchObject({
      level: 50,
      context: 'TaskerEventBus',
      msg: 'An event subscriber failed',
      event: 'task.completed',
      error: 'subscriber exploded',
    });
  });
});

describe('every library log call', () => {
  it('should pass one logLine(...) argument', () => {
    const root = join(__dirname, '../../..');
    const files = (readdirSync(join(root, 'lib'), { recursive: true }) as string[])
      .filter((file) => file.endsWith('.ts'))
      .map((file) => join(root, 'lib', file));
    const offenders: string[] = [];
    for (const file of files) {
      const path = relative(root, file);
      const calls = readFileSync(file, 'utf8').matchAll(
        /\bthis\.logger\.(?:log|warn|error|debug|verbose|fatal)\(\s*([^\s)]*)/g,
      );
      for (const call of calls) {
        if (!present(call[1], `logger argument in ${path}`).startsWith('logLine('))
          offenders.push(`${path}: ${call[0]}`);
      }
    }
    expect(offenders).toEqual([]);
  });
});
