/** The context of an `analytics/customer_pipeline` task. */
export interface PipelineContext {
  /** The report's period, e.g. `2026-11`. */
  period: string;
  /** How many customers the (generated) source systems hold [1-500]. */
  customerCount: number;
  /** Makes the generated data differ between runs while staying reproducible. */
  seed: number;
}

export const PIPELINE_CONTEXT_SCHEMA = {
  type: 'object',
  required: ['period', 'customerCount', 'seed'],
  additionalProperties: false,
  properties: {
    period: { type: 'string', pattern: '^\\d{4}-\\d{2}$' },
    customerCount: { type: 'integer', minimum: 1, maximum: 500 },
    seed: { type: 'integer' },
  },
} as const;

export interface Customer {
  id: number;
  region: string;
}
export interface OrderRow {
  customerId: number;
  productId: number;
  amountCents: number;
}
export interface Product {
  id: number;
  category: string;
}

/** Per-customer metrics (users joined with orders). */
export interface CustomerMetrics {
  activeCustomers: number;
  revenueByRegion: Record<string, number>;
  topCustomerId: number | null;
}

/** Per-category metrics (orders joined with products). */
export interface ProductMetrics {
  revenueByCategory: Record<string, number>;
  topCategory: string | null;
}

/** What the insights step concludes. */
export interface Insights {
  period: string;
  totalRevenueCents: number;
  activeShare: number;
  headlines: string[];
}
