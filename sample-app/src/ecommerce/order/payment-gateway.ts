import { Injectable } from '@nestjs/common';

/** A charge the gateway made. */
export interface Charge {
  chargeId: string;
  amountCents: number;
}

/** Why the gateway refused: `card_declined` is final, `gateway_timeout` is worth retrying. */
export class PaymentGatewayError extends Error {
  constructor(
    readonly code: 'card_declined' | 'gateway_timeout',
    message: string,
  ) {
    super(message);
    this.name = 'PaymentGatewayError';
  }
}

/**
 * A stand-in payment gateway, in memory. It declines `tok_declined`, times out on the first charge
 * of a `tok_flaky` key, and keeps one charge per idempotency key (as real gateways do) so a step
 * that runs twice never charges twice.
 */
@Injectable()
export class PaymentGateway {
  private readonly charges = new Map<string, Charge>();
  private readonly flakyKeysSeen = new Set<string>();

  charge(token: string, amountCents: number, idempotencyKey: string): Charge {
    const existing = this.charges.get(idempotencyKey);
    if (existing !== undefined) return existing;
    if (token === 'tok_declined') throw new PaymentGatewayError('card_declined', 'the card was declined');
    if (token === 'tok_flaky' && !this.flakyKeysSeen.has(idempotencyKey)) {
      this.flakyKeysSeen.add(idempotencyKey);
      throw new PaymentGatewayError('gateway_timeout', 'the payment gateway timed out');
    }
    const charge = { chargeId: `ch_${idempotencyKey.slice(0, 8)}`, amountCents };
    this.charges.set(idempotencyKey, charge);
    return charge;
  }

  /** The charge made under `idempotencyKey`, if any. */
  chargeFor(idempotencyKey: string): Charge | undefined {
    return this.charges.get(idempotencyKey);
  }
}
