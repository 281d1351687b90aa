import * as byName from 'nestjs-tasker';
import * as bySource from '../../lib';

describe('the package root', () => {
  it('resolves by its published name to the same module as the sources', () => {
    expect(byName.TaskerModule).toBe(bySource.TaskerModule);
    expect(byName.TaskerService).toBe(bySource.TaskerService);
  });

  it('exports every public module, service, decorator, error and the migrations', () => {
    const names = Object.keys(byName).sort();
    expect(names).toEqual(
      expect.arrayContaining([
        'DuplicateTaskError',
        'InvalidStateTransitionError',
        'OnTaskerEvent',
        'PermanentError',
        'RetryableError',
        'StepHandler',
        'StepNotFoundError',
        'TASKER_MIGRATIONS',
        'TaskHandler',
        'TaskHandlerNotFoundError',
        'TaskNotFoundError',
        'TaskValidationError',
        'TaskWaitTimeoutError',
        'TaskerError',
        'TaskerModule',
        'TaskerService',
      ]),
    );
  });

  it('gives every exported error its class name and a stable code', () => {
    const errors = [
      new byName.TaskHandlerNotFoundError('ns', 'task'),
      new byName.TaskValidationError('t', ['x']),
      new byName.DuplicateTaskError('ns', 't', 'k', 'id'),
      new byName.TaskNotFoundError('id'),
      new byName.TaskWaitTimeoutError('id', 1, 'pending'),
      new byName.StepNotFoundError('id', 's'),
      new byName.InvalidStateTransitionError('cancel', 'task', 'complete', ['pending']),
      new byName.RetryableError('r'),
      new byName.PermanentError('p'),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(byName.TaskerError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(error.constructor.name);
      expect(error.code).toMatch(/^[A-Z_]+$/);
    }
  });
});
