import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readEnrollment } from '../../formats/enrollment-reader';
import { dataPath } from '../../formats/test-fixtures';
import { run } from './generate';

const dir = mkdtempSync(join(tmpdir(), 'skillfund-generate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const rules = dataPath('rules-hlj-2026.json');

describe('skillfund generate', () => {
  it.each([
    ['csv', ['--encoding', 'gbk']],
    ['xlsx', []],
    ['json', []],
  ] as const)('writes a readable %s file, the same for the same seed', async (format, extra) => {
    const files = [join(dir, `a.${format}`), join(dir, `b.${format}`)];
    for (const out of files) {
      expect(await run(['--schools', '12', '--seed', '5', '--lines-per-school', '4', '--rules', rules, '--format', format, ...extra, '--out', out])).toBe(0);
    }
    const bytes = readFileSync(files[0]!);
    expect(bytes.equals(readFileSync(files[1]!))).toBe(true);
    const outcome = await readEnrollment(bytes, { fileName: files[0] });
    expect(outcome.problems).toEqual([]);
    expect(new Set(outcome.lines.map((l) => l.schoolId)).size).toBe(12);
  });

  it('exits 1 with a clear message on bad options, and 0 for --help', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    const logs = vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await run(['--schools', 'many', '--rules', rules])).toBe(1);
    expect(errors.mock.calls.flat().join('\n')).toContain('--schools');
    expect(await run(['--schools', '3'])).toBe(1);
    expect(await run(['--schools', '3', '--rules', rules, '--format', 'xlsx'])).toBe(1);
    expect(await run(['--schools', '3', '--rules', rules, '--format', 'pdf'])).toBe(1);
    expect(await run(['--help'])).toBe(0);
    expect(logs.mock.calls.flat().join('\n')).toContain('--lines-per-school');
    errors.mockRestore();
    logs.mockRestore();
  });
});
