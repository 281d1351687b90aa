import { TaskHandler } from '../../../../lib';
import { ORDER_CONTEXT_SCHEMA } from './order-context';
import { CreateOrderStep } from './steps/create-order.step-handler';
import { ProcessPaymentStep } from './steps/process-payment.step-handler';
import { SendConfirmationStep } from './steps/send-confirmation.step-handler';
import { UpdateInventoryStep } from './steps/update-inventory.step-handler';
import { ValidateCartStep } from './steps/validate-cart.step-handler';

/** Cart → payment → inventory → order → confirmation, one after the other. */
@TaskHandler({
  namespace: 'ecommerce',
  name: 'process_order',
  version: '1.0.0',
  description: 'Price the cart, charge the total, take stock, record the order, confirm by e-mail',
  contextSchema: ORDER_CONTEXT_SCHEMA,
  steps: [
    { name: 'validate_cart', handler: ValidateCartStep, retryable: false },
    {
      name: 'process_payment',
      handler: ProcessPaymentStep,
      dependsOn: ['validate_cart'],
      maxAttempts: 4,
      timeoutMs: 10_000,
    },
    { name: 'update_inventory', handler: UpdateInventoryStep, dependsOn: ['process_payment'] },
    { name: 'create_order', handler: CreateOrderStep, dependsOn: ['update_inventory'] },
    { name: 'send_confirmation', handler: SendConfirmationStep, dependsOn: ['create_order'], maxAttempts: 5 },
  ],
})
export class ProcessOrderTask {}
