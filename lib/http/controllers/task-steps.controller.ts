import { Body, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { TaskerService } from '../../client/tasker.service';
import { RequiresPermission } from '../auth/tasker-permission.decorator';
import { ResolveStepDto } from '../dto/resolve-step.dto';
import { StepParams } from '../dto/task-params';
import { ErrorAnswer } from '../models/error.model';
import { TaskAnswer } from '../models/task-view.model';
import { TaskerController } from './tasker-controller.decorator';

const NOT_FOUND = { type: ErrorAnswer, description: 'No such task (`TASK_NOT_FOUND`) or step (`STEP_NOT_FOUND`).' };
const BAD_INPUT = { type: ErrorAnswer, description: 'The task id is not a UUID, or the body has unknown fields.' };

/** Operator actions on one step of a task. */
@TaskerController('tasks/:id/steps', 'steps')
export class TaskStepsController {
  constructor(private readonly tasker: TaskerService) {}

  @Post(':stepName/retry')
  @HttpCode(200)
  @RequiresPermission('tasker.step:retry')
  @ApiOperation({
    summary: 'Retry a failed step',
    description:
      'Gives a step in `error` a fresh set of attempts and puts its task back in progress; the answer already shows it.',
  })
  @ApiOkResponse({ type: TaskAnswer })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse({
    type: ErrorAnswer,
    description: 'The step is not in `error` (`INVALID_STATE_TRANSITION`).',
  })
  async retry(@Param() params: StepParams): Promise<TaskAnswer> {
    return { task: await this.tasker.retryStep(params.id, params.stepName) };
  }

  @Post(':stepName/resolve')
  @HttpCode(200)
  @RequiresPermission('tasker.step:resolve')
  @ApiOperation({
    summary: 'Resolve a step by hand',
    description:
      'Marks a pending, waiting or failed step as resolved with `results` (absent: null); its dependants run.',
  })
  @ApiBody({ type: ResolveStepDto, required: false })
  @ApiOkResponse({ type: TaskAnswer })
  @ApiBadRequestResponse(BAD_INPUT)
  @ApiNotFoundResponse(NOT_FOUND)
  @ApiUnprocessableEntityResponse({
    type: ErrorAnswer,
    description: 'The step is running or finished (`INVALID_STATE_TRANSITION`).',
  })
  async resolve(@Param() params: StepParams, @Body() body: ResolveStepDto): Promise<TaskAnswer> {
    return { task: await this.tasker.resolveStepManually(params.id, params.stepName, body.results) };
  }
}
