import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** `GET /health/live`. */
export class LiveAnswer {
  @ApiProperty({ type: String, enum: ['ok'], example: 'ok' })
  status!: 'ok';
}

/** A terminus health-check result: `details` holds every check under its key, `info` the ones up, `error` the ones down. */
export class HealthCheckAnswer {
  @ApiProperty({ type: String, enum: ['ok', 'error', 'shutting_down'], example: 'ok' })
  status!: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    example: { database: { status: 'up', responseTimeMs: 2 } },
  })
  info?: Record<string, unknown>;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: {} })
  error?: Record<string, unknown>;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    example: { database: { status: 'up', responseTimeMs: 2 } },
  })
  details!: Record<string, unknown>;
}
