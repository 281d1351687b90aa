import type { ArgumentMetadata, Type } from '@nestjs/common';
import { CreateTaskDto } from '../../../lib/http/dto/create-task.dto';
import { ListTasksQuery } from '../../../lib/http/dto/list-tasks.query';
import { ResolveStepDto } from '../../../lib/http/dto/resolve-step.dto';
import { StepParams, TaskIdParams } from '../../../lib/http/dto/task-params';
import { TaskerHttpException } from '../../../lib/http/errors/tasker-http.exception';
import { taskerValidationPipe } from '../../../lib/http/validation/tasker-validation.pipe';
import { fieldProblems } from '../../../lib/http/validation/validation-details';

const pipe = taskerValidationPipe();

function check(value: unknown, metatype: Type<unknown>, type: ArgumentMetadata['type'] = 'body'): Promise<unknown> {
  return pipe.transform(value, { type, metatype });
}

/** The 400 a value gets: its body's `details`. */
async function refusal(value: unknown, metatype: Type<unknown>, type: ArgumentMetadata['type'] = 'body') {
  const error: unknown = await check(value, metatype, type).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(TaskerHttpException);
  const exception = error as TaskerHttpException;
  expect(exception.getStatus()).toBe(400);
  expect(exception.code).toBe('BAD_REQUEST');
  return { response: exception.getResponse() as { error: { message: string } }, details: exception.details };
}

describe('taskerValidationPipe', () => {
  describe('POST /tasks body', () => {
    it('should pass a valid request, the context as parsed (less any __proto__ key, which Nest strips)', async () => {
      const context = JSON.parse('{"__proto__": {"x": 1}, "items": [{"sku": "A"}]}') as Record<string, unknown>;

      const body = (await check({ name: 'order', context, tags: ['a'] }, CreateTaskDto)) as CreateTaskDto;

      expect(body).toBeInstanceOf(CreateTaskDto);
      expect(body.context).toBe(context);
      expect(Object.keys(body.context)).toEqual(['items']);
      expect(Object.getPrototypeOf(body.context)).toBe(Object.prototype);
    });

    it('should name every bad field', async () => {
      const { details, response } = await refusal(
        {
          namespace: '',
          name: 7,
          version: 'x'.repeat(33),
          context: [1],
          tags: ['ok', '', 5],
          idempotencyKey: '  ',
          extra: true,
        },
        CreateTaskDto,
      );

      const fields = (details as Array<{ field: string }>).map((problem) => problem.field);
      expect(fields.sort()).toEqual(['context', 'extra', 'idempotencyKey', 'name', 'namespace', 'tags', 'version']);
      expect(response.error.message).toMatch(/^Invalid request: /);
      expect(response.error.message).toContain('property extra should not exist');
    });

    it('should require name and context', async () => {
      const { details } = await refusal({}, CreateTaskDto);

      expect((details as Array<{ field: string }>).map((problem) => problem.field).sort()).toEqual(['context', 'name']);
    });

    it('should refuse a body that is not an object', async () => {
      const { details } = await refusal([{ name: 'x', context: {} }], CreateTaskDto);

      expect(details).toEqual(
        expect.arrayContaining([expect.objectContaining({ field: expect.any(String) as unknown })]),
      );
    });
  });

  describe('GET /tasks query', () => {
    it('should turn limit and offset into numbers', async () => {
      const query = (await check(
        { limit: '500', offset: '0', status: 'error' },
        ListTasksQuery,
        'query',
      )) as ListTasksQuery;

      expect(query).toMatchObject({ limit: 500, offset: 0, status: 'error' });
    });

    it.each([
      [{ limit: '0' }, 'limit'],
      [{ limit: '501' }, 'limit'],
      [{ limit: '2.5' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ offset: '-1' }, 'offset'],
      [{ status: 'done' }, 'status'],
      [{ status: ['error', 'complete'] }, 'status'],
      [{ name: 'x'.repeat(129) }, 'name'],
      [{ sort: 'name' }, 'sort'],
    ])('should refuse %j naming %s', async (value, field) => {
      const { details } = await refusal(value, ListTasksQuery, 'query');

      expect(details).toEqual([{ field, messages: expect.arrayContaining([expect.any(String)]) as unknown }]);
    });
  });

  describe('ids', () => {
    it('should accept any UUID and refuse anything else', async () => {
      await expect(check({ id: '01969b6e-4c1a-7d2e-9f3b-2a4c6e8f0a1b' }, TaskIdParams, 'param')).resolves.toBeDefined();
      await expect(check({ id: '00000000-0000-0000-0000-000000000000' }, TaskIdParams, 'param')).resolves.toBeDefined();
      const { details } = await refusal({ id: 'not-a-uuid', stepName: 'x'.repeat(129) }, StepParams, 'param');

      expect((details as Array<{ field: string }>).map((problem) => problem.field).sort()).toEqual(['id', 'stepName']);
    });
  });

  describe('POST .../resolve body', () => {
    it('should take any JSON as results, as parsed, and refuse other fields', async () => {
      const results = [1, { a: null }];

      const body = (await check({ results }, ResolveStepDto)) as ResolveStepDto;

      expect(body.results).toBe(results);
      await expect(check(undefined, ResolveStepDto)).resolves.toEqual({});
      const { details } = await refusal({ result: 1 }, ResolveStepDto);
      expect(details).toEqual([{ field: 'result', messages: ['property result should not exist'] }]);
    });
  });
});

describe('fieldProblems', () => {
  it('should flatten nested errors into paths, array items in brackets', () => {
    expect(
      fieldProblems([
        {
          property: 'tasks',
          children: [
            {
              property: '0',
              children: [{ property: 'name', constraints: { isString: 'name must be a string' }, children: [] }],
            },
          ],
        },
        { property: '', constraints: { unknownValue: 'an unknown value was passed' }, children: [] },
      ]),
    ).toEqual([
      { field: 'tasks[0].name', messages: ['name must be a string'] },
      { field: '(body)', messages: ['an unknown value was passed'] },
    ]);
  });
});
