/**
 * Output fingerprints for optimisation work: `node bin/run-ts.mjs bench/golden.ts > before.txt`, change the engine,
 * run again and diff. Every optimisation in RESULTS.md left these byte-identical (allocate under none / cap /
 * exact at 300 and 3,000 schools, both rule sets, a statement, compare, and CSV reading of UTF-8 and GBK files).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { allocate, type Envelope } from '../domain/allocate';
import { compare } from '../domain/compare';
import { explainStatement } from '../domain/explain';
import { statementText } from '../messages/statement-text';
import { readEnrollment } from '../formats/enrollment-reader';
import { cachedLines, CANDIDATE_FILE, datasetFile, loadRules, REPO_ROOT, RULES_FILE } from './dataset';

const fingerprint = (value: unknown) => createHash('sha256').update(typeof value === 'string' ? value : JSON.stringify(value)).digest('hex').slice(0, 16);
const rules = loadRules(RULES_FILE);
const candidate = loadRules(CANDIDATE_FILE);
const envelopes: Envelope[] = [{ policy: 'none' }, { policy: 'cap', budget: '4000000000' }, { policy: 'exact', budget: '5000000000.37' }];

for (const schools of [300, 3000]) {
  const lines = await cachedLines(schools);
  for (const envelope of envelopes) {
    const base = allocate({ ruleSet: rules, lines, envelope });
    if (!base.ok) throw new Error('the bench data set was refused');
    const other = allocate({ ruleSet: candidate, lines, envelope, enrollmentHash: 'sha256:x' });
    const statement = statementText(explainStatement(base.result, base.result.schools[7]!.schoolId, rules)!, 'en');
    console.log(schools, envelope.policy, fingerprint(base.result), fingerprint(other), fingerprint(statement));
  }
  const outcome = compare({ baseRules: rules, candidateRules: candidate, lines, envelope: envelopes[1] });
  if (!outcome.ok) throw new Error('compare refused the bench data set');
  // A national comparison is larger than the longest string V8 allows, so it is hashed piece by piece.
  const hash = createHash('sha256');
  const { lines: moved, ...rest } = outcome.comparison;
  hash.update(JSON.stringify(rest));
  for (const line of moved) hash.update(JSON.stringify(line));
  console.log(schools, 'compare', hash.digest('hex').slice(0, 16));
}
console.log('csv', fingerprint(await readEnrollment(readFileSync(await datasetFile(300, 'csv')), { format: 'csv' })));
console.log('gbk', fingerprint(await readEnrollment(readFileSync(join(REPO_ROOT, 'data/enrollment-hlj-2026.csv')), { format: 'csv' })));
