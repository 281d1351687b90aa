import { ApiProperty } from '@nestjs/swagger';

/** `GET /health/live`. */
export class LiveAnswer {
  @ApiProperty({ type: String, enum: ['ok'], example: 'ok' })
  status!: 'ok';
}
