import { Decimal } from './decimal';
import type { Ownership } from './labels';
import type { Coded } from './problems';
import { protectionStatement } from './protection-statement';
import type { AllocationResult, EnvelopePolicy, LineResult, RuleSources, RunSummary, SchoolResult } from './result';
import type { RuleSet } from './ruleset';

/**
 * One school's statement as structure: every figure and every name it shows, never a sentence. The catalogue
 * (messages/statement.ts) writes it in zh or en, so the CLI, the API and the console say the same thing.
 */
export interface SchoolStatement {
  schoolId: string;
  schoolName: string;
  schoolType: SchoolResult['schoolType'];
  ownership: Ownership;
  fiscalYear: number;
  /** Decimals of an allocation; money is shown with at least these. */
  scale: number;
  ruleSet: RunSummary['ruleSet'];
  envelope: { policy: EnvelopePolicy; budget?: string; scaleFactor: string | null };
  eligible: boolean;
  students: string;
  entitlement: string;
  allocation: string;
  /** Why an ineligible school gets nothing: its ownership and the ownerships the rule set funds (when known). */
  ineligibility?: { ownership: Ownership; funded?: Ownership[] };
  lines: StatementLine[];
  /** How the envelope scaled this school's entitlement; absent when no envelope scaled the run. */
  share?: { policy: EnvelopePolicy; budget: string; scaleFactor: string; entitlement: string; allocation: string };
  /** Year-on-year protection (SPEC §7) as coded sentences; absent without protection. */
  protection?: Coded[];
  /** The rule set's citation first, then each rule's own, in the order the lines first use them. */
  basis: Citation[];
}

export interface StatementLine {
  row: number;
  majorCode: string;
  majorName: string;
  classType: LineResult['classType'];
  band: string;
  students: string;
  perStudent: string;
  entitlement: string;
  allocation: string;
  eligible: boolean;
  /** How an eligible line's per-student amount was built (SPEC §3 steps 3–6). */
  formula?: LineFormula;
}

/** S × (1 + ρ) + F = p, as the factors the rules gave: base standard, band, rate uplifts, amount uplifts. */
export interface LineFormula {
  /** The band's own per-tier standard replaces base × factor when it has one. */
  standard:
    | { from: 'tier' | 'category'; categoryName: string; tierName: string; amount: string; factor: string }
    | { from: 'bandTier'; categoryName: string; tierName: string; amount: string };
  rates?: { combine: 'sum' | 'max' | 'compound'; uplifts: { name: string; rate: string }[]; uncapped?: string; capped?: string };
  amounts: { name: string; amount: string }[];
}

export type CitedRule = 'ruleSet' | 'tier' | 'category' | 'major' | 'band' | 'uplift' | 'protection';

export interface Citation {
  /** Which kind of rule, and its name as the rule set gives it. */
  rule: { kind: CitedRule; name: string };
  source: string;
}

/**
 * One school's statement (header, one formula per enrolment line, envelope share, total, citations); undefined
 * when the school is not in the result. `rules` (the rule set of the run) fills in citations and the combine mode
 * that older results lack.
 */
export function explainStatement(result: AllocationResult, schoolId: string, rules?: RuleSet): SchoolStatement | undefined {
  const school = result.schools.find((s) => s.schoolId === schoolId);
  if (!school) return undefined;
  return explainSchool(result.summary, school, envelopeScaled(result.summary, result.schools), rules);
}

/**
 * The same statement from one school's result and one fact about the whole run: whether the envelope scaled it
 * (`envelopeScaled`), which a server computes once per run instead of once per statement.
 */
export function explainSchool(summary: RunSummary, school: SchoolResult, runScaled: boolean, rules?: RuleSet): SchoolStatement {
  const { policy, budget } = summary.envelope;
  const scaled = policy !== 'none' && runScaled;
  return {
    schoolId: school.schoolId,
    schoolName: school.schoolName,
    schoolType: school.schoolType,
    ownership: school.ownership,
    fiscalYear: summary.fiscalYear,
    scale: summary.rounding.scale,
    ruleSet: summary.ruleSet,
    envelope: { policy, ...(budget !== undefined ? { budget } : {}), scaleFactor: policy === 'none' ? null : summary.scaleFactor },
    eligible: school.eligible,
    students: school.students,
    entitlement: school.entitlement,
    allocation: school.allocation,
    ...(school.eligible ? {} : { ineligibility: { ownership: school.ownership, ...(rules?.eligibility ? { funded: rules.eligibility.ownership } : {}) } }),
    lines: school.lines.map((line) => ({
      row: line.row,
      majorCode: line.majorCode,
      majorName: line.majorName,
      classType: line.classType,
      band: line.band,
      students: line.students,
      perStudent: line.perStudent,
      entitlement: line.entitlement,
      allocation: line.allocation,
      eligible: line.reason === undefined,
      ...(line.reason === undefined ? { formula: lineFormula(line, rules) } : {}),
    })),
    ...(scaled && school.eligible
      ? { share: { policy, budget: budget ?? '0', scaleFactor: summary.scaleFactor ?? '—', entitlement: school.entitlement, allocation: school.allocation } }
      : {}),
    ...(school.protection && summary.protection ? { protection: protectionStatement(school, summary.protection) } : {}),
    basis: citations(school, summary, rules),
  };
}

