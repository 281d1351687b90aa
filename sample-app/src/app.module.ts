import { Module } from '@nestjs/common';
import { PrometheusModule } from '@willsoto/nestjs-prometheus';
import { LoggerModule } from 'nestjs-pino';
import { TaskerModule } from '../../lib';
import { OrdersModule } from './orders/orders.module';

/**
 * The sample app: real PostgreSQL when DATABASE_URL is set, else the embedded database persisted
 * in TASKER_DATA_DIR (default .tasker-data) so restarts keep their tasks.
 */
@Module({
  imports: [
    LoggerModule.forRoot({ pinoHttp: { level: process.env.LOG_LEVEL ?? 'info', autoLogging: false } }),
    TaskerModule.forRootAsync({
      useFactory: () => ({
        database: process.env.DATABASE_URL
          ? { url: process.env.DATABASE_URL }
          : { dataDir: process.env.TASKER_DATA_DIR ?? '.tasker-data' },
      }),
    }),
    OrdersModule,
    // Serves GET /metrics: Tasker's metrics (declared on prom-client's default registry) and Node's.
    PrometheusModule.register(),
  ],
})
export class AppModule {}
