import { Logger } from '@nestjs/common';
import {
  logLine,
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
  private readonly logger = new Logger(ProcessPaymentStep.name);

  constructor(private readonly gateway: PaymentGateway) {}

  process(ctx: StepContext<OrderContext>): Charge {
    const { totalCents } = ctx.result<CartTotals>('validate_cart');
    try {
      const charge = this.gateway.charge(ctx.task.context.paymentToken, totalCents, ctx.step.idempotencyKey);
      // The record also carries the run's correlationId, taskId, stepName and attempt (the pino mixin).
      this.logger.log(logLine('Payment charged', { amountCents: totalCents }));
      return charge;
    } catch (error) {
      if (error instanceof PaymentGatewayError && error.code === 'card_declined') {
        throw new PermanentError(error.message, { code: 'CARD_DECLINED', cause: error });
      }
      throw new RetryableError(error instanceof Error ? error.message : String(error), { cause: error });
    }
  }
}
