import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, MaxLength } from 'class-validator';

const UUID_EXAMPLE = '01969b6e-4c1a-7d2e-9f3b-2a4c6e8f0a1b';

/** `/tasks/:id`: the id must be a UUID, refused with 400 before anything is read. */
export class TaskIdParams {
  @ApiProperty({ type: String, format: 'uuid', example: UUID_EXAMPLE })
  @IsUUID('loose')
  id!: string;
}

/** `/tasks/:id/steps/:stepName/...`. */
export class StepParams extends TaskIdParams {
  @ApiProperty({ type: String, maxLength: 128, example: 'charge_payment' })
  @IsString()
  @MaxLength(128)
  stepName!: string;
}
