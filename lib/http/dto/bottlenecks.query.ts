import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import type { BottleneckFilter } from '../../analytics/analytics.interface';

/** `GET /analytics/bottlenecks`: which tasks to look at. */
export class BottlenecksQuery implements BottleneckFilter {
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

  @ApiPropertyOptional({ type: String, maxLength: 32, example: '1.0.0' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;

  @ApiPropertyOptional({
    type: 'integer',
    minimum: 1,
    maximum: 720,
    default: 24,
    description: 'Tasks created in the last this many hours.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(720)
  periodHours?: number;

  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 100, default: 10, description: 'Rows per list.' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
