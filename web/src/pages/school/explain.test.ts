import { describe, expect, it } from 'vitest';
import type { LineResult } from '../../../../domain/result';
import { translator } from '../../i18n/i18n';
import { explainLine, groupAllocations } from './explain';

const line = (overrides: Partial<LineResult>): LineResult => ({
  row: 2,
  majorCode: '0101',
  majorName: '数控加工',
  categoryCode: '01',
  categoryName: '机械类',
  tier: 'T2',
  tierName: '二档',
  baseFrom: 'tier',
  classType: 'senior',
  band: '高级工班',
  bandFrom: 'factor',
  bandFactor: '1.3',
  baseStandard: '7500',
  bandedStandard: '9750',
  uplifts: [{ id: 'scarce', name: '急需紧缺专业', rate: '0.1', source: '行动方案第10条' }],
  upliftRate: '0.1',
  upliftAmount: '0',
  perStudent: '10725',
  students: '100',
  entitlement: '1072500',
  allocation: '1072500.00',
  ...overrides,
});

describe('statement explanation', () => {
  it('names the tier, the band rule and each uplift with its figures', () => {
    const sentences = explainLine(line({}), translator('zh'), 'zh');
    expect(sentences[0]).toBe('机械类属二档，基准 7,500.00 元/生；高级工班系数 1.3，为 9,750.00 元/生');
    expect(sentences[1]).toBe('急需紧缺专业 上浮 10%');
  });

  it('says when a band has its own standard for the tier, and when the cap bit', () => {
    const sentences = explainLine(
      line({ bandFrom: 'tier', bandedStandard: '12000', upliftRateUncapped: '0.45', upliftRate: '0.3', uplifts: [{ id: 'h', name: '艰苦行业', amountPerStudent: '500' }] }),
      translator('en'),
      'en',
    );
    expect(sentences[0]).toContain('own standard for this tier gives ¥12,000.00 per student');
    expect(sentences[1]).toBe('艰苦行业 +¥500.00 per student');
    expect(sentences[2]).toBe('combined uplift 45% exceeds the cap; 30% applies');
  });

  it('groups allocations exactly', () => {
    const lines = [
      line({ categoryName: '机械类', allocation: '0.10' }),
      line({ categoryName: '服务类', allocation: '5.00' }),
      line({ categoryName: '机械类', allocation: '0.20' }),
    ];
    expect(groupAllocations(lines, (l) => l.categoryName)).toEqual([
      { key: '机械类', amount: '0.3' },
      { key: '服务类', amount: '5' },
    ]);
  });
});
