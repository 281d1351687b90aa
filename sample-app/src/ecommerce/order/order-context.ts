/** One line of a cart: price in cents, weight in grams (per unit). */
export interface CartItem {
  sku: string;
  quantity: number;
  unitPriceCents: number;
  unitWeightGrams: number;
}

/** The context of an `ecommerce/process_order` task. */
export interface OrderContext {
  customerEmail: string;
  items: CartItem[];
  /**
   * The payment method token. The sample's gateway declines `tok_declined` (permanent), times out
   * once on `tok_flaky` (retryable) and accepts anything else.
   */
  paymentToken: string;
}

/** The JSON Schema a task context must match (checked before the task is created). */
export const ORDER_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['customerEmail', 'items', 'paymentToken'],
  additionalProperties: false,
  properties: {
    customerEmail: { type: 'string', pattern: '^[^@\\s]+@[^@\\s]+$' },
    paymentToken: { type: 'string', minLength: 1 },
    items: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['sku', 'quantity', 'unitPriceCents', 'unitWeightGrams'],
        additionalProperties: false,
        properties: {
          sku: { type: 'string', minLength: 1 },
          quantity: { type: 'integer', minimum: 1 },
          unitPriceCents: { type: 'integer', minimum: 0 },
          unitWeightGrams: { type: 'integer', minimum: 0 },
        },
      },
    },
  },
} as const;
