import { StepHandler, type StepContext, type StepHandlerContract } from '../../../../../lib';
import type { OrderContext } from '../order-context';
import type { CreatedOrder } from './create-order.step-handler';

/** "Sends" the confirmation e-mail: publishes a custom event a mailer could subscribe to. */
@StepHandler('ecommerce.send_confirmation')
export class SendConfirmationStep implements StepHandlerContract<OrderContext> {
  process(ctx: StepContext<OrderContext>): { to: string; subject: string } {
    const order = ctx.result<CreatedOrder>('create_order');
    const subject = `Order ${order.orderNumber} confirmed: ${(order.totalCents / 100).toFixed(2)} USD`;
    ctx.publish('ecommerce.confirmation_sent', { orderNumber: order.orderNumber, to: ctx.task.context.customerEmail });
    return { to: ctx.task.context.customerEmail, subject };
  }
}
