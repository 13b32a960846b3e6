import { describe, expect, it } from 'vitest';
import type { LineResult } from '../../../../domain/result';
import { footnotes, groupAllocations, lineCitations } from './explain';

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

describe('statement helpers', () => {
  it('cites every rule behind a line once, in the order the amount is built', () => {
    const citations = lineCitations(
      line({
        sources: { tier: '第10条（一）', category: '附表1', band: '第10条（三）' },
        uplifts: [
          { id: 'scarce', name: '急需紧缺专业', rate: '0.1', source: '第10条（二）' },
          { id: 'x', name: '无出处', rate: '0.1' },
        ],
      }),
    );
    expect(citations.map((c) => `${c.rule}：${c.source}`)).toEqual(['二档：第10条（一）', '机械类：附表1', '高级工班：第10条（三）', '急需紧缺专业：第10条（二）']);
    expect(lineCitations(line({ uplifts: [] }))).toEqual([]);
  });

  it('numbers each distinct source once, basis first', () => {
    const lines = [
      line({ sources: { tier: 'B', band: 'A' }, uplifts: [] }),
      line({ sources: { tier: 'B', category: 'C' }, uplifts: [{ id: 'u', name: 'u', rate: '0.1', source: 'A' }] }),
    ];
    expect([...footnotes([{ rule: '规则集', source: 'A' }], lines)]).toEqual([
      ['A', 1],
      ['B', 2],
      ['C', 3],
    ]);
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
