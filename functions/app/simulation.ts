import { computeAllocation, type AllocationCore, type ColumnarAllocateInput } from '../../domain/allocation-core';
import { attributeRuns, attributionRun, type Attribution } from '../../domain/attribution';
import { compareComputed, type Comparison } from '../../domain/compare';
import { canonicalJson, sha256 } from '../../domain/hash';
import type { RuleSet } from '../../domain/ruleset';
import { unprocessable } from '../http/errors';
import type { RuleSetVersion } from '../store/types';
import type { AppContext } from './context';
import type { Envelope } from '../../domain/allocate';
import { allocateInputFor, envelopeOf, loadDatasetFor } from './loaders';
import { PromiseMemo } from './memo';
import { prefixed, rowDetails } from './problems';
import { coded, type Problem } from '../../domain/problems';
import type { RowProblem } from '../../domain/enrollment';

/** What a simulation computes on one dataset and envelope: the base version's run, kept for each candidate. */
export interface SimulationInput {
  base: RuleSetVersion;
  datasetId: string;
  envelope: { policy: Envelope['policy']; budget?: string | undefined };
  excludeInvalid: boolean;
}

/** A candidate against the base (SPEC §5 and §9): the comparison and the attribution of the same two runs. */
export interface CandidateOutcome {
  comparison: Comparison;
  attribution: Attribution;
  baseRules: RuleSet;
  candidateRules: RuleSet;
  /** Each school's city, as the enrolment names it (the school table filters on it). */
  cities: ReadonlyMap<string, string>;
}

/**
 * The last simulations, keyed by what they depend on (the base version, the candidate's content, the dataset, the
 * envelope): expanding a school's lines asks again for the same simulation and must not compute it again.
 */
const simulations = new PromiseMemo<CandidateOutcome>(4);
const baseRuns = new PromiseMemo<{ input: ColumnarAllocateInput; core: AllocationCore }>(2);

/** Both runs computed once each, then compared (§5) and attributed (§9) from the same numbers. */
export function simulateCandidate(ctx: AppContext, input: SimulationInput, candidateRules: RuleSet, candidatePath = 'candidate'): Promise<CandidateOutcome> {
  const key = sha256(canonicalJson({ ...simulationKey(input), candidate: sha256(canonicalJson(candidateRules)) }));
  return simulations.get(key, async () => {
    const base = await baseRun(ctx, input);
    const { ruleSetVersion: _baseVersion, ...shared } = base.input;
    const candidate = computeAllocation({ ...shared, ruleSet: candidateRules });
    if (!candidate.ok) throw refused('candidate', candidatePath, candidate.problems, candidate.rowProblems);
    const comparison = compareComputed(base.core, candidate.core, { base: input.base.version });
    const attributed = attributeRuns(attributionRun(base.core, base.input), attributionRun(candidate.core, {}));
    if (!attributed.ok) throw unprocessable('simulation_refused', coded('attribution_simulation_incomparable'), prefixed(candidatePath, attributed.problems));
    return { comparison, attribution: attributed.attribution, baseRules: input.base.ruleSet, candidateRules, cities: citiesOf(base.core, candidate.core) };
  });
}

function citiesOf(...cores: AllocationCore[]): Map<string, string> {
  const cities = new Map<string, string>();
  for (const core of cores) for (const school of core.schools) if (school.first.city && !cities.has(school.id)) cities.set(school.id, school.first.city);
  return cities;
}

function simulationKey(input: SimulationInput) {
  return { ruleSetId: input.base.ruleSetId, version: input.base.version, datasetId: input.datasetId, envelope: envelopeOf(input.envelope), excludeInvalid: input.excludeInvalid };
}

/** The base version's run on the dataset, shared by every candidate compared with it. */
function baseRun(ctx: AppContext, input: SimulationInput) {
  return baseRuns.get(sha256(canonicalJson(simulationKey(input))), async () => {
    const dataset = await loadDatasetFor(ctx, input.datasetId, input.excludeInvalid);
    const allocateInput = allocateInputFor(input.base, dataset, { envelope: envelopeOf(input.envelope), excludeInvalid: input.excludeInvalid });
    const core = computeAllocation(allocateInput);
    if (!core.ok) throw refused('base', 'base', core.problems, core.rowProblems);
    return { input: allocateInput, core: core.core };
  });
}

function refused(side: 'base' | 'candidate', path: string, problems: Problem[], rowProblems: RowProblem[]) {
  return unprocessable('simulation_refused', coded('simulation_refused', { side }), [...prefixed(path, problems), ...rowDetails(rowProblems)], problems.length + rowProblems.length);
}
