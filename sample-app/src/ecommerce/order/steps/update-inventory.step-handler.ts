import { PermanentError, StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import { Inventory } from '../inventory';
import type { OrderContext } from '../order-context';

/** Takes the ordered units out of stock, once per step (keyed by its idempotency key). */
@StepHandler('ecommerce.update_inventory')
export class UpdateInventoryStep implements StepHandlerContract<OrderContext> {
  constructor(private readonly inventory: Inventory) {}

  process(ctx: StepContext<OrderContext>): { reserved: Array<{ sku: string; quantity: number }> } {
    const lines = ctx.task.context.items.map(({ sku, quantity }) => ({ sku, quantity }));
    if (!this.inventory.take(lines, ctx.step.idempotencyKey)) {
      throw new PermanentError('not enough stock for this order', { code: 'OUT_OF_STOCK' });
    }
    return { reserved: lines };
  }
}
