import { Decimal } from './decimal';
import { CLASS_TYPE_NAMES, OWNERSHIP_NAMES, SCHOOL_TYPE_NAMES } from './enrollment';
import { formatAmount, formatMoney, formatRate } from './money-text';
import type { Coded } from './problems';
import { protectionStatement } from './protection-statement';
import type { AllocationResult, AppliedUplift, LineResult, RuleSources, RunSummary, SchoolResult } from './result';
import type { RuleSet } from './ruleset';

export type Lang = 'zh' | 'en';

export interface StatementLine {
  row: number;
  majorCode: string;
  majorName: string;
  classType: LineResult['classType'];
  students: string;
  perStudent: string;
  entitlement: string;
  allocation: string;
  eligible: boolean;
  /** The line as the statement prints it: standard × band × uplifts = per student × students = amount. */
  text: string;
}

export interface Citation {
  /** Which rule, e.g. 加成「急需紧缺」 / uplift "急需紧缺". */
  rule: string;
  source: string;
}

export interface SchoolStatement {
  lang: Lang;
  schoolId: string;
  schoolName: string;
  eligible: boolean;
  entitlement: string;
  allocation: string;
  header: string[];
  /** Why an ineligible school gets nothing; absent for an eligible school. */
  ineligibility?: string;
  lines: StatementLine[];
  /** How the envelope scaled this school's entitlement; absent when no envelope scaled the run. */
  share?: string;
  /** Year-on-year protection in words (SPEC §7), as coded sentences for the catalogue; absent without protection. */
  protection?: Coded[];
  total: string;
  basis: Citation[];
}

