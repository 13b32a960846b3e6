import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPlan, type PlanInput } from '../domain/plan';
import { line, specRuleSet } from '../domain/test-fixtures';
import { emitPlanJson } from './commands/plan';

describe('plan JSON', () => {
  it('streamed school by school (national plans) is the same JSON value as written whole', async () => {
    const lines = [line({ schoolId: 'A', majorCode: '0102', students: '100' }), line({ schoolId: 'B', majorCode: '0501', students: '40' })];
    const plan: PlanInput = {
      name: '流式',
      years: [
        { fiscalYear: 2025, ruleSet: specRuleSet({ fiscalYear: 2025 }), ruleSetSource: 'a', enrollment: { kind: 'lines', source: 'e', lines }, envelope: { policy: 'none' } },
        { fiscalYear: 2026, ruleSet: specRuleSet({ protection: { basis: 'total', floor: '-0.01' } }), ruleSetSource: 'b', enrollment: { kind: 'projected', growth: { overall: '-0.5' } }, envelope: { policy: 'none' } },
      ],
    };
    const outcome = runPlan(plan);
    if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
    const dir = await mkdtemp(join(tmpdir(), 'skillfund-plan-json-'));
    await emitPlanJson(outcome.result, join(dir, 'whole.json'), false);
    await emitPlanJson(outcome.result, join(dir, 'streamed.json'), true);
    const [whole, streamed] = await Promise.all(['whole.json', 'streamed.json'].map(async (name) => readFile(join(dir, name), 'utf8')));
    expect(streamed).not.toBe(whole);
    expect(JSON.parse(streamed!)).toEqual(JSON.parse(whole!));
    expect(JSON.parse(streamed!).years[1].attribution.totals.effects.protection).not.toBe('0');
  });
});
