/** The context of an order fulfilment task. */
export interface OrderContext {
  orderId: string;
  customerEmail: string;
  items: Array<{ sku: string; quantity: number; price: number }>;
}
