import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { TASK_STATUSES } from '../../domain/statuses';
import type { TaskListQuery, TaskStatus } from '../../interfaces/task-view.interface';

/** The largest page `GET /tasks` serves. */
export const MAX_TASK_PAGE = 500;

/** `GET /tasks?status=&namespace=&name=&limit=&offset=`: filters and paging, newest tasks first. */
export class ListTasksQuery implements TaskListQuery {
  @ApiPropertyOptional({ enum: TASK_STATUSES, example: 'error' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: TaskStatus;

  @ApiPropertyOptional({ type: String, maxLength: 64, example: 'orders' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  namespace?: string;

  @ApiPropertyOptional({ type: String, maxLength: 128, example: 'fulfil_order' })
  @IsOptional()
  @IsString()
  @MaxLength(128)
  name?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_TASK_PAGE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_TASK_PAGE)
  limit?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset?: number;
}
