import { PermanentError, StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import { cartTotals, type CartTotals } from '../cart-totals';
import { INITIAL_STOCK } from '../inventory';
import type { OrderContext } from '../order-context';

/** Prices the cart: subtotal, tax, shipping and total (what the payment step charges). */
@StepHandler('ecommerce.validate_cart')
export class ValidateCartStep implements StepHandlerContract<OrderContext, CartTotals> {
  process(ctx: StepContext<OrderContext>): CartTotals {
    const unknown = ctx.task.context.items
      .filter((item) => INITIAL_STOCK[item.sku] === undefined)
      .map((item) => item.sku);
    if (unknown.length > 0) {
      throw new PermanentError(`unknown SKU(s): ${unknown.join(', ')}`, { code: 'UNKNOWN_SKU' });
    }
    return cartTotals(ctx.task.context.items);
  }
}
