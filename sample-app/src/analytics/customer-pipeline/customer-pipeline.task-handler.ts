import { TaskHandler } from '../../../../lib';
import { PIPELINE_CONTEXT_SCHEMA } from './pipeline-context';
import { ExtractCustomersStep, ExtractOrdersStep, ExtractProductsStep } from './steps/extract.step-handlers';
import { GenerateInsightsStep, SendNotificationStep, UpdateDashboardStep } from './steps/report.step-handlers';
import { TransformCustomerMetricsStep, TransformProductMetricsStep } from './steps/transform.step-handlers';

/** Three extracts in parallel → two joins of different pairs → insights → dashboard → notification. */
@TaskHandler({
  namespace: 'analytics',
  name: 'customer_pipeline',
  version: '1.0.0',
  description: 'Monthly customer analytics: extract, join, conclude, publish, notify',
  contextSchema: PIPELINE_CONTEXT_SCHEMA,
  steps: [
    { name: 'extract_customers', handler: ExtractCustomersStep },
    { name: 'extract_orders', handler: ExtractOrdersStep, maxAttempts: 4 },
    { name: 'extract_products', handler: ExtractProductsStep },
    {
      name: 'transform_customer_metrics',
      handler: TransformCustomerMetricsStep,
      dependsOn: ['extract_customers', 'extract_orders'],
    },
    {
      name: 'transform_product_metrics',
      handler: TransformProductMetricsStep,
      dependsOn: ['extract_orders', 'extract_products'],
    },
    {
      name: 'generate_insights',
      handler: GenerateInsightsStep,
      dependsOn: ['transform_customer_metrics', 'transform_product_metrics'],
    },
    { name: 'update_dashboard', handler: UpdateDashboardStep, dependsOn: ['generate_insights'] },
    { name: 'send_notification', handler: SendNotificationStep, dependsOn: ['update_dashboard'] },
  ],
})
export class CustomerPipelineTask {}
