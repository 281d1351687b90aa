import {
  PermanentError,
  RetryableError,
  StepHandler,
  type StepContext,
  type StepHandlerContract,
} from '../../../../../lib';
import type { CartTotals } from '../cart-totals';
import type { OrderContext } from '../order-context';
import { PaymentGateway, PaymentGatewayError, type Charge } from '../payment-gateway';

/**
 * Charges exactly the total the cart step computed, under the step's idempotency key (a retry
 * never charges twice). A declined card ends the order; a gateway timeout is retried.
 */
@StepHandler('ecommerce.process_payment')
export class ProcessPaymentStep implements StepHandlerContract<OrderContext, Charge> {
  constructor(private readonly gateway: PaymentGateway) {}

  process(ctx: StepContext<OrderContext>): Charge {
    const { totalCents } = ctx.result<CartTotals>('validate_cart');
    try {
      return this.gateway.charge(ctx.task.context.paymentToken, totalCents, ctx.step.idempotencyKey);
    } catch (error) {
      if (error instanceof PaymentGatewayError && error.code === 'card_declined') {
        throw new PermanentError(error.message, { code: 'CARD_DECLINED', cause: error });
      }
      throw new RetryableError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
