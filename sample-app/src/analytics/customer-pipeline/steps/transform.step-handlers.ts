import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import { customerMetrics, productMetrics } from '../pipeline-math';
import type {
  Customer,
  CustomerMetrics,
  OrderRow,
  PipelineContext,
  Product,
  ProductMetrics,
} from '../pipeline-context';

/** Customers joined with orders. */
@StepHandler('analytics.transform_customer_metrics')
export class TransformCustomerMetricsStep implements StepHandlerContract<PipelineContext, CustomerMetrics> {
  process(ctx: StepContext<PipelineContext>): CustomerMetrics {
    return customerMetrics(ctx.result<Customer[]>('extract_customers'), ctx.result<OrderRow[]>('extract_orders'));
  }
}

/** Orders joined with products. */
@StepHandler('analytics.transform_product_metrics')
export class TransformProductMetricsStep implements StepHandlerContract<PipelineContext, ProductMetrics> {
  process(ctx: StepContext<PipelineContext>): ProductMetrics {
    return productMetrics(ctx.result<OrderRow[]>('extract_orders'), ctx.result<Product[]>('extract_products'));
  }
}
