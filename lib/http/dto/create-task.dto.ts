import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsObject, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import type { TaskRequest } from '../../interfaces/task-view.interface';
import { CORRELATION_ID_PATTERN } from '../../orchestration/validate-task-request';
import { RawJson } from './raw-json';

const NOT_BLANK = /\S/;
const notBlank = { message: '$property must not be blank' };

/**
 * `POST /tasks`: a `TaskRequest`. The lengths match what `TaskerService.createTask` accepts; the
 * context's schema and size (`limits.maxContextBytes`, 413) are checked by the service.
 */
export class CreateTaskDto implements TaskRequest {
  @ApiPropertyOptional({ type: String, maxLength: 64, default: 'default', example: 'orders' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(64)
  namespace?: string;

  @ApiProperty({ type: String, maxLength: 128, example: 'fulfil_order' })
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(128)
  name!: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 32,
    description: 'Absent: the newest registered version.',
    example: '1.0.0',
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(32)
  version?: string;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      "The task's input: a JSON object, checked against the handler's contextSchema; at most limits.maxContextBytes (1 MiB) of JSON.",
    example: { orderId: 'A-1001', items: [{ sku: 'BOOK-1', quantity: 2 }] },
  })
  @RawJson()
  @IsObject()
  context!: Record<string, unknown>;

  @ApiPropertyOptional({ type: String, maxLength: 128, example: 'alice@example.com' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(128)
  initiator?: string;

  @ApiPropertyOptional({ type: String, maxLength: 128, example: 'web-shop' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(128)
  sourceSystem?: string;

  @ApiPropertyOptional({ type: String, maxLength: 256, example: 'order placed' })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(256)
  reason?: string;

  @ApiPropertyOptional({ type: [String], description: 'Each 1 to 128 characters.', example: ['priority'] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @Matches(NOT_BLANK, { each: true, message: 'each value in $property must not be blank' })
  @MaxLength(128, { each: true })
  tags?: string[];

  @ApiPropertyOptional({
    type: String,
    maxLength: 256,
    description:
      'At most one task per namespace/name ever has this key: a second request gets 409 with the existing task id.',
    example: 'order-A-1001',
  })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, notBlank)
  @MaxLength(256)
  idempotencyKey?: string;

  @ApiPropertyOptional({
    type: String,
    maxLength: 100,
    pattern: CORRELATION_ID_PATTERN.source,
    description:
      "Ties the task's logs and spans to the caller. Wins over the X-Correlation-ID header; neither: one is generated.",
    example: 'req-7f3a9c',
  })
  @IsOptional()
  @IsString()
  @Matches(CORRELATION_ID_PATTERN, {
    message: '$property must be 1 to 100 characters of letters, digits, "_" and "-", starting with a letter or digit',
  })
  correlationId?: string;
}
