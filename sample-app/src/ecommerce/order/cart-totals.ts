import type { CartItem } from './order-context';

/** The tax rate applied to the subtotal. */
export const TAX_RATE = 0.08;
/** Shipping of a parcel up to {@link SHIPPING_BASE_GRAMS}. */
export const SHIPPING_BASE_CENTS = 499;
export const SHIPPING_BASE_GRAMS = 1000;
/** Each started kilogram beyond the base. */
export const SHIPPING_PER_EXTRA_KG_CENTS = 150;

/** What a cart costs, every amount in cents. */
export interface CartTotals {
  subtotalCents: number;
  taxCents: number;
  shippingCents: number;
  totalCents: number;
  weightGrams: number;
}

/**
 * Totals of a cart: subtotal, 8 % tax on it (rounded half up to the cent), weight-based shipping
 * (nothing for a weightless cart, {@link SHIPPING_BASE_CENTS} up to 1 kg, plus
 * {@link SHIPPING_PER_EXTRA_KG_CENTS} per started kilogram beyond) and their sum. Cents throughout:
 * no floating-point drift between what is shown and what is charged.
 */
export function cartTotals(items: readonly CartItem[]): CartTotals {
  const subtotalCents = items.reduce((sum, item) => sum + item.unitPriceCents * item.quantity, 0);
  const weightGrams = items.reduce((sum, item) => sum + item.unitWeightGrams * item.quantity, 0);
  const taxCents = Math.round(subtotalCents * TAX_RATE);
  const shippingCents = shippingFor(weightGrams);
  return { subtotalCents, taxCents, shippingCents, totalCents: subtotalCents + taxCents + shippingCents, weightGrams };
}

function shippingFor(weightGrams: number): number {
  if (weightGrams === 0) return 0;
  const extraKg = Math.ceil(Math.max(0, weightGrams - SHIPPING_BASE_GRAMS) / 1000);
  return SHIPPING_BASE_CENTS + extraKg * SHIPPING_PER_EXTRA_KG_CENTS;
}
