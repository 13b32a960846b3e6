import type { LineFormula, SchoolStatement, StatementLine } from '../domain/explain';
import { Decimal } from '../domain/decimal';
import { amountDigits } from './format';
import { render } from './index';
import type { Lang } from './types';

/** A statement in one language: what the API sends the console and what `skillfund explain` prints. */
export interface RenderedStatement {
  lang: Lang;
  schoolId: string;
  schoolName: string;
  eligible: boolean;
  entitlement: string;
  allocation: string;
  header: string[];
  ineligibility?: string;
  lines: (Omit<StatementLine, 'formula'> & { text: string })[];
  share?: string;
  /** Year-on-year protection in words (SPEC §7), absent without protection. */
  protection?: string;
  total: string;
  basis: { rule: string; source: string }[];
}

/** Money padded to the run's decimals (an allocation's fen) and kept exact beyond them; grouped by the catalogue. */
function atScale(value: string, scale: number): string {
  const amount = new Decimal(value);
  return amount.decimalPlaces() <= scale ? amount.toFixed(scale) : amount.toFixed();
}

export function renderStatement(statement: SchoolStatement, lang: Lang): RenderedStatement {
  const { scale, ruleSet, envelope } = statement;
  const money = (value: string) => atScale(value, scale);
  return {
    lang,
    schoolId: statement.schoolId,
    schoolName: statement.schoolName,
    eligible: statement.eligible,
    entitlement: statement.entitlement,
    allocation: statement.allocation,
    header: [
      render({ code: 'statement_title', params: { school: statement.schoolName, schoolId: statement.schoolId, year: statement.fiscalYear } }, lang),
      render({ code: 'statement_identity', params: { schoolType: statement.schoolType, ownership: statement.ownership } }, lang),
      render(
        ruleSet.version !== undefined
          ? { code: 'statement_rule_set_version', params: { name: ruleSet.name, id: ruleSet.id, version: ruleSet.version, hash: ruleSet.hash } }
          : { code: 'statement_rule_set', params: { name: ruleSet.name, id: ruleSet.id, hash: ruleSet.hash } },
        lang,
      ),
      render(
        {
          code: 'statement_envelope',
          params: { policy: envelope.policy, ...(envelope.budget !== undefined ? { budget: money(envelope.budget) } : {}), ...(envelope.scaleFactor !== null ? { scaleFactor: envelope.scaleFactor } : {}) },
        },
        lang,
      ),
    ],
    ...(statement.ineligibility
      ? { ineligibility: render({ code: 'statement_ineligible', params: { ownership: statement.ineligibility.ownership, ...(statement.ineligibility.funded ? { funded: statement.ineligibility.funded } : {}) } }, lang) }
      : {}),
    lines: statement.lines.map(({ formula, ...line }) => ({ ...line, text: lineText(line, formula, scale, lang) })),
    ...(statement.share
      ? {
          share: render(
            {
              code: 'statement_share',
              params: { ...statement.share, budget: money(statement.share.budget), entitlement: money(statement.share.entitlement), allocation: money(statement.share.allocation) },
            },
            lang,
          ),
        }
      : {}),
    ...(statement.protection?.length ? { protection: statement.protection.map((sentence) => render(sentence, lang)).join(lang === 'zh' ? '' : ' ') } : {}),
    total: render({ code: 'statement_total', params: { students: statement.students, entitlement: money(statement.entitlement), allocation: money(statement.allocation) } }, lang),
    basis: statement.basis.map((citation) => ({ rule: render({ code: `statement_cited_${citation.rule.kind}`, params: { name: citation.rule.name } }, lang), source: citation.source })),
  };
}

