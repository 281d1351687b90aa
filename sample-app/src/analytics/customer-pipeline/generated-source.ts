import type { Customer, OrderRow, Product } from './pipeline-context';

export const REGIONS = ['north', 'south', 'east', 'west'] as const;
export const CATEGORIES = ['books', 'garden', 'kitchen', 'toys', 'tools'] as const;
export const PRODUCT_COUNT = 25;

/** A small deterministic generator (mulberry32): the "source systems" give the same rows for one seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

export function generateCustomers(count: number, seed: number): Customer[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, index) => ({ id: index + 1, region: pick(REGIONS, random) }));
}

export function generateProducts(seed: number): Product[] {
  const random = seededRandom(seed + 1);
  return Array.from({ length: PRODUCT_COUNT }, (_, index) => ({ id: index + 1, category: pick(CATEGORIES, random) }));
}

/** About two orders per customer; a third of customers order nothing in the period. */
export function generateOrders(customerCount: number, seed: number): OrderRow[] {
  const random = seededRandom(seed + 2);
  const orders: OrderRow[] = [];
  for (let customerId = 1; customerId <= customerCount; customerId += 1) {
    if (random() < 1 / 3) continue;
    const count = 1 + Math.floor(random() * 3);
    for (let n = 0; n < count; n += 1) {
      orders.push({
        customerId,
        productId: 1 + Math.floor(random() * PRODUCT_COUNT),
        amountCents: 500 + Math.floor(random() * 9500),
      });
    }
  }
  return orders;
}
