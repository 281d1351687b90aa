import { Injectable } from '@nestjs/common';

/** Units on hand of every SKU the sample sells at start. */
export const INITIAL_STOCK: Readonly<Record<string, number>> = {
  'MUG-001': 10_000,
  'TEE-002': 10_000,
  'BOOK-003': 10_000,
  'LAMP-004': 10_000,
  'DESK-005': 1_000,
};

/** Stock levels in memory; one reservation per key, so a step that runs twice takes stock once. */
@Injectable()
export class Inventory {
  private readonly stock = new Map<string, number>(Object.entries(INITIAL_STOCK));
  private readonly applied = new Set<string>();

  /** Takes the quantities out of stock; false (nothing taken) when any SKU is unknown or short. */
  take(lines: ReadonlyArray<{ sku: string; quantity: number }>, key: string): boolean {
    if (this.applied.has(key)) return true;
    if (lines.some((line) => (this.stock.get(line.sku) ?? 0) < line.quantity)) return false;
    for (const line of lines) this.stock.set(line.sku, (this.stock.get(line.sku) ?? 0) - line.quantity);
    this.applied.add(key);
    return true;
  }

  onHand(sku: string): number {
    return this.stock.get(sku) ?? 0;
  }
}
