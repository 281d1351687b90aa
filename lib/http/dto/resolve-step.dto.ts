import { ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { RawJson } from './raw-json';

/** `POST /tasks/:id/steps/:stepName/resolve`: the results to store for the step (any JSON; absent: null). */
export class ResolveStepDto {
  @ApiPropertyOptional({
    description: "Stored as the step's results; its dependants read them as they would a handler's.",
    example: { charged: true, reference: 'manual-42' },
  })
  @RawJson()
  @Allow()
  results?: unknown;
}
