import { expect } from '@jest/globals';
import { TaskValidationError, type TaskView } from '../../lib';
import { AnalyticsModule } from '../../sample-app/src/analytics/analytics.module';
import { Dashboard } from '../../sample-app/src/analytics/customer-pipeline/dashboard';
import { SampleConfigModule } from '../../sample-app/src/config/sample-config.module';
import { sampleTemplatesDir } from '../../sample-app/src/config/templates-dir';
import { EcommerceModule } from '../../sample-app/src/ecommerce/ecommerce.module';
import { cartTotals } from '../../sample-app/src/ecommerce/order/cart-totals';
import { Inventory } from '../../sample-app/src/ecommerce/order/inventory';
import { PaymentGateway } from '../../sample-app/src/ecommerce/order/payment-gateway';
import { OnboardingModule } from '../../sample-app/src/onboarding/onboarding.module';
import { OnboardingServices } from '../../sample-app/src/onboarding/services/onboarding-services';
import { createTaskerApp, type TaskerApp } from '../support/tasker-app';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

const CART = [
  { sku: 'LAMP-004', quantity: 2, unitPriceCents: 5900, unitWeightGrams: 2300 },
  { sku: 'MUG-001', quantity: 1, unitPriceCents: 1250, unitWeightGrams: 400 },
];

function stepOf(task: TaskView, name: string) {
  const step = task.steps.find((candidate) => candidate.name === name);
  if (step === undefined) throw new Error(`no step ${name} in ${task.namespace}/${task.name}`);
  return step;
}

