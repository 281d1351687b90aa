import type { TaskRequest, TaskStatus } from '../../../lib';

/** One task the demo submits, and how it should end. */
export interface PlannedTask {
  /** `namespace/name`: the progress bar it counts towards. */
  kind: string;
  request: TaskRequest;
  expected: Extract<TaskStatus, 'complete' | 'error'>;
  /** Why this one is expected to fail or retry, for the summary. */
  note?: string;
}

/** The workflow kinds in the order the demo shows them. */
export const DEMO_KINDS = [
  'ecommerce/process_order',
  'analytics/customer_pipeline',
  'onboarding/new_customer',
  'accounts/offboard_user',
] as const;

const NAMES = ['Ada Lovelace', 'Grace Hopper', 'Alan Turing', 'Edsger Dijkstra', 'Barbara Liskov', 'Ken Thompson'];
const SKUS = [
  { sku: 'MUG-001', unitPriceCents: 1250, unitWeightGrams: 400 },
  { sku: 'TEE-002', unitPriceCents: 1999, unitWeightGrams: 200 },
  { sku: 'BOOK-003', unitPriceCents: 3450, unitWeightGrams: 900 },
  { sku: 'LAMP-004', unitPriceCents: 5900, unitWeightGrams: 2300 },
];

/**
 * `perKind` tasks of each workflow kind. Every fourth task from the second on is meant to fail
 * (a declined card, a blocked e-mail address); orders with a flaky card, every fourth analytics
 * run and the throttling mail service make retries along the way.
 */
export function demoPlan(perKind: number, runId: string): PlannedTask[] {
  const plan: PlannedTask[] = [];
  for (let index = 0; index < perKind; index += 1) {
    const fails = index % 4 === 1;
    const name = NAMES[index % NAMES.length] ?? 'Demo User';
    const email = `${name.toLowerCase().replace(/\s+/g, '.')}${fails ? '+blocked' : ''}.${index}@example.test`;
    const first = SKUS[index % SKUS.length] ?? SKUS[0];
    const second = SKUS[(index + 1) % SKUS.length] ?? SKUS[0];
    const token = fails ? 'tok_declined' : index % 4 === 2 ? 'tok_flaky' : 'tok_visa';
    plan.push(
      {
        kind: 'ecommerce/process_order',
        request: {
          namespace: 'ecommerce',
          name: 'process_order',
          context: {
            customerEmail: `buyer.${index}@example.test`,
            paymentToken: token,
            items: [
              { ...first, quantity: 1 + (index % 3) },
              { ...second, quantity: 1 },
            ],
          },
          initiator: 'demo',
          tags: [`demo:${runId}`],
        },
        expected: fails ? 'error' : 'complete',
        note: fails ? 'card declined' : token === 'tok_flaky' ? 'gateway timeout, retried' : undefined,
      },
      {
        kind: 'analytics/customer_pipeline',
        request: {
          namespace: 'analytics',
          name: 'customer_pipeline',
          context: {
            period: `2026-${String((index % 12) + 1).padStart(2, '0')}`,
            customerCount: 40 + index * 10,
            seed: index,
          },
          initiator: 'demo',
          tags: [`demo:${runId}`],
        },
        expected: 'complete',
        note: index % 4 === 0 ? 'busy warehouse, retried' : undefined,
      },
      {
        kind: 'onboarding/new_customer',
        request: {
          namespace: 'onboarding',
          name: 'new_customer',
          context: { email, fullName: name, plan: (['free', 'pro', 'team'] as const)[index % 3] ?? 'free' },
          initiator: 'demo',
          tags: [`demo:${runId}`],
        },
        expected: fails ? 'error' : 'complete',
        note: fails ? 'CRM refuses the address (422)' : undefined,
      },
      {
        kind: 'accounts/offboard_user',
        request: {
          namespace: 'accounts',
          name: 'offboard_user',
          context: { email: `leaver.${index}@example.test` },
          initiator: 'demo',
          tags: [`demo:${runId}`],
        },
        expected: 'complete',
      },
    );
  }
  return plan;
}
