import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../lib';
import type { OrderContext } from '../order-context';

@StepHandler('orders.charge_payment')
export class ChargePaymentStep implements StepHandlerContract<OrderContext> {
  process(ctx: StepContext<OrderContext>): { chargedCents: number; paymentId: string } {
    const { total } = ctx.result<{ total: number }>('validate_order');
    return { chargedCents: Math.round(total * 100), paymentId: `pay_${ctx.step.id.slice(0, 8)}` };
  }
}