/** The words each language needs; one table so both statements keep the same structure. */
const WORDS = {
  zh: {
    yuan: (v: string) => `${v}元`,
    perStudent: (v: string) => `${v}元/生`,
    students: (v: string) => `${v}人`,
    title: (s: SchoolResult, year: number) => `${s.schoolName}（${s.schoolId}）${year}年度生均拨款说明`,
    identity: (s: SchoolResult) => `学校类型：${SCHOOL_TYPE_NAMES[s.schoolType].zh}；办学性质：${OWNERSHIP_NAMES[s.ownership].zh}`,
    ruleSet: (r: RunSummary['ruleSet']) => `规则集：${r.name}（${r.id}${r.version !== undefined ? `，第${r.version}版` : ''}，${r.hash}）`,
    policy: { none: '不设', cap: '封顶', exact: '总额控制' },
    envelope: (policy: string, budget: string | undefined, factor: string | null) =>
      `预算包络：${policy}${budget !== undefined ? `，预算 ${budget}元` : ''}${factor !== null ? `；缩放系数 ${factor}` : ''}`,
    line: (l: LineResult) => `第${l.row}行 ${l.majorName}（${l.majorCode}）：`,
    tierBase: (l: LineResult, b: string) => `${l.categoryName}（${l.tierName} ${b}元）`,
    categoryBase: (l: LineResult, b: string) => `${l.categoryName}（类别单列标准 ${b}元）`,
    bandFactor: (l: LineResult, f: string) => `${l.band} ${f}`,
    bandTier: (l: LineResult, s: string) => `${l.categoryName}（${l.tierName}）${l.band}标准 ${s}元`,
    cap: (rate: string) => `封顶 ${rate}`,
    bracket: (inner: string) => `（1 + ${inner}）`,
    max: (terms: string) => `取最高(${terms})`,
    compound: (terms: string, combined: string) => `连乘(${terms}) ${combined}`,
    listSeparator: '，',
    allocated: (v: string) => `，分配 ${v}元`,
    ineligibleLine: (l: LineResult) => `${l.band}，${formatAmount(l.students)}人，不符合拨款资格，拨款 0元`,
    ineligible: (s: SchoolResult, allowed: string | undefined) =>
      `本校办学性质为${OWNERSHIP_NAMES[s.ownership].zh}，${allowed ? `规则集仅对${allowed}学校拨款` : '不在规则集的拨款范围内'}（ineligible_ownership），拨款为 0。`,
    ownership: (o: 'public' | 'private') => OWNERSHIP_NAMES[o].zh,
    or: '、',
    share: (policy: string, budget: string, factor: string, e: string, a: string) =>
      `预算包络（${policy}，预算 ${budget}元）按缩放系数 ${factor} 分配：本校应得 ${e}元，按最大余数法分得 ${a}元；各行按应得比例分摊。`,
    total: (n: string, e: string, a: string) => `合计：在校生 ${n}人，应得 ${e}元，拨款 ${a}元。`,
    basisTitle: '依据：',
    noBasis: '规则集未载明政策出处。',
    rules: {
      ruleSet: (n: string) => `规则集「${n}」`,
      tier: (n: string) => `档次「${n}」`,
      category: (n: string) => `专业类别「${n}」`,
      major: (n: string) => `专业「${n}」`,
      band: (n: string) => `班级类型「${n}」`,
      uplift: (n: string) => `加成「${n}」`,
      protection: '保底与封顶',
    },
    cite: (c: Citation) => `${c.rule}：“${c.source}”`,
  },
  en: {
    yuan: (v: string) => `¥${v}`,
    perStudent: (v: string) => `¥${v}/student`,
    students: (v: string) => `${v} students`,
    title: (s: SchoolResult, year: number) => `Appropriation statement for ${s.schoolName} (${s.schoolId}), fiscal year ${year}`,
    identity: (s: SchoolResult) => `School type: ${SCHOOL_TYPE_NAMES[s.schoolType].en}; ownership: ${OWNERSHIP_NAMES[s.ownership].en}`,
    ruleSet: (r: RunSummary['ruleSet']) => `Rule set: ${r.name} (${r.id}${r.version !== undefined ? `, version ${r.version}` : ''}, ${r.hash})`,
    policy: { none: 'none', cap: 'cap', exact: 'exact' },
    envelope: (policy: string, budget: string | undefined, factor: string | null) =>
      `Envelope: ${policy}${budget !== undefined ? `, budget ¥${budget}` : ''}${factor !== null ? `; scale factor ${factor}` : ''}`,
    line: (l: LineResult) => `Row ${l.row} ${l.majorName} (${l.majorCode}): `,
    tierBase: (l: LineResult, b: string) => `${l.categoryName} (${l.tierName} ¥${b})`,
    categoryBase: (l: LineResult, b: string) => `${l.categoryName} (category standard ¥${b})`,
    bandFactor: (l: LineResult, f: string) => `${CLASS_TYPE_NAMES[l.classType].en} ${f}`,
    bandTier: (l: LineResult, s: string) => `${l.categoryName} (${l.tierName}) ${CLASS_TYPE_NAMES[l.classType].en} standard ¥${s}`,
    cap: (rate: string) => `capped at ${rate}`,
    bracket: (inner: string) => `(1 + ${inner})`,
    max: (terms: string) => `max(${terms})`,
    compound: (terms: string, combined: string) => `compound(${terms}) ${combined}`,
    listSeparator: ', ',
    allocated: (v: string) => `, allocated ¥${v}`,
    ineligibleLine: (l: LineResult) => `${CLASS_TYPE_NAMES[l.classType].en}, ${formatAmount(l.students)} students, not eligible, allocation ¥0`,
    ineligible: (s: SchoolResult, allowed: string | undefined) =>
      `This school is ${OWNERSHIP_NAMES[s.ownership].en}; ${allowed ? `the rule set funds only ${allowed} schools` : 'its ownership is outside what the rule set funds'} (ineligible_ownership), so it gets 0.`,
    ownership: (o: 'public' | 'private') => OWNERSHIP_NAMES[o].en,
    or: ' or ',
    share: (policy: string, budget: string, factor: string, e: string, a: string) =>
      `The envelope (${policy}, budget ¥${budget}) scaled allocations by ${factor}: this school's entitlement ¥${e} became ¥${a} by the largest-remainder method; its lines share it in proportion to their entitlements.`,
    total: (n: string, e: string, a: string) => `Total: ${n} students, entitlement ¥${e}, allocation ¥${a}.`,
    basisTitle: 'Basis:',
    noBasis: 'The rule set cites no policy source.',
    rules: {
      ruleSet: (n: string) => `rule set "${n}"`,
      tier: (n: string) => `tier "${n}"`,
      category: (n: string) => `category "${n}"`,
      major: (n: string) => `major "${n}"`,
      band: (n: string) => `class band "${n}"`,
      uplift: (n: string) => `uplift "${n}"`,
      protection: 'year-on-year protection',
    },
    cite: (c: Citation) => `${c.rule}: “${c.source}”`,
  },
} as const;
type Words = (typeof WORDS)[Lang];

