import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { TaskerModule, currentTaskerContext } from '../../lib';
import { AnalyticsModule } from './analytics/analytics.module';
import { SAMPLE_CONFIG, SampleConfigModule } from './config/sample-config.module';
import { sampleTaskerOptions, type SampleConfig } from './config/sample-config';
import { logTransport } from './config/log-transport';
import { sampleTemplatesDir } from './config/templates-dir';
import { EcommerceModule } from './ecommerce/ecommerce.module';
import { OnboardingModule } from './onboarding/onboarding.module';

/**
 * The sample app, configured from the environment (see SampleConfig): Tasker on PostgreSQL when
 * DATABASE_URL is set, else on the embedded database; pino logs (pretty on a terminal, JSON
 * otherwise); the workflows of each feature folder plus the YAML templates of sample-app/templates.
 */
@Module({
  imports: [
    SampleConfigModule,
    LoggerModule.forRootAsync({
      inject: [SAMPLE_CONFIG],
      useFactory: (config: SampleConfig) => ({
        pinoHttp: {
          level: config.logLevel,
          autoLogging: false,
          transport: logTransport(),
          // Lines written while a step runs (the handler's own too) carry its correlationId, taskId, stepName, attempt.
          mixin: () => ({ ...currentTaskerContext() }),
        },
      }),
    }),
    TaskerModule.forRootAsync({
      inject: [SAMPLE_CONFIG],
      useFactory: (config: SampleConfig) => sampleTaskerOptions(config, [sampleTemplatesDir()]),
    }),
    EcommerceModule,
    AnalyticsModule,
    OnboardingModule,
    // Serves GET /metrics: Tasker's metrics (declared on prom-client's default registry) and Node's.
    PrometheusModule.register(),
  ],
})
export class AppModule {}
