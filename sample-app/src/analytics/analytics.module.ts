import { Module } from '@nestjs/common';
import { CustomerPipelineTask } from './customer-pipeline/customer-pipeline.task-handler';
import { Dashboard } from './customer-pipeline/dashboard';
import {
  ExtractCustomersStep,
  ExtractOrdersStep,
  ExtractProductsStep,
} from './customer-pipeline/steps/extract.step-handlers';
import {
  GenerateInsightsStep,
  SendNotificationStep,
  UpdateDashboardStep,
} from './customer-pipeline/steps/report.step-handlers';
import {
  TransformCustomerMetricsStep,
  TransformProductMetricsStep,
} from './customer-pipeline/steps/transform.step-handlers';

/** The `analytics/customer_pipeline` workflow. */
@Module({
  providers: [
    Dashboard,
    ExtractCustomersStep,
    ExtractOrdersStep,
    ExtractProductsStep,
    TransformCustomerMetricsStep,
    TransformProductMetricsStep,
    GenerateInsightsStep,
    UpdateDashboardStep,
    SendNotificationStep,
    CustomerPipelineTask,
  ],
  exports: [Dashboard],
})
export class AnalyticsModule {}