/**
 * One school's statement as structured parts (header, one text per enrolment line, envelope share,
 * total, citations) for the API and console; undefined when the school is not in the result.
 * `rules` (the rule set of the run) fills in citations and the combine mode that older results lack.
 */
export function explainLines(result: AllocationResult, schoolId: string, lang: Lang = 'zh', rules?: RuleSet): SchoolStatement | undefined {
  const school = result.schools.find((s) => s.schoolId === schoolId);
  if (!school) return undefined;
  const words = WORDS[lang];
  const { summary } = result;
  const scale = summary.rounding.scale;
  const allowed = rules?.eligibility?.ownership.map((o) => words.ownership(o)).join(words.or);
  const scaled = summary.envelope.policy !== 'none' && envelopeScaled(result);
  return {
    lang,
    schoolId,
    schoolName: school.schoolName,
    eligible: school.eligible,
    entitlement: school.entitlement,
    allocation: school.allocation,
    header: [
      words.title(school, summary.fiscalYear),
      words.identity(school),
      words.ruleSet(summary.ruleSet),
      words.envelope(
        words.policy[summary.envelope.policy],
        summary.envelope.budget !== undefined ? formatMoney(summary.envelope.budget, scale) : undefined,
        summary.envelope.policy === 'none' ? null : summary.scaleFactor,
      ),
    ],
    ...(school.eligible ? {} : { ineligibility: words.ineligible(school, allowed) }),
    lines: school.lines.map((line) => ({
      row: line.row,
      majorCode: line.majorCode,
      majorName: line.majorName,
      classType: line.classType,
      students: line.students,
      perStudent: line.perStudent,
      entitlement: line.entitlement,
      allocation: line.allocation,
      eligible: line.reason === undefined,
      text: words.line(line) + (line.reason === undefined ? lineFormula(line, words, scale, rules) : words.ineligibleLine(line)),
    })),
    ...(scaled && school.eligible
      ? { share: words.share(words.policy[summary.envelope.policy], formatMoney(summary.envelope.budget ?? '0', scale), summary.scaleFactor ?? '—', formatMoney(school.entitlement, scale), formatMoney(school.allocation, scale)) }
      : {}),
    ...(school.protection && summary.protection ? { protection: protectionStatement(school, summary.protection) } : {}),
    total: words.total(formatAmount(school.students), formatMoney(school.entitlement, scale), formatMoney(school.allocation, scale)),
    basis: citations(school, summary, words, rules),
  };
}

/** The statement as plain text, one item per line; undefined when the school is not in the result. */
export function explainSchool(result: AllocationResult, schoolId: string, lang: Lang = 'zh', rules?: RuleSet, renderCoded?: (message: Coded, lang: Lang) => string): string | undefined {
  const statement = explainLines(result, schoolId, lang, rules);
  if (!statement) return undefined;
  const words = WORDS[lang];
  return [
    ...statement.header,
    '',
    ...(statement.ineligibility ? [statement.ineligibility] : []),
    ...statement.lines.map((line) => line.text),
    ...(statement.share ? [statement.share] : []),
    // The domain has no texts of its own for coded sentences; the caller passes the catalogue's renderer.
    ...(statement.protection && renderCoded ? [statement.protection.map((sentence) => renderCoded(sentence, lang)).join(lang === 'zh' ? '' : ' ')] : []),
    statement.total,
    '',
    words.basisTitle,
    ...(statement.basis.length ? statement.basis.map((c) => `  ${words.cite(c)}`) : [`  ${words.noBasis}`]),
    '',
  ].join('\n');
}

