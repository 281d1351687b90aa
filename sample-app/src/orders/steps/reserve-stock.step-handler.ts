import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../lib';
import type { OrderContext } from '../order-context';

@StepHandler('orders.reserve_stock')
export class ReserveStockStep implements StepHandlerContract<OrderContext> {
  process(ctx: StepContext<OrderContext>): { reserved: string[] } {
    return { reserved: ctx.task.context.items.map((item) => item.sku) };
  }
}
