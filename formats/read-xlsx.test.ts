import { describe, expect, it } from 'vitest';
import { validateRuleSet } from '../domain/ruleset';
import { readEnrollment } from './enrollment-reader';
import { enrollmentToXlsx, generateEnrollment } from './synthetic';
import rulesJson from '../data/rules-hlj-2026.json';

describe('readXlsx at size', () => {
  // exceljs's streaming WorkbookReader decodes each zip chunk to text on its own, so a Chinese character split across
  // two chunks became "公���" in a national workbook (bench/RESULTS.md). Small workbooks fit in one chunk and never
  // show it; this one's shared strings span many.
  it('keeps every Chinese character of a workbook larger than one stream chunk', async () => {
    const rules = validateRuleSet(rulesJson);
    if (!rules.ok) throw new Error('sample rule set invalid');
    const lines = generateEnrollment({ schools: 400, seed: 6, ruleSet: rules.ruleSet });
    const bytes = await enrollmentToXlsx(lines);
    const outcome = await readEnrollment(bytes, { format: 'xlsx' });
    expect(outcome.problems).toEqual([]);
    expect(outcome.lines).toEqual(lines);
  });
});
