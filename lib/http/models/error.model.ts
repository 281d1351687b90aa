import { ApiProperty } from '@nestjs/swagger';

/** The content of an error answer. */
export class ErrorContentModel {
  @ApiProperty({
    type: String,
    description:
      'Stable code: a Tasker error code (TASK_NOT_FOUND, DUPLICATE_TASK, ...) or the HTTP status name (BAD_REQUEST, FORBIDDEN, ...).',
    example: 'BAD_REQUEST',
  })
  code!: string;

  @ApiProperty({ type: String, example: 'Invalid request: limit must not be greater than 500' })
  message!: string;

  @ApiProperty({
    required: false,
    description:
      'Facts of the error: for a refused request, one { field, messages } per bad field; for a Tasker error, its fields.',
    example: [{ field: 'limit', messages: ['limit must not be greater than 500'] }],
  })
  details?: unknown;
}

/** Every error answer: `{ error: { code, message, details? } }`. */
export class ErrorAnswer {
  @ApiProperty({ type: ErrorContentModel })
  error!: ErrorContentModel;
}