describe('the sample app workflows (PostgreSQL)', () => {
  let database: TestDatabase;
  let app: TaskerApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    app = await createTaskerApp(
      {
        database: { url: database.url },
        worker: { pollIntervalMs: 50 },
        backoff: { baseMs: 20, maxMs: 5000, jitter: 0 },
        templates: [sampleTemplatesDir()],
      },
      [SampleConfigModule, EcommerceModule, AnalyticsModule, OnboardingModule],
    );
  });

  afterAll(async () => {
    await app?.close();
    await database?.drop();
  });

  function run(namespace: string, name: string, context: Record<string, unknown>): Promise<TaskView> {
    return app.tasker
      .createTask({ namespace, name, context })
      .then((task) => app.tasker.waitForTask(task.id, { timeoutMs: 20_000 }));
  }

  it('ecommerce: charges exactly the computed total once, retrying a gateway timeout', async () => {
    const done = await run('ecommerce', 'process_order', {
      customerEmail: 'a@example.test',
      paymentToken: 'tok_flaky',
      items: CART,
    });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.name, step.status, step.attempts])).toEqual([
      ['validate_cart', 'complete', 1],
      ['process_payment', 'complete', 2],
      ['update_inventory', 'complete', 1],
      ['create_order', 'complete', 1],
      ['send_confirmation', 'complete', 1],
    ]);
    const expected = cartTotals(CART);
    // 11800 + 1250 = 13050; tax 1044; 5 kg → 499 + 4 × 150 = 1099.
    expect(expected.totalCents).toBe(13050 + 1044 + 1099);
    expect(stepOf(done, 'validate_cart').results).toEqual(expected);
    const payment = stepOf(done, 'process_payment');
    expect(payment.results).toEqual({ chargeId: expect.any(String), amountCents: expected.totalCents });
    expect(app.module.get(PaymentGateway).chargeFor(payment.id)?.amountCents).toBe(expected.totalCents);
    expect(stepOf(done, 'send_confirmation').results).toEqual({
      to: 'a@example.test',
      subject: expect.stringMatching(/^Order ORD-[0-9A-F]{8} confirmed: 151\.93 USD$/),
    });
  });

  it('ecommerce: a declined card ends the order at the payment, stock untouched', async () => {
    const inventory = app.module.get(Inventory);
    const before = inventory.onHand('LAMP-004');
    const done = await run('ecommerce', 'process_order', {
      customerEmail: 'b@example.test',
      paymentToken: 'tok_declined',
      items: CART,
    });
    expect(done.status).toBe('error');
    const payment = stepOf(done, 'process_payment');
    expect([payment.status, payment.attempts, payment.error?.code]).toEqual(['error', 1, 'CARD_DECLINED']);
    expect(stepOf(done, 'update_inventory').status).toBe('pending');
    expect(inventory.onHand('LAMP-004')).toBe(before);
  });

  it('ecommerce: a context that breaks the schema is refused before anything is written', async () => {
    const before = await app.query<{ count: number }>('SELECT count(*)::int AS count FROM tasker.tasks');
    await expect(
      app.tasker.createTask({
        namespace: 'ecommerce',
        name: 'process_order',
        context: { customerEmail: 'not-an-email', paymentToken: 'tok_visa', items: [] },
      }),
    ).rejects.toBeInstanceOf(TaskValidationError);
    expect(await app.query('SELECT count(*)::int AS count FROM tasker.tasks')).toEqual(before);
  });

  it('analytics: three extracts, two joins, insights, dashboard, notification', async () => {
    const done = await run('analytics', 'customer_pipeline', { period: '2026-11', customerCount: 60, seed: 4 });
    expect(done.status).toBe('complete');
    expect(stepOf(done, 'extract_orders').attempts).toBe(2); // the busy warehouse (seed % 4 === 0)
    expect((stepOf(done, 'extract_customers').results as unknown[]).length).toBe(60);
    const insights = stepOf(done, 'generate_insights').results as { totalRevenueCents: number; headlines: string[] };
    const byCategory = (
      stepOf(done, 'transform_product_metrics').results as { revenueByCategory: Record<string, number> }
    ).revenueByCategory;
    expect(insights.totalRevenueCents).toBe(Object.values(byCategory).reduce((sum, cents) => sum + cents, 0));
    expect(app.module.get(Dashboard).panel('2026-11')?.totalRevenueCents).toBe(insights.totalRevenueCents);
    expect(stepOf(done, 'send_notification').results).toEqual({
      message: `Customer analytics 2026-11: ${insights.headlines.join('; ')}`,
    });
  });

  it('onboarding: HTTP calls to the local services, a 429 Retry-After waited out', async () => {
    const services = app.module.get(OnboardingServices);
    const tasks = await Promise.all(
      ['Ada Lovelace', 'Grace Hopper', 'Alan Turing'].map((fullName, index) =>
        run('onboarding', 'new_customer', { email: `u${index}@example.test`, fullName, plan: 'pro' }),
      ),
    );
    expect(tasks.map((task) => task.status)).toEqual(['complete', 'complete', 'complete']);
    const mailboxAttempts = tasks.map((task) => stepOf(task, 'provision_mailbox').attempts);
    // Every third mailbox request is throttled: one of the three was retried.
    expect(mailboxAttempts.reduce((sum, attempts) => sum + attempts, 0)).toBe(4);
    expect(services.requestCounts.get('POST /mail/mailboxes')).toBeGreaterThanOrEqual(4);
    const ada = tasks[0];
    if (ada === undefined) throw new Error('no task');
    expect(stepOf(ada, 'provision_mailbox').results).toEqual({
      status: 201,
      body: { address: 'ada.lovelace@mail.example.test' },
    });
    expect(stepOf(ada, 'send_welcome').results).toEqual({
      status: 202,
      body: { messageId: expect.stringMatching(/^msg_/) },
    });
  });

  it('onboarding: the CRM refusing the address (422) fails the task at once', async () => {
    const done = await run('onboarding', 'new_customer', {
      email: 'x+blocked@example.test',
      fullName: 'Blocked User',
      plan: 'free',
    });
    expect(done.status).toBe('error');
    const crm = stepOf(done, 'create_crm_contact');
    expect([crm.status, crm.attempts, crm.error?.code]).toEqual(['error', 1, 'HTTP_422']);
    expect(stepOf(done, 'send_welcome').status).toBe('pending');
  });

  it('the YAML workflow (accounts/offboard_user) runs its HTTP steps by handler name', async () => {
    const done = await run('accounts', 'offboard_user', { email: 'leaver@example.test' });
    expect(done.status).toBe('complete');
    expect(done.steps.map((step) => [step.name, (step.results as { status: number }).status])).toEqual([
      ['revoke_sessions', 200],
      ['export_data', 201],
      ['delete_contact', 200],
    ]);
    const rows = await app.query<{ description: string }>(
      `SELECT description FROM tasker.named_tasks WHERE name = 'offboard_user'`,
    );
    expect(rows).toEqual([
      {
        description: "Revoke the user's sessions and export their data in parallel, then delete the CRM contact",
      },
    ]);
  });
});
