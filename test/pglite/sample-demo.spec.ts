import { expect } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { runDemo } from '../../sample-app/src/demo/run-demo';

// The demo boots the whole sample app on an in-memory embedded database: seconds, and ~800 MB;
// on a loaded machine (the full suite on two cores) the run itself took over 100 s.
const DEMO_MS = 240_000;

describe('npm run demo (the sample app, in-process, embedded database)', () => {
  const saved = { TASKER_DATA_DIR: process.env.TASKER_DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };

  beforeAll(() => {
    // What demo.main does when no database is named: the demo's tasks stay in memory.
    delete process.env.DATABASE_URL;
    process.env.TASKER_DATA_DIR = 'memory';
  });

  afterAll(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it(
    'runs every workflow to its planned end, draws the bars, prints the summary and exits 0',
    async () => {
      const out = new PassThrough();
      let text = '';
      out.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      const code = await runDemo({ perKind: 2, timeoutMs: 180_000, out, tty: false, pollMs: 100 });
      expect({ code, tail: text.slice(-600) }).toEqual({
        code: 0,
        tail: expect.stringContaining('All 8 tasks ended as planned.'),
      });
      expect(text).toContain('Tasker demo: 8 tasks of 4 workflows on the embedded database, in memory');
      for (const kind of [
        'ecommerce/process_order',
        'analytics/customer_pipeline',
        'onboarding/new_customer',
        'accounts/offboard_user',
      ]) {
        expect(text).toMatch(new RegExp(`${kind} +\\[█{24}\\]     2/2`));
      }
      // The planned failures: a declined card and a blocked address, each named with its code.
      expect(text).toMatch(
        /expected failure: ecommerce\/process_order \w+ \(card declined\): process_payment CARD_DECLINED/,
      );
      expect(text).toMatch(/expected failure: onboarding\/new_customer \w+ \(.*\): create_crm_contact HTTP_422/);
      expect(text).toMatch(/^ecommerce\/process_order +1 +1 +0 /m);
      expect(text).toMatch(/^analytics\/customer_pipeline +2 +0 +0 +1 /m); // seed 0: the busy warehouse retried once
    },
    DEMO_MS,
  );
});
