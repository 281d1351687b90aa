import { ApiProperty } from '@nestjs/swagger';
import type { HandlerDetail, HandlerStepDetail, HandlerStepSummary, HandlerSummary } from '../handlers/handler-view';

/** A step as `GET /handlers` lists it. */
export class HandlerStepSummaryModel implements HandlerStepSummary {
  @ApiProperty({ type: String, example: 'charge_payment' })
  name!: string;

  @ApiProperty({ type: String, description: 'Registered name of the step handler.', example: 'orders.charge-payment' })
  handler!: string;

  @ApiProperty({ type: [String], example: ['validate_order'] })
  dependsOn!: string[];
}

/** A task handler as `GET /handlers` lists it. */
export class HandlerSummaryModel implements HandlerSummary {
  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: '1.0.0' })
  version!: string;

  @ApiProperty({ type: String, nullable: true, example: 'validate, reserve and charge, then ship' })
  description!: string | null;

  @ApiProperty({ type: [HandlerStepSummaryModel], description: 'In dependency order.' })
  steps!: HandlerStepSummaryModel[];
}

/** `GET /handlers`. */
export class HandlerListAnswer {
  @ApiProperty({ type: [HandlerSummaryModel], description: 'By namespace, name, then version (newest first).' })
  handlers!: HandlerSummaryModel[];
}

/** Backoff fields a step overrides. */
export class BackoffModel {
  @ApiProperty({ type: Number, required: false })
  baseMs?: number;

  @ApiProperty({ type: Number, required: false })
  multiplier?: number;

  @ApiProperty({ type: Number, required: false })
  maxMs?: number;

  @ApiProperty({ type: Number, required: false })
  jitter?: number;
}

/** A step with its settings. */
export class HandlerStepDetailModel extends HandlerStepSummaryModel implements HandlerStepDetail {
  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({ type: Boolean, example: true })
  retryable!: boolean;

  @ApiProperty({ type: Number, example: 3 })
  maxAttempts!: number;

  @ApiProperty({ type: Number, nullable: true, example: 5000 })
  timeoutMs!: number | null;

  @ApiProperty({
    type: BackoffModel,
    nullable: true,
    description: "The backoff fields the step overrides; null: the module's.",
  })
  backoff!: BackoffModel | null;
}

/** One task handler version with its steps, levels and versions. */
export class HandlerDetailModel implements HandlerDetail {
  @ApiProperty({ type: String, example: 'orders' })
  namespace!: string;

  @ApiProperty({ type: String, example: 'fulfil_order' })
  name!: string;

  @ApiProperty({ type: String, example: '1.0.0' })
  version!: string;

  @ApiProperty({ type: String, nullable: true })
  description!: string | null;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'JSON Schema of the context.',
  })
  contextSchema!: Record<string, unknown> | null;

  @ApiProperty({ type: [HandlerStepDetailModel], description: 'In dependency order.' })
  steps!: HandlerStepDetailModel[];

  @ApiProperty({
    type: 'array',
    items: { type: 'array', items: { type: 'string' } },
    description: 'Step names by dependency level: levels[0] are the roots; the steps of one level can run together.',
    example: [['validate_order'], ['reserve_stock', 'charge_payment'], ['ship_order']],
  })
  levels!: string[][];

  @ApiProperty({
    type: [String],
    description: 'Every registered version of this namespace/name, newest first.',
    example: ['1.1.0', '1.0.0'],
  })
  versions!: string[];
}

/** `GET /handlers/:namespace/:name`. */
export class HandlerAnswer {
  @ApiProperty({ type: HandlerDetailModel })
  handler!: HandlerDetailModel;
}
