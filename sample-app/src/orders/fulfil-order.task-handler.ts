import { TaskHandler } from '../../../lib';
import { ChargePaymentStep } from './steps/charge-payment.step-handler';
import { ReserveStockStep } from './steps/reserve-stock.step-handler';
import { ShipOrderStep } from './steps/ship-order.step-handler';
import { ValidateOrderStep } from './steps/validate-order.step-handler';

/** Validate, then reserve stock and charge payment at the same time, then ship. */
@TaskHandler({
  namespace: 'orders',
  name: 'fulfil_order',
  version: '1.0.0',
  description: 'Order fulfilment: validate, reserve and charge in parallel, ship',
  contextSchema: {
    type: 'object',
    required: ['orderId', 'customerEmail', 'items'],
    properties: {
      orderId: { type: 'string', minLength: 1 },
      customerEmail: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
      items: {
        type: 'array',
        items: {
          type: 'object',
          required: ['sku', 'quantity', 'price'],
          properties: {
            sku: { type: 'string' },
            quantity: { type: 'integer', minimum: 1 },
            price: { type: 'number', minimum: 0 },
          },
        },
      },
    },
  },
  steps: [
    { name: 'validate_order', handler: ValidateOrderStep, retryable: false },
    { name: 'reserve_stock', handler: ReserveStockStep, dependsOn: ['validate_order'] },
    {
      name: 'charge_payment',
      handler: ChargePaymentStep,
      dependsOn: ['validate_order'],
      maxAttempts: 5,
      timeoutMs: 10_000,
    },
    { name: 'ship', handler: ShipOrderStep, dependsOn: ['reserve_stock', 'charge_payment'] },
  ],
})
export class FulfilOrderTask {}