/** S × (1 + ρ) + F = p × n = e, each factor named as the rule that gave it (SPEC §3 steps 3–6). */
function lineFormula(line: LineResult, words: Words, scale: number, rules: RuleSet | undefined): string {
  const terms: string[] = [];
  if (line.bandFrom === 'tier') {
    terms.push(words.bandTier(line, formatAmount(line.bandedStandard)));
  } else {
    const base = formatAmount(line.baseStandard);
    terms.push(line.baseFrom === 'category' ? words.categoryBase(line, base) : words.tierBase(line, base));
    terms.push(words.bandFactor(line, line.bandFactor ?? '1'));
  }
  const rates = line.uplifts.filter((u) => u.rate !== undefined);
  if (rates.length) terms.push(...rateFactors(line, rates, words, rules));
  let formula = terms.join(' × ');
  for (const amount of line.uplifts.filter((u) => u.amountPerStudent !== undefined)) {
    formula += ` + ${amount.name} ${words.yuan(formatAmount(amount.amountPerStudent!))}`;
  }
  formula += ` = ${words.perStudent(formatAmount(line.perStudent))} × ${words.students(formatAmount(line.students))} = ${words.yuan(formatMoney(line.entitlement, scale))}`;
  if (!new Decimal(line.allocation).equals(line.entitlement)) formula += words.allocated(formatMoney(line.allocation, scale));
  // Full-width brackets carry their own spacing in Chinese typesetting: no space between them and an operator.
  return formula.replace(/） ([×+=])/g, '）$1').replace(/([×+=]) （/g, '$1（');
}

function rateFactors(line: LineResult, rates: AppliedUplift[], words: Words, rules: RuleSet | undefined): string[] {
  const named = rates.map((u) => `${u.name} ${formatRate(u.rate!)}`);
  const combine = rates.length < 2 ? 'sum' : (line.upliftCombine ?? rules?.upliftPolicy.combine ?? 'sum');
  const capped = line.upliftRateUncapped !== undefined;
  const cap = capped ? ` → ${words.cap(formatRate(line.upliftRate))}` : '';
  if (combine === 'compound') {
    if (!capped) return named.map((term) => words.bracket(term));
    return [words.bracket(words.compound(named.join(words.listSeparator), formatRate(line.upliftRateUncapped!)) + cap)];
  }
  if (combine === 'max') return [words.bracket(words.max(named.join(words.listSeparator)) + cap)];
  return [words.bracket(named.join(' + ') + cap)];
}

/** The rule set's citation first, then each rule's own, in the order the lines first use them. */
function citations(school: SchoolResult, summary: RunSummary, words: Words, rules: RuleSet | undefined): Citation[] {
  const found: Citation[] = [];
  const seen = new Set<string>();
  const add = (rule: string, source: string | undefined) => {
    if (!source || seen.has(`${rule}\u0000${source}`)) return;
    seen.add(`${rule}\u0000${source}`);
    found.push({ rule, source });
  };
  add(words.rules.ruleSet(summary.ruleSet.name), summary.ruleSet.source ?? rules?.source);
  if (school.protection?.protected) add(words.rules.protection, summary.protection?.source);
  // An ineligible school's lines were never priced, so only the rule set (its eligibility rule) applies.
  for (const line of school.lines.filter((l) => l.reason === undefined)) {
    const sources = sourcesOf(line, rules);
    add(words.rules.tier(line.tierName), sources.tier);
    add(words.rules.category(line.categoryName), sources.category);
    add(words.rules.major(line.majorName), sources.major);
    add(words.rules.band(line.band), sources.band);
    for (const uplift of line.uplifts) add(words.rules.uplift(uplift.name), uplift.source);
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
function envelopeScaled(result: AllocationResult): boolean {
  const { scale, mode } = result.summary.rounding;
  const rounding = mode === 'down' ? Decimal.ROUND_DOWN : mode === 'half_even' ? Decimal.ROUND_HALF_EVEN : Decimal.ROUND_HALF_UP;
  return result.schools.some((school) => !new Decimal(school.entitlement).toDecimalPlaces(scale, rounding).equals(school.allocation));
}
