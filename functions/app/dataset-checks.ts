import type { EnrollmentLine } from '../../domain/enrollment';
import { enrollmentWarnings } from '../../domain/enrollment-checks';
import { render } from '../../messages';
import type { DatasetChecks, DatasetHeader } from '../store/types';
import type { AppContext } from './context';

/** Enough to act on; the count says how many more. */
const WARNINGS_KEPT = 200;
/** How far back the series is searched (newest first); older uploads are not "the previous dataset". */
const DATASETS_SEARCHED = 200;

/**
 * The previous dataset of the same fiscal-year series: the newest other sealed dataset before this one of the same
 * fiscal year (a corrected upload), else of the year before. Undefined when there is none or no year is known.
 */
export async function previousDataset(ctx: AppContext, header: DatasetHeader): Promise<DatasetHeader | undefined> {
  if (header.fiscalYear === undefined) return undefined;
  const page = await ctx.store.listDatasets({ limit: DATASETS_SEARCHED });
  const earlier = page.items.filter((d) => d.datasetId !== header.datasetId && d.status === 'sealed' && d.createdAt <= header.createdAt);
  return earlier.find((d) => d.fiscalYear === header.fiscalYear) ?? earlier.find((d) => d.fiscalYear === header.fiscalYear! - 1);
}

/** Computes and keeps the enrolment warnings of a just-sealed dataset; they never block anything. */
export async function checkSealedDataset(ctx: AppContext, header: DatasetHeader, lines: readonly EnrollmentLine[]): Promise<DatasetChecks> {
  const previous = await previousDataset(ctx, header);
  const warnings = previous ? enrollmentWarnings(lines, (await ctx.store.readDatasetContent(previous.datasetId)).lines) : [];
  const checks: DatasetChecks = { ...(previous ? { comparedWith: previous.datasetId } : {}), warningCount: warnings.length, warnings: warnings.slice(0, WARNINGS_KEPT) };
  await ctx.store.putDatasetChecks(header.datasetId, checks);
  return checks;
}

/** The checks as the API shows them: each warning with its text in Chinese. */
export function checksView(checks: DatasetChecks | undefined) {
  if (!checks) return undefined;
  return { ...checks, warnings: checks.warnings.map((w) => ({ ...w, message: render(w, 'zh') })) };
}