function lineFormula(line: LineResult, rules: RuleSet | undefined): LineFormula {
  const standard: LineFormula['standard'] =
    line.bandFrom === 'tier'
      ? { from: 'bandTier', categoryName: line.categoryName, tierName: line.tierName, amount: line.bandedStandard }
      : { from: line.baseFrom, categoryName: line.categoryName, tierName: line.tierName, amount: line.baseStandard, factor: line.bandFactor ?? '1' };
  const rateUplifts = line.uplifts.filter((u) => u.rate !== undefined).map((u) => ({ name: u.name, rate: u.rate! }));
  const combine = rateUplifts.length < 2 ? 'sum' : (line.upliftCombine ?? rules?.upliftPolicy.combine ?? 'sum');
  const capped = line.upliftRateUncapped !== undefined;
  return {
    standard,
    ...(rateUplifts.length ? { rates: { combine, uplifts: rateUplifts, ...(capped ? { uncapped: line.upliftRateUncapped!, capped: line.upliftRate } : {}) } } : {}),
    amounts: line.uplifts.filter((u) => u.amountPerStudent !== undefined).map((u) => ({ name: u.name, amount: u.amountPerStudent! })),
  };
}

function citations(school: SchoolResult, summary: RunSummary, rules: RuleSet | undefined): Citation[] {
  const found: Citation[] = [];
  const seen = new Set<string>();
  const add = (kind: CitedRule, name: string, source: string | undefined) => {
    const key = `${kind}\u0000${name}\u0000${source}`;
    if (!source || seen.has(key)) return;
    seen.add(key);
    found.push({ rule: { kind, name }, source });
  };
  add('ruleSet', summary.ruleSet.name, summary.ruleSet.source ?? rules?.source);
  if (school.protection?.protected) add('protection', '', summary.protection?.source);
  // An ineligible school's lines were never priced, so only the rule set (its eligibility rule) applies.
  for (const line of school.lines.filter((l) => l.reason === undefined)) {
    const sources = sourcesOf(line, rules);
    add('tier', line.tierName, sources.tier);
    add('category', line.categoryName, sources.category);
    add('major', line.majorName, sources.major);
    add('band', line.band, sources.band);
    for (const uplift of line.uplifts) add('uplift', uplift.name, uplift.source);
  }
  return found;
}

/** A result made before derivations carried their sources still gets them from the rule set. */
function sourcesOf(line: LineResult, rules: RuleSet | undefined): RuleSources {
  if (line.sources || !rules) return line.sources ?? {};
  return {
    tier: rules.tiers.find((t) => t.code === line.tier)?.source,
    category: rules.categories.find((c) => c.code === line.categoryCode)?.source,
    major: rules.majors.find((m) => m.code === line.majorCode)?.source,
    band: rules.classBands.find((b) => b.classType === line.classType)?.source,
  };
}

/** Whether an envelope scaled the run: some school got other than its entitlement rounded by the rule set. */
/**
 * Whether the envelope moved any school's allocation away from its rounded entitlement: only then does a statement
 * explain a share (a budget that covers every entitlement leaves the figures as the formula gave them).
 */
export function envelopeScaled(summary: RunSummary, schools: readonly Pick<SchoolResult, 'entitlement' | 'allocation'>[]): boolean {
  if (summary.envelope.policy === 'none') return false;
  const { scale, mode } = summary.rounding;
  const rounding = mode === 'down' ? Decimal.ROUND_DOWN : mode === 'half_even' ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP;
  return schools.some((school) => !new Decimal(school.entitlement).toDecimalPlaces(scale, rounding).equals(school.allocation));
}
