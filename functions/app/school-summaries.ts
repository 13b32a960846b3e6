import { envelopeScaled } from '../../domain/explain';
import type { Store, RunHeader, SchoolSummary } from '../store/types';

/** Warm-container memory: a national run's summaries are about 1 MB; a few runs are read at a time. */
const RUNS_KEPT = 8;
const byStore = new WeakMap<Store, Map<string, Promise<SchoolSummary[]>>>();

/**
 * Every school's figures (without lines) of a run. A complete run never changes, and its school pages sort and
 * filter all of them, so they are read once per store and warm container instead of on every page: at national
 * scale that read was most of a statement's time (issue 6, bench/RESULTS.md).
 */
export function runSchoolSummaries(store: Store, header: RunHeader): Promise<SchoolSummary[]> {
  if (header.status !== 'complete') return store.listRunSchools(header.runId);
  let runs = byStore.get(store);
  if (!runs) byStore.set(store, (runs = new Map()));
  const cached = runs.get(header.runId);
  if (cached) {
    // Most recently used last, so the oldest is the first key.
    runs.delete(header.runId);
    runs.set(header.runId, cached);
    return cached;
  }
  const read = store.listRunSchools(header.runId);
  runs.set(header.runId, read);
  read.catch(() => runs.delete(header.runId));
  if (runs.size > RUNS_KEPT) runs.delete(runs.keys().next().value!);
  return read;
}

/** Keyed by the cached summaries, so the fact lives exactly as long as they do. */
const scaledBySummaries = new WeakMap<SchoolSummary[], boolean>();

/**
 * Whether the envelope scaled the run (domain/explain.ts `envelopeScaled`), which every statement of the run shows.
 * Worked out once per cached run: a statement used to rebuild a 3,000-school result to ask it (issue 16).
 */
export async function runEnvelopeScaled(store: Store, header: RunHeader): Promise<boolean> {
  if (!header.summary || header.summary.envelope.policy === 'none') return false;
  const summaries = await runSchoolSummaries(store, header);
  let scaled = scaledBySummaries.get(summaries);
  if (scaled === undefined) scaledBySummaries.set(summaries, (scaled = envelopeScaled(header.summary, summaries)));
  return scaled;
}
