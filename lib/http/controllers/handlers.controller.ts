import { Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { TaskHandlerNotFoundError } from '../../errors/task-handler-not-found.error';
import { TaskHandlerRegistry } from '../../registry/task-handler.registry';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { HandlerParams, HandlerVersionQuery } from '../dto/handler-params';
import { TaskerHttpException } from '../errors/tasker-http.exception';
import { compareDefinitions, toHandlerDetail, toHandlerSummary } from '../handlers/handler-view';
import { ErrorAnswer } from '../models/error.model';
import { HandlerAnswer, HandlerListAnswer } from '../models/handler.model';
import { taskerErrorBody } from '../tasker-error-body';
import { TaskerController } from './tasker-controller.decorator';

/** The task handlers registered in this process: what can be run, and how. */
@TaskerController('handlers', 'handlers')
export class HandlersController {
  constructor(private readonly registry: TaskHandlerRegistry) {}

  @Get()
  @RequiresPermission('tasker.handler:index')
  @ApiOperation({
    summary: 'List task handlers',
    description: 'Every registered namespace/name/version with its steps.',
  })
  @ApiOkResponse({ type: HandlerListAnswer })
  list(): HandlerListAnswer {
    const definitions = this.registry.list().map((task) => task.definition);
    return { handlers: definitions.sort(compareDefinitions).map(toHandlerSummary) };
  }

  @Get(':namespace/:name')
  @RequiresPermission('tasker.handler:show')
  @ApiOperation({
    summary: 'Show a task handler',
    description: 'One version (absent: the newest) with its steps, their settings and their dependency levels.',
  })
  @ApiOkResponse({ type: HandlerAnswer })
  @ApiBadRequestResponse({
    type: ErrorAnswer,
    description: 'A parameter is too long, or the query has unknown fields.',
  })
  @ApiNotFoundResponse({
    type: ErrorAnswer,
    description: 'Nothing is registered under this namespace/name (and version): `TASK_HANDLER_NOT_FOUND`.',
  })
  show(@Param() params: HandlerParams, @Query() query: HandlerVersionQuery): HandlerAnswer {
    const { namespace, name } = params;
    try {
      const task = this.registry.resolve(namespace, name, query.version);
      const versions = this.registry
        .list()
        .map((registered) => registered.definition)
        .filter((definition) => definition.namespace === namespace && definition.name === name)
        .map((definition) => definition.version);
      return { handler: toHandlerDetail(task.definition, versions) };
    } catch (error) {
      // Unknown handler is bad input when creating a task (400), but here the resource itself is missing.
      if (error instanceof TaskHandlerNotFoundError) {
        const { code, message, details } = taskerErrorBody(error).error;
        throw new TaskerHttpException(404, code, message, details);
      }
      throw error;
    }
  }
}
