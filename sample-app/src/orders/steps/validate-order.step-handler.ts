import { PermanentError, StepHandler, type StepContext, type StepHandlerContract } from '../../../../lib';
import type { OrderContext } from '../order-context';

@StepHandler('orders.validate')
export class ValidateOrderStep implements StepHandlerContract<OrderContext> {
  process(ctx: StepContext<OrderContext>): { itemCount: number; total: number } {
    const { items } = ctx.task.context;
    if (items.length === 0) throw new PermanentError('an order needs at least one item', { code: 'EMPTY_ORDER' });
    const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);
    return { itemCount: items.length, total: Math.round(total * 100) / 100 };
  }
}