/** The statement as plain text, one item per line (what `skillfund explain` prints). */
export function statementText(statement: SchoolStatement, lang: Lang): string {
  const rendered = renderStatement(statement, lang);
  return [
    ...rendered.header,
    '',
    ...(rendered.ineligibility ? [rendered.ineligibility] : []),
    ...rendered.lines.map((line) => line.text),
    ...(rendered.share ? [rendered.share] : []),
    ...(rendered.protection ? [rendered.protection] : []),
    rendered.total,
    '',
    render({ code: 'statement_basis_title' }, lang),
    ...(rendered.basis.length
      ? rendered.basis.map((citation) => `  ${render({ code: 'statement_citation', params: { rule: citation.rule, source: citation.source } }, lang)}`)
      : [`  ${render({ code: 'statement_no_basis' }, lang)}`]),
    '',
  ].join('\n');
}

/** S × (1 + ρ) + F = p × n = e, each factor named as the rule that gave it (SPEC §3 steps 3–6). */
function lineText(line: Omit<StatementLine, 'formula'>, formula: LineFormula | undefined, scale: number, lang: Lang): string {
  const head = render({ code: 'statement_line_head', params: { row: line.row, major: line.majorName, majorCode: line.majorCode } }, lang);
  if (!formula) return head + render({ code: 'statement_line_ineligible', params: { band: line.band, classType: line.classType, students: amountDigits(line.students) } }, lang);
  const { standard, rates, amounts } = formula;
  const terms: string[] = [];
  if (standard.from === 'bandTier') {
    terms.push(render({ code: 'statement_band_tier', params: { category: standard.categoryName, tier: standard.tierName, band: line.band, classType: line.classType, amount: standard.amount } }, lang));
  } else {
    terms.push(
      standard.from === 'category'
        ? render({ code: 'statement_base_category', params: { category: standard.categoryName, amount: standard.amount } }, lang)
        : render({ code: 'statement_base_tier', params: { category: standard.categoryName, tier: standard.tierName, amount: standard.amount } }, lang),
      render({ code: 'statement_band_factor', params: { band: line.band, classType: line.classType, factor: standard.factor } }, lang),
    );
  }
  if (rates) terms.push(...rateFactors(rates, lang));
  let text = terms.join(' × ');
  for (const amount of amounts) text += ` + ${render({ code: 'statement_amount_uplift', params: amount }, lang)}`;
  text += render({ code: 'statement_line_result', params: { perStudent: line.perStudent, students: line.students, entitlement: atScale(line.entitlement, scale) } }, lang);
  if (!new Decimal(line.allocation).equals(line.entitlement)) text += render({ code: 'statement_line_allocated', params: { allocation: atScale(line.allocation, scale) } }, lang);
  // Full-width brackets carry their own spacing in Chinese typesetting: no space between them and an operator.
  return head + text.replace(/） ([×+=])/g, '）$1').replace(/([×+=]) （/g, '$1（');
}

function rateFactors(rates: NonNullable<LineFormula['rates']>, lang: Lang): string[] {
  const named = rates.uplifts.map((uplift) => render({ code: 'statement_rate_uplift', params: uplift }, lang));
  const cap = rates.capped !== undefined ? render({ code: 'statement_cap', params: { rate: rates.capped } }, lang) : '';
  const list = named.join(lang === 'zh' ? '，' : ', ');
  const bracket = (code: string, terms: string, extra: Record<string, string> = {}) => render({ code, params: { terms, ...extra } }, lang);
  if (rates.combine === 'compound') {
    if (rates.uncapped === undefined) return named.map((term) => bracket('statement_rates', term));
    return [insertBeforeClose(bracket('statement_rates_compound', list, { combined: rates.uncapped }), cap)];
  }
  if (rates.combine === 'max') return [insertBeforeClose(bracket('statement_rates_max', list), cap)];
  return [insertBeforeClose(bracket('statement_rates', named.join(' + ')), cap)];
}

/** The cap goes inside the bracket it limits: "（1 + a 10% + b 25% → 上浮上限 30%）". */
function insertBeforeClose(bracketed: string, inside: string): string {
  if (!inside) return bracketed;
  const close = bracketed.endsWith('）') ? '）' : ')';
  return bracketed.slice(0, -close.length) + inside + close;
}
