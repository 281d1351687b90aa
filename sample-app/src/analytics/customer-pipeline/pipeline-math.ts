import type { Customer, CustomerMetrics, Insights, OrderRow, Product, ProductMetrics } from './pipeline-context';

/** Joins customers with orders: who bought, revenue per region, the biggest spender. */
export function customerMetrics(customers: readonly Customer[], orders: readonly OrderRow[]): CustomerMetrics {
  const regionOf = new Map(customers.map((customer) => [customer.id, customer.region]));
  const spend = new Map<number, number>();
  const revenueByRegion: Record<string, number> = {};
  for (const order of orders) {
    const region = regionOf.get(order.customerId);
    if (region === undefined) continue;
    spend.set(order.customerId, (spend.get(order.customerId) ?? 0) + order.amountCents);
    revenueByRegion[region] = (revenueByRegion[region] ?? 0) + order.amountCents;
  }
  let topCustomerId: number | null = null;
  for (const [id, total] of spend)
    if (topCustomerId === null || total > (spend.get(topCustomerId) ?? 0)) topCustomerId = id;
  return { activeCustomers: spend.size, revenueByRegion, topCustomerId };
}

/** Joins orders with products: revenue per category and the best one. */
export function productMetrics(orders: readonly OrderRow[], products: readonly Product[]): ProductMetrics {
  const categoryOf = new Map(products.map((product) => [product.id, product.category]));
  const revenueByCategory: Record<string, number> = {};
  for (const order of orders) {
    const category = categoryOf.get(order.productId);
    if (category === undefined) continue;
    revenueByCategory[category] = (revenueByCategory[category] ?? 0) + order.amountCents;
  }
  const ranked = Object.entries(revenueByCategory).sort(([, a], [, b]) => b - a);
  return { revenueByCategory, topCategory: ranked[0]?.[0] ?? null };
}

/** The headline numbers of a period from both joins. */
export function insightsFrom(
  period: string,
  customerCount: number,
  customers: CustomerMetrics,
  products: ProductMetrics,
): Insights {
  const totalRevenueCents = Object.values(products.revenueByCategory).reduce((sum, cents) => sum + cents, 0);
  const activeShare = customerCount === 0 ? 0 : customers.activeCustomers / customerCount;
  const headlines = [
    `${customers.activeCustomers} of ${customerCount} customers ordered in ${period} (${Math.round(activeShare * 100)} %)`,
    `revenue ${(totalRevenueCents / 100).toFixed(2)} USD, led by ${products.topCategory ?? 'no category'}`,
  ];
  return { period, totalRevenueCents, activeShare, headlines };
}
