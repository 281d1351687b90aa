import {
  customerMetrics,
  insightsFrom,
  productMetrics,
} from '../../../sample-app/src/analytics/customer-pipeline/pipeline-math';
import { demoPlan } from '../../../sample-app/src/demo/demo-plan';
import { progressLine } from '../../../sample-app/src/demo/demo-progress';
import { usernameFor } from '../../../sample-app/src/onboarding/onboarding-context';

describe('sample workflow logic', () => {
  it('customer analytics joins customers with orders and orders with products', () => {
    const customers = [
      { id: 1, region: 'north' },
      { id: 2, region: 'south' },
      { id: 3, region: 'north' },
    ];
    const orders = [
      { customerId: 1, productId: 10, amountCents: 500 },
      { customerId: 1, productId: 11, amountCents: 700 },
      { customerId: 2, productId: 10, amountCents: 2000 },
    ];
    const products = [
      { id: 10, category: 'books' },
      { id: 11, category: 'toys' },
    ];
    const byCustomer = customerMetrics(customers, orders);
    expect(byCustomer).toEqual({ activeCustomers: 2, revenueByRegion: { north: 1200, south: 2000 }, topCustomerId: 2 });
    const byProduct = productMetrics(orders, products);
    expect(byProduct).toEqual({ revenueByCategory: { books: 2500, toys: 700 }, topCategory: 'books' });
    const insights = insightsFrom('2026-11', 3, byCustomer, byProduct);
    expect([insights.totalRevenueCents, insights.activeShare]).toEqual([3200, 2 / 3]);
    expect(insights.headlines).toEqual([
      '2 of 3 customers ordered in 2026-11 (67 %)',
      'revenue 32.00 USD, led by books',
    ]);
  });

  it('onboarding derives a username from the full name', () => {
    expect(usernameFor('Ada Lövelace')).toBe('ada.lovelace');
    expect(usernameFor("  Mary-Kate O'Neil ")).toBe('mary.kate.o.neil');
    expect(usernameFor('!!!')).toBe('user');
  });

  it('the demo plans every kind, failures at every fourth task from the second', () => {
    const plan = demoPlan(5, 'r');
    expect(plan).toHaveLength(20);
    const expectedErrors = plan.filter((task) => task.expected === 'error').map((task) => task.kind);
    expect(expectedErrors).toEqual(['ecommerce/process_order', 'onboarding/new_customer']);
  });

  it('draws a progress bar in proportion', () => {
    const line = progressLine({ kind: 'k', total: 4, finished: 2, complete: 1, failed: 1, retries: 3 }, false);
    expect(line).toBe(`${'k'.padEnd(28)} [${'█'.repeat(12)}${'░'.repeat(12)}]     2/4  ✔ 1  ✖ 1  ↻ 3`);
  });
});
