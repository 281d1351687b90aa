import { RetryableError, StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import { generateCustomers, generateOrders, generateProducts } from '../generated-source';
import type { Customer, OrderRow, PipelineContext, Product } from '../pipeline-context';

/** The three extracts run in parallel: nothing depends between them. */
@StepHandler('analytics.extract_customers')
export class ExtractCustomersStep implements StepHandlerContract<PipelineContext, Customer[]> {
  process(ctx: StepContext<PipelineContext>): Customer[] {
    return generateCustomers(ctx.task.context.customerCount, ctx.task.context.seed);
  }
}

/** The order warehouse is "busy" on the first attempt for one seed in four: a retry shows in the demo. */
@StepHandler('analytics.extract_orders')
export class ExtractOrdersStep implements StepHandlerContract<PipelineContext, OrderRow[]> {
  process(ctx: StepContext<PipelineContext>): OrderRow[] {
    const { customerCount, seed } = ctx.task.context;
    if (seed % 4 === 0 && ctx.step.attempt === 1) throw new RetryableError('the order warehouse is busy');
    return generateOrders(customerCount, seed);
  }
}

@StepHandler('analytics.extract_products')
export class ExtractProductsStep implements StepHandlerContract<PipelineContext, Product[]> {
  process(ctx: StepContext<PipelineContext>): Product[] {
    return generateProducts(ctx.task.context.seed);
  }
}
