import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../lib';
import type { OrderContext } from '../order-context';

@StepHandler('orders.ship')
export class ShipOrderStep implements StepHandlerContract<OrderContext> {
  process(ctx: StepContext<OrderContext>): { trackingNumber: string; items: string[] } {
    const { reserved } = ctx.result<{ reserved: string[] }>('reserve_stock');
    const { paymentId } = ctx.result<{ paymentId: string }>('charge_payment');
    return { trackingNumber: `trk_${paymentId.slice(4)}`, items: reserved };
  }
}
