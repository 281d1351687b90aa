import { Global, Module } from '@nestjs/common';
import { readSampleConfig } from './sample-config';

/** The token of the sample's {@link SampleConfig}. */
export const SAMPLE_CONFIG = Symbol('SAMPLE_CONFIG');

/** Reads the environment once, at bootstrap, and shares the result with every module. */
@Global()
@Module({
  providers: [{ provide: SAMPLE_CONFIG, useFactory: () => readSampleConfig(process.env) }],
  exports: [SAMPLE_CONFIG],
})
export class SampleConfigModule {}
