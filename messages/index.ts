import type { Coded } from '../domain/problems';
import { compareMessages } from './compare';
import { apiMessages } from './api';
import { attributionMessages } from './attribution';
import { attributionViewMessages } from './attribution-views';
import { cliMessages } from './cli';
import { engineMessages } from './engine';
import { enrollmentMessages } from './enrollment';
import { fileMessages } from './files';
import { governanceMessages } from './governance';
import { planningMessages } from './planning';
import { ruleSetMessages } from './rules';
import { statementMessages } from './statement';
import { validationMessages } from './validation';
import { planningApiMessages } from './planning-api';
import { integrityMessages } from './integrity';
import { consoleMessages } from './console';
import { perfMessages } from './perf';
import { simulationPageMessages } from './simulation-pages';
import { renderWith } from './render';
import type { Catalog, Lang } from './types';

export type { Catalog, Entry, Lang, Template } from './types';

/**
 * THE message catalogue: every word a user reads, keyed by stable codes. Each area keeps its own file; a code may
 * appear in one area only (checked at start-up and by messages/catalog.test.ts).
 */
const AREAS: Record<string, Catalog> = {
  validation: validationMessages,
  rules: ruleSetMessages,
  enrollment: enrollmentMessages,
  files: fileMessages,
  engine: engineMessages,
  compare: compareMessages,
  statement: statementMessages,
  planning: planningMessages,
  planningApi: planningApiMessages,
  api: apiMessages,
  cli: cliMessages,
  attribution: attributionMessages,
  attributionViews: attributionViewMessages,
  governance: governanceMessages,
  integrity: integrityMessages,
  console: consoleMessages,
  perf: perfMessages,
  simulationPages: simulationPageMessages,
};

export const CATALOG: Catalog = mergeAreas(AREAS);

export function render(message: Coded, lang: Lang = 'zh'): string {
  return renderWith(CATALOG, message, lang);
}

/** Picks zh or en from an Accept-Language header or a locale such as "zh_CN.UTF-8"; Chinese when unsure. */
export function langOf(preference: string | undefined, fallback: Lang = 'zh'): Lang {
  if (!preference) return fallback;
  const first = preference.split(',')[0]!.trim().toLowerCase();
  if (first.startsWith('en')) return 'en';
  if (first.startsWith('zh')) return 'zh';
  return fallback;
}

function mergeAreas(areas: Record<string, Catalog>): Catalog {
  const merged: Record<string, Catalog[string]> = {};
  const owner: Record<string, string> = {};
  for (const [area, catalog] of Object.entries(areas)) {
    for (const [code, entry] of Object.entries(catalog)) {
      if (owner[code]) throw new Error(`message code "${code}" is in both ${owner[code]} and ${area}`);
      owner[code] = area;
      merged[code] = entry;
    }
  }
  return merged;
}
