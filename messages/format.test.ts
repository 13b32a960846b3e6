import { describe, expect, it } from 'vitest';
import { KINDS, groupDigits } from './format';

describe('placeholder kinds', () => {
  it('groups digits of decimal strings exactly', () => {
    expect(groupDigits('1485000.00')).toBe('1,485,000.00');
    expect(groupDigits('-1234567890123456789.5')).toBe('-1,234,567,890,123,456,789.5');
    expect(groupDigits('999')).toBe('999');
  });
  it('shows rates as percentages without floats', () => {
    expect(KINDS.rate!('0.10', 'zh')).toBe('10%');
    expect(KINDS.rate!('0.125', 'zh')).toBe('12.5%');
    expect(KINDS.rate!('-0.03', 'zh')).toBe('-3%');
    expect(KINDS.rate!('1.5', 'en')).toBe('150%');
    expect(KINDS.rate!('0.0001', 'en')).toBe('0.01%');
  });
  it('names enumerations per language', () => {
    expect(KINDS.classType!('senior', 'zh')).toBe('高级工班');
    expect(KINDS.money!('1000.5', 'zh')).toBe('1,000.5 元');
  });
});
