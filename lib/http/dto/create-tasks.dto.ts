import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, ValidateNested } from 'class-validator';
import { MAX_TASKS_PER_BATCH } from '../../orchestration/task-batch-creation';
import { CreateTaskDto } from './create-task.dto';

/**
 * `POST /tasks/batch`: 1 to 1000 `TaskRequest`s, each checked as `POST /tasks` checks its body
 * (a bad field is named with its index: `tasks[3].name`).
 */
export class CreateTasksDto {
  @ApiProperty({
    type: [CreateTaskDto],
    minItems: 1,
    maxItems: MAX_TASKS_PER_BATCH,
    description: `1 to ${MAX_TASKS_PER_BATCH} task requests, created all or nothing; answered in this order.`,
    example: [
      { namespace: 'orders', name: 'fulfil_order', context: { orderId: 'A-1001' }, idempotencyKey: 'order-A-1001' },
      { namespace: 'orders', name: 'fulfil_order', context: { orderId: 'A-1002' }, idempotencyKey: 'order-A-1002' },
    ],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TASKS_PER_BATCH)
  @ValidateNested({ each: true })
  @Type(() => CreateTaskDto)
  tasks!: CreateTaskDto[];
}
