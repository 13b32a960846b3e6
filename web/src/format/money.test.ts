import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimals, formatAmount, formatCount, formatRate, formatSignedPercent, formatSignedYuan, formatWanYuan, formatYuan, sumDecimals } from './money';

describe('money formatting from decimal strings', () => {
  it('groups thousands and keeps two decimals, rounding half up', () => {
    expect(formatAmount('1234567.5')).toBe('1,234,567.50');
    expect(formatAmount('999.995')).toBe('1,000.00');
    expect(formatAmount('0.004')).toBe('0.00');
    expect(formatAmount('-1234.5')).toBe('-1,234.50');
    expect(formatAmount('-0.001')).toBe('0.00');
    expect(formatAmount('123', 0)).toBe('123');
  });

  it('keeps every digit of amounts beyond float precision', () => {
    expect(formatAmount('12345678901234567.89')).toBe('12,345,678,901,234,567.89');
  });

  it('writes 元 in Chinese and ¥ in English', () => {
    expect(formatYuan('7500')).toBe('7,500.00 元');
    expect(formatYuan('7500', 'en')).toBe('¥7,500.00');
    expect(formatYuan('-30', 'en')).toBe('-¥30.00');
  });

  it('summarises in 万元', () => {
    expect(formatWanYuan('12345678.9')).toBe('1,234.57 万元');
    expect(formatWanYuan('50000')).toBe('5.00 万元');
    expect(formatWanYuan('12345678.9', 'en')).toBe('¥1,234.57 × 10k');
  });

  it('signs deltas and rates', () => {
    expect(formatSignedYuan('1200')).toBe('+1,200.00 元');
    expect(formatSignedYuan('-300')).toBe('-300.00 元');
    expect(formatSignedYuan('0')).toBe('0.00 元');
    expect(formatRate('0.10')).toBe('10%');
    expect(formatRate('0.125')).toBe('12.5%');
    expect(formatSignedPercent('5.234')).toBe('+5.23%');
    expect(formatSignedPercent('-50')).toBe('-50.00%');
  });

  it('counts students without trailing zeros', () => {
    expect(formatCount('1234.50')).toBe('1,234.5');
    expect(formatCount('12000')).toBe('12,000');
  });

  it('sums exactly where floats would drift', () => {
    expect(sumDecimals(['0.10', '0.20'])).toBe('0.3');
    expect(sumDecimals([])).toBe('0');
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 10n ** 15n }), { maxLength: 50 }), (cents) => {
        const texts = cents.map((c) => `${c / 100n}.${String(c % 100n).padStart(2, '0')}`);
        const total = cents.reduce((a, b) => a + b, 0n);
        expect(sumDecimals(texts)).toBe(`${total / 100n}${total % 100n ? `.${String(total % 100n).padStart(2, '0')}`.replace(/0$/, '') : ''}`);
      }),
    );
  });

  it('formatting never changes the value: removing separators gives the rounded number back', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), (cents) => {
        const negative = cents < 0n;
        const abs = negative ? -cents : cents;
        const text = `${negative ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
        const shown = formatAmount(text);
        expect(shown.replace(/,/g, '')).toBe(cents === 0n ? '0.00' : text);
        expect(shown).toMatch(/^-?\d{1,3}(,\d{3})*\.\d{2}$/);
      }),
    );
  });

  it('orders decimal strings numerically', () => {
    expect(['100', '20', '3.5', '-1'].sort(compareDecimals)).toEqual(['-1', '3.5', '20', '100']);
  });
});
