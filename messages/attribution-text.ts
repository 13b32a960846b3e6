import type { LineEffectExplanation, SchoolEffectExplanation } from '../domain/attribution-explain';
import { EFFECT_CODES, type Effect } from '../domain/attribution-types';
import { render } from './index';
import type { Lang } from './types';

/** An effect's name: 在校生变动, 生均标准变动（档次、大类、班型）… */
export function effectName(effect: Effect, lang: Lang = 'zh'): string {
  return render({ code: EFFECT_CODES[effect] }, lang);
}

/** "机械类由三档调为二档：生均标准 7,500→9,000 元，影响 +1,155,000.00 元": the causes, then the figure that moved. */
export function renderLineEffect(explanation: LineEffectExplanation, lang: Lang = 'zh'): string {
  const summary = render(explanation.summary, lang);
  if (explanation.causes.length === 0) return summary;
  const causes = explanation.causes.map((cause) => render(cause, lang)).join(lang === 'zh' ? '，' : ', ');
  return `${causes}${lang === 'zh' ? '：' : ': '}${summary}`;
}

/** "预算调整与取整：上次 +0.00 元，本次 -105,192.95 元，影响 -105,192.95 元". */
export function renderSchoolEffect(explanation: SchoolEffectExplanation, lang: Lang = 'zh'): string {
  return render(explanation.summary, lang);
}
