import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

/** `/handlers/:namespace/:name`. */
export class HandlerParams {
  @ApiProperty({ type: String, maxLength: 64, example: 'orders' })
  @IsString()
  @MaxLength(64)
  namespace!: string;

  @ApiProperty({ type: String, maxLength: 128, example: 'fulfil_order' })
  @IsString()
  @MaxLength(128)
  name!: string;
}

/** `?version=`: absent, the newest registered version. */
export class HandlerVersionQuery {
  @ApiPropertyOptional({ type: String, maxLength: 32, example: '1.0.0' })
  @IsOptional()
  @IsString()
  @MaxLength(32)
  version?: string;
}
