import { cartTotals } from '../../../sample-app/src/ecommerce/order/cart-totals';

const item = (unitPriceCents: number, quantity: number, unitWeightGrams: number) => ({
  sku: 'MUG-001',
  unitPriceCents,
  quantity,
  unitWeightGrams,
});

describe('cartTotals (ecommerce sample)', () => {
  it('adds 8 % tax on the subtotal and base shipping up to 1 kg', () => {
    expect(cartTotals([item(1250, 2, 400), item(1999, 1, 200)])).toEqual({
      subtotalCents: 4499,
      taxCents: 360, // 359.92 rounded
      shippingCents: 499,
      totalCents: 5358,
      weightGrams: 1000,
    });
  });

  it('charges 1.50 per started kilogram beyond the first', () => {
    expect(cartTotals([item(1000, 1, 1001)]).shippingCents).toBe(499 + 150);
    expect(cartTotals([item(1000, 1, 2000)]).shippingCents).toBe(499 + 150);
    expect(cartTotals([item(1000, 3, 1500)]).shippingCents).toBe(499 + 4 * 150); // 4.5 kg
  });

  it('ships a weightless cart for free and rounds tax half up', () => {
    expect(cartTotals([item(1, 1, 0), item(6, 1, 0)])).toEqual({
      subtotalCents: 7,
      taxCents: 1, // 0.56
      shippingCents: 0,
      totalCents: 8,
      weightGrams: 0,
    });
  });

  it('the total is always subtotal + tax + shipping', () => {
    for (let quantity = 1; quantity <= 20; quantity += 1) {
      const totals = cartTotals([item(333, quantity, 275), item(1999, 1, 900)]);
      expect(totals.totalCents).toBe(totals.subtotalCents + totals.taxCents + totals.shippingCents);
    }
  });
});
