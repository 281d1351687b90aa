import { Body, Delete, Get, Headers, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { TaskExplanation } from '../../interfaces/task-view.interface';
import { TaskerService } from '../../client/tasker.service';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { taskMermaid } from '../diagram/task-mermaid';
import { CreateTaskDto } from '../dto/create-task.dto';
import { CreateTasksDto } from '../dto/create-tasks.dto';
import { ListTasksQuery } from '../dto/list-tasks.query';
import { TaskIdParams } from '../dto/task-params';
import { ErrorAnswer } from '../models/error.model';
import { TaskDiagramAnswer, TaskExplanationModel } from '../models/task-explanation.model';
import { TaskAnswer, TaskBatchAnswer, TaskListAnswer } from '../models/task-view.model';
import { TaskerController } from './tasker-controller.decorator';
import { CORRELATION_ID_HEADER, toTaskRequest } from './to-task-request';

const BAD_INPUT = {
  type: ErrorAnswer,
  description: 'Bad input: `details` names every bad field (`{ field, messages }`).',
};
const BAD_ID = { type: ErrorAnswer, description: 'The id is not a UUID.' };
const NOT_FOUND = { type: ErrorAnswer, description: 'No task has this id (`TASK_NOT_FOUND`).' };

/** Tasks: create (one or a batch), list, show, cancel, explain, diagram. */
@TaskerController('tasks', 'tasks')
export class TasksController {
  constructor(private readonly tasker: TaskerService) {}

  @Post()
  @HttpCode(201)
  @RequiresPermission('tasker.task:create')
  @ApiOperation({
    summary: 'Create a task',
    description: 'Validates the request and creates the task with its steps; root steps are ready at once.',
  })
  @ApiHeader({
    name: CORRELATION_ID_HEADER,
    required: false,
    description: "The task's correlation id when the body has no correlationId (same format).",
  })
  @ApiCreatedResponse({ type: TaskAnswer })
  @ApiBadRequestResponse({
    type: ErrorAnswer,
    description:
      "Bad input (an invalid X-Correlation-ID included), a context failing the handler's contextSchema (`TASK_VALIDATION_FAILED`) or an unknown namespace/name/version (`TASK_HANDLER_NOT_FOUND`).",
  })
  @ApiConflictResponse({
    type: ErrorAnswer,
    description: 'A task with this idempotencyKey exists (`DUPLICATE_TASK`, `details.existingTaskId`).',
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorAnswer,
    description: 'The context is over limits.maxContextBytes (`CONTEXT_TOO_LARGE`).',
  })
  async create(
    @Body() body: CreateTaskDto,
    @Headers(CORRELATION_ID_HEADER.toLowerCase()) correlationId?: string,
  ): Promise<TaskAnswer> {
    return { task: await this.tasker.createTask(toTaskRequest(body, correlationId)) };
  }

  @Post('batch')
  @HttpCode(201)
  @RequiresPermission('tasker.task:create')
  @ApiOperation({
    summary: 'Create tasks in a batch',
    description:
      'Creates 1 to 1000 tasks in one transaction, all or nothing: every request is checked first, and one bad request refuses the batch (nothing is written). ' +
      "A refusal is the first offending request's error, with its status; `details.items` lists every offending request as `{ index, code, message }`. " +
      'A request whose idempotencyKey is already taken (or repeats within the batch) answers with the task holding it; nothing is written for it.',
  })
  @ApiCreatedResponse({ type: TaskBatchAnswer })
  @ApiBadRequestResponse({
    type: ErrorAnswer,
    description:
      'Bad input (`BAD_REQUEST`: `details` names each bad field with its index, e.g. `tasks[3].name`; no tasks or more than 1000), ' +
      "or a request's context failing its contextSchema (`TASK_VALIDATION_FAILED`) or naming no registered handler (`TASK_HANDLER_NOT_FOUND`): `details.items` lists every offending request.",
  })
  @ApiPayloadTooLargeResponse({
    type: ErrorAnswer,
    description:
      "The first offending request's context is over limits.maxContextBytes (`CONTEXT_TOO_LARGE`); `details.items` lists every offending request.",
  })
  @ApiHeader({
    name: CORRELATION_ID_HEADER,
    required: false,
    description:
      "The correlation id of every task in the batch whose request sets none (a request's own `correlationId` wins).",
  })
  async createBatch(
    @Body() body: CreateTasksDto,
    @Headers(CORRELATION_ID_HEADER.toLowerCase()) correlationId?: string,
  ): Promise<TaskBatchAnswer> {
    return { tasks: await this.tasker.createTasks(body.tasks.map((task) => toTaskRequest(task, correlationId))) };
  }

  @Get()
  @RequiresPermission('tasker.task:index')
  @ApiOperation({
    summary: 'List tasks',
    description: 'A page of tasks, newest first, and the total matching the filters.',
  })
  @ApiOkResponse({ type: TaskListAnswer })
  @ApiBadRequestResponse(BAD_INPUT)
  list(@Query() query: ListTasksQuery): Promise<TaskListAnswer> {
    const { status, namespace, name, limit, offset } = query;
    return this.tasker.listTasks({ status, namespace, name, limit, offset });
  }

  @Get(':id')
  @RequiresPermission('tasker.task:show')
  @ApiOperation({ summary: 'Show a task', description: 'The task with its steps in dependency order.' })
  @ApiOkResponse({ type: TaskAnswer })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NOT_FOUND)
  async show(@Param() params: TaskIdParams): Promise<TaskAnswer> {
    return { task: await this.tasker.getTask(params.id) };
  }

  @Delete(':id')
  @RequiresPermission('tasker.task:cancel')
  @ApiOperation({
    summary: 'Cancel a task',
    description: 'Allowed for a pending, in-progress or failed task: no further step runs, running ones are aborted.',
  })
  @ApiOkResponse({ type: TaskAnswer })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse({
    type: ErrorAnswer,
    description: 'The task is already finished (`INVALID_STATE_TRANSITION`).',
  })
  async cancel(@Param() params: TaskIdParams): Promise<TaskAnswer> {
    return { task: await this.tasker.cancelTask(params.id) };
  }

  @Get(':id/explain')
  @RequiresPermission('tasker.task:explain')
  @ApiOperation({ summary: 'Explain a task', description: 'Why each step is, or is not, running.' })
  @ApiOkResponse({ type: TaskExplanationModel })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NOT_FOUND)
  explain(@Param() params: TaskIdParams): Promise<TaskExplanation> {
    return this.tasker.explainTask(params.id);
  }

  @Get(':id/diagram')
  @RequiresPermission('tasker.task:show')
  @ApiOperation({
    summary: 'Diagram of a task',
    description:
      'The DAG as a Mermaid flowchart with each step styled by its status. Needs the permission of showing the task.',
  })
  @ApiOkResponse({ type: TaskDiagramAnswer })
  @ApiBadRequestResponse(BAD_ID)
  @ApiNotFoundResponse(NOT_FOUND)
  async diagram(@Param() params: TaskIdParams): Promise<TaskDiagramAnswer> {
    return { mermaid: taskMermaid(await this.tasker.getTask(params.id)) };
  }
}
