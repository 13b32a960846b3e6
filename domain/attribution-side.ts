import { INELIGIBLE, lineProblem, type AllocationCore, type CoreSchool } from './allocation-core';
import { summaryFigures, summaryHead } from './allocate';
import { SCHOOL_TYPE_INDEX } from './enrollment-columns';
import type { AttributedRun, NotFundedReason } from './attribution-types';
import { comparedRuleSet } from './compare';
import type { ReasonedLine } from './compare-reasons';
import type { EnrollmentLine, RowProblem } from './enrollment';
import { pow10, toScaledInteger } from './fixed';
import { OWNERSHIPS, type Ownership } from './labels';
import { StandardBook, type CompiledStandard } from './standards';

/** One side of an attribution as the engine computed it (SPEC §3, §7), with what it needs to read its enrolment. */
export interface AttributionRun {
  core: AllocationCore;
  /** The reader's problems given with the run's input: their rows are not part of this side's enrolment. */
  readerProblems?: readonly RowProblem[];
  ruleSetVersion?: number;
}

/** A school as one side's rules see it: its first line (type, ownership) and what §9's "funded" needs of it. */
export interface Identity {
  line: EnrollmentLine;
  schoolTypeIndex: number;
  eligible: boolean;
}

interface EnrolledSchool {
  /** The school's first line in this side's enrolment: its name, type and ownership. */
  first: EnrollmentLine;
  indexes: number[];
}

/** One run, read the way §9 reads it: its enrolment by school, and whether its rules fund a line. */
export class RunSide {
  readonly core: AllocationCore;
  readonly book: StandardBook;
  readonly schools = new Map<string, EnrolledSchool>();
  /** The run's schools by id, with their position in `core.schools` (and in its protection's). */
  readonly coreSchools: Map<string, { school: CoreSchool; index: number }>;
  /** Each line's (major, class type) key in the attribution's rate table. */
  keys = new Int32Array(0);
  private readonly eligible: Set<Ownership>;
  private readonly ineligibleLines = new Map<CompiledStandard, ReasonedLine>();

  constructor(readonly run: AttributionRun) {
    const core = (this.core = run.core);
    this.book = new StandardBook(core.rules);
    this.eligible = new Set(core.rules.eligibility?.ownership ?? OWNERSHIPS);
    this.coreSchools = new Map(core.schools.map((school, index) => [school.id, { school, index }]));
    const rejected = new Set(run.readerProblems?.map((problem) => problem.row));
    let last: EnrolledSchool | undefined;
    core.lines.forEach((line, index) => {
      if (rejected.size && rejected.has(line.row)) return;
      // Files list a school's lines together (as in allocation-core).
      if (last?.first.schoolId === line.schoolId) {
        last.indexes.push(index);
        return;
      }
      last = this.schools.get(line.schoolId);
      if (last) last.indexes.push(index);
      else this.schools.set(line.schoolId, (last = { first: line, indexes: [index] }));
    });
  }

  /** n in hundredths; a line the rules left out still has its students (they count where the other side funds it). */
  students(index: number): bigint {
    return this.core.standards[index] ? this.core.studentHundredths[index]! : toScaledInteger(this.core.lines[index]!.students, 2);
  }

  identity(line: EnrollmentLine): Identity {
    return { line, schoolTypeIndex: SCHOOL_TYPE_INDEX.get(line.schoolType)!, eligible: this.eligible.has(line.ownership) };
  }

  /** §9 "funded": undefined when these rules fund the line at a school of this identity, else why not. */
  notFunded(refusal: (NotFundedReason | undefined)[], identity: Identity): NotFundedReason | undefined {
    return refusal[identity.schoolTypeIndex] ?? (identity.eligible ? undefined : INELIGIBLE);
  }

  /** What the §5 reasons read of a line on this side; one object per (standard, eligibility), as the reasoner caches by identity. */
  reasoned(standard: CompiledStandard | undefined, why: NotFundedReason | undefined): ReasonedLine | undefined {
    if (!standard || (why !== undefined && why !== INELIGIBLE)) return undefined;
    if (why === undefined) return standard;
    let line = this.ineligibleLines.get(standard);
    if (!line) this.ineligibleLines.set(standard, (line = { ...standard, reason: INELIGIBLE }));
    return line;
  }

  /** Why the rules leave the line out: the excluded line's reason (a RowReason), as the comparison says it. */
  excludedBecause(line: EnrollmentLine, identity: Identity): string | undefined {
    const problem = lineProblem({ ...line, schoolType: identity.line.schoolType }, this.book);
    return problem?.reason;
  }

  /**
   * §7's protected entitlement P = clamp(E, F, C) at the run's exact scale, F and C being the school's guarantee and cap
   * in allocation units; P = E in a run without protection (§9).
   */
  protectedEntitlement({ school, index }: { school: CoreSchool; index: number }): bigint {
    const state = this.core.protection?.schools[index];
    if (!state) return school.entitlement;
    const k = pow10(this.core.exactScale - this.core.scale);
    const floor = state.floor * k;
    if (school.entitlement < floor) return floor;
    return state.cap !== null && school.entitlement > state.cap * k ? state.cap * k : school.entitlement;
  }

  head(): AttributedRun {
    const head = summaryHead(this.core, this.run.ruleSetVersion);
    const figures = summaryFigures(this.core);
    return {
      ruleSet: comparedRuleSet(head),
      envelope: head.envelope,
      totalEntitlement: figures.totalEntitlement,
      totalAllocation: figures.totalAllocation,
      schools: this.core.schools.length,
      lines: this.core.includedLines,
      ...(this.core.warnings.length ? { warnings: this.core.warnings } : {}),
    };
  }
}
