import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import type { CartTotals } from '../cart-totals';
import type { OrderContext } from '../order-context';
import type { Charge } from '../payment-gateway';

/** The order record: a number derived from the task (stable across retries), what was paid. */
export interface CreatedOrder {
  orderNumber: string;
  chargeId: string;
  totalCents: number;
  itemCount: number;
}

@StepHandler('ecommerce.create_order')
export class CreateOrderStep implements StepHandlerContract<OrderContext, CreatedOrder> {
  process(ctx: StepContext<OrderContext>): CreatedOrder {
    const { totalCents } = ctx.result<CartTotals>('validate_cart');
    const { chargeId } = ctx.result<Charge>('process_payment');
    return {
      orderNumber: `ORD-${ctx.task.id.slice(0, 8).toUpperCase()}`,
      chargeId,
      totalCents,
      itemCount: ctx.task.context.items.reduce((sum, item) => sum + item.quantity, 0),
    };
  }
}
