import type { RowProblem, EnrollmentLine } from '../../domain/enrollment';
import type { EnrollmentColumns } from '../../domain/enrollment-columns';
import type { Envelope } from '../../domain/allocate';
import type { EnrollmentWarning } from '../../domain/enrollment-checks';
import type { ExcludedFigures } from '../../domain/excluded';
import type { Instalment } from '../../domain/instalments';
import type { ExcludedLine, PerStudentDerivation, RunSummary, SchoolResult } from '../../domain/result';
import type { CompactSchool } from '../../domain/result-form';
import type { Warning } from '../../domain/plausibility';
import type { RunJobState } from '../app/run-jobs';
import type { RuleSet } from '../../domain/ruleset';
import type { PendingDecision, RunDecision, RunState, Supersession } from './run-lifecycle';
import type { AuditEvent, AuditFilter, DomainEvent, StoredSimulation } from './record-types';

export interface PageRequest {
  limit?: number;
  /** Opaque token from the previous page's `cursor`. */
  cursor?: string;
}
export interface Page<T> {
  items: T[];
  cursor?: string;
}

export interface RuleSetSummary {
  ruleSetId: string;
  name: string;
  latestVersion?: number;
  updatedAt: string;
}

/** Who/when/why of a published version; the rule set itself is immutable once written. */
export interface RuleSetVersion {
  ruleSetId: string;
  version: number;
  ruleSet: RuleSet;
  hash: string;
  author: string;
  publishedBy: string;
  publishedAt: string;
  changeNote?: string;
  baseVersion?: number;
  draftId?: string;
  draftRevision?: number;
  /** The plausibility warnings the publisher accepted (SPEC §11). */
  acceptedWarnings?: Warning[];
}

export type DraftStatus = 'draft' | 'submitted' | 'publishing' | 'published';

export interface Draft {
  ruleSetId: string;
  draftId: string;
  revision: number;
  status: DraftStatus;
  /** The rule set as the editor left it; it may be invalid until published. */
  content: unknown;
  baseVersion?: number;
  createdBy: string;
  /** The creator's token subject (absent on drafts made before subjects were kept). */
  createdBySub?: string;
  createdAt: string;
  lastEditor: string;
  updatedAt: string;
  changeNote?: string;
  /**
   * Subjects of everyone who changed the content since the base version (a save that changes nothing adds no
   * one): none of them may publish it. `editorNames` are the same people as the pages name them.
   */
  editors?: string[];
  editorNames?: string[];
  submittedBy?: string;
  /** A publication claimed and not yet finished; anyone's publish call finishes or releases it. */
  publishing?: PublishClaim;
  publishedVersion?: number;
  publishedBy?: string;
}

export interface PublishClaim {
  by: string;
  bySub: string;
  at: string;
  claimId: string;
  /** The status to return to if the publication is released. */
  from: 'draft' | 'submitted';
  acceptedWarnings?: Warning[];
}

export interface DraftSave {
  ruleSetId: string;
  draftId: string;
  expectedRevision: number;
  content: unknown;
  editor: string;
  editorSub: string;
  at: string;
  changeNote?: string;
  /**
   * A rebase (issue 14): the content is the draft's changes replayed onto version `to`, and the draft's base moves
   * from `from` (it must still be the base) to `to`. A rebase is an edit: the editor becomes an author even when
   * the content is unchanged.
   */
  rebase?: { from: number | undefined; to: number };
}

export type DatasetFormat = 'csv' | 'xlsx' | 'json';

export interface DatasetHeader {
  datasetId: string;
  name: string;
  fiscalYear?: number;
  format: DatasetFormat;
  fileName?: string;
  status: 'open' | 'sealed';
  createdBy: string;
  createdAt: string;
  sealedBy?: string;
  sealedAt?: string;
  contentHash?: string;
  bytes?: number;
  lineCount?: number;
  schoolCount?: number;
  problemCount?: number;
  /** The first problems, for display; all of them are stored in chunks. */
  problemSample?: RowProblem[];
}

/** Enrolment warnings of a dataset against the previous one of its fiscal-year series (SPEC §11). */
export interface DatasetChecks {
  /** The dataset compared with; absent when the series has none before it. */
  comparedWith?: string;
  warningCount: number;
  /** The first warnings (each `{ code, params }`); the count says how many there are. */
  warnings: EnrollmentWarning[];
}

export interface SealedContent {
  lines: EnrollmentLine[];
  problems: RowProblem[];
  contentHash: string;
  bytes: number;
}

/**
 * The dataset's parts fence: a counter every committed part moves. A seal passes the fence it read the parts at,
 * and is refused if a part was committed since.
 */
export type PartsFence = number;

export interface StoredPart {
  partNumber: number;
  bytes: number;
  /** The fence once this part is committed: sealing the bytes known at this point passes it. */
  fence: PartsFence;
}

export interface PartsSnapshot {
  /** The committed parts joined in part-number order. */
  bytes: Uint8Array;
  fence: PartsFence;
}

export interface PublishInput {
  ruleSetId: string;
  draftId: string;
  /** The revision the publisher reviewed; any later save makes the publication 409. */
  revision: number;
  by: string;
  bySub: string;
  at: string;
  acceptedWarnings?: Warning[];
  /** Runs once the version exists and before the draft shows it published (idempotent: it may run again). */
  recordVersion?: (version: RuleSetVersion) => Promise<unknown>;
}

export interface RunRequest {
  ruleSetId: string;
  version: number;
  datasetId: string;
  fiscalYear: number;
  envelope: Envelope;
  excludeInvalid: boolean;
  /** The payment schedule asked for; without one the rule set's default schedule applies, if it has one. */
  instalments?: Instalment[];
  /** The approved run of an earlier year whose school totals are this run's protection baseline (SPEC §7). */
  baselineRunId?: string;
}

export interface RunHeader {
  runId: string;
  status: 'pending' | 'complete';
  request: RunRequest;
  requestHash: string;
  clientKey?: string;
  createdBy: string;
  /** The creator's token subject: what the four-eyes rules compare (absent on runs made before it was kept). */
  createdBySub?: string;
  createdAt: string;
  completedAt?: string;
  summary?: RunSummary;
  /** What the excluded lines would have been entitled to, for the approver (absent on older runs). */
  excludedFigures?: ExcludedFigures;
  /** The settled state (run-lifecycle.ts); absent on a run nobody has decided on yet. */
  lifecycle?: RunState;
  /** A decision claimed and not yet settled; whoever touches the run next finishes or releases it. */
  pending?: PendingDecision;
  approval?: RunDecision & { supersedes?: string };
  approvedBy?: string;
  approvedBySub?: string;
  approvedAt?: string;
  returned?: RunDecision;
  withdrawn?: RunDecision;
  supersededBy?: Supersession;
  /** The request computing the run and until when it holds it (functions/store/run-claims.ts). */
  writer?: string;
  leaseUntil?: string;
  /** The hash of the result its school items carry, fixed by the first writer to register one. */
  contentHash?: string;
  /** Present when the run is computed as a job (a dataset too large for one request; app/run-jobs.ts). */
  job?: RunJobState;
}

/** What a run stores besides its header (SPEC §4's compact form): the standards table, schools, excluded lines. */
export interface RunContent {
  standards: PerStudentDerivation[];
  /**
   * May be made as they are written, so a national run's lines need not all exist at once; or already packed
   * (`PackedSchool`) by the pass that hashed them.
   */
  schools: Iterable<CompactSchool | PackedSchool>;
  excluded: ExcludedLine[];
}

/** A school whose lines are already in the store's column form (columns.ts packSchool). */
export interface PackedSchool {
  head: Omit<CompactSchool, 'lines'>;
  lineCount: number;
  lineColumns: string | Uint8Array;
}

/** Stored schools with the standards table their lines refer to by position. */
export interface StoredSchools {
  standards: PerStudentDerivation[];
  schools: CompactSchool[];
}

/** The run that counts for a rule set and fiscal year (one item per pair; see run-decisions.ts). */
export interface CurrentRun {
  ruleSetId: string;
  fiscalYear: number;
  runId: string;
  since: string;
  previousRunId?: string;
}

/** What a decision changed, handed to the caller's recorder (audit trail, outbox) before the run shows it. */
export interface RunDecisionRecord {
  action: 'approve' | 'return' | 'withdraw' | 'supersede';
  runId: string;
  header: RunHeader;
  by: string;
  at: string;
  comment?: string;
  /** approve: the run it replaced; supersede: the run that replaced it. */
  otherRunId?: string;
}

export interface RunDecisionInput {
  runId: string;
  action: 'approve' | 'return' | 'withdraw';
  by: string;
  bySub: string;
  at: string;
  comment?: string;
  supersedes?: string;
  /** Runs once per decision, after it became certain and before the run shows it; must be idempotent. */
  record?: (records: RunDecisionRecord[]) => Promise<unknown>;
}

/** Either this request now computes the run (`resumed`: taking over from one whose lease ran out), or it does not. */
export type RunClaim = { claimed: true; resumed: boolean; header: RunHeader } | { claimed: false; header: RunHeader };

/** A school's result without its lines (what run listings and the GET /runs/{id} table show). */
export type SchoolSummary = Omit<SchoolResult, 'lines'> & { lineCount: number };

export interface SchoolRunRef {
  runId: string;
  schoolId: string;
  createdAt: string;
}

export type { AuditEvent, AuditFilter, DomainEvent, DomainEventType, StoredSimulation } from './record-types';

/** Everything the API needs from persistence. The DynamoDB implementation is the only one; tests run it on two back ends. */
export interface Store {
  listRuleSets(page?: PageRequest): Promise<Page<RuleSetSummary>>;
  listVersions(ruleSetId: string, page?: PageRequest): Promise<Page<Omit<RuleSetVersion, 'ruleSet'>>>;
  getVersion(ruleSetId: string, version: number): Promise<RuleSetVersion>;
  getLatestVersion(ruleSetId: string): Promise<RuleSetVersion | undefined>;
  createDraft(draft: Omit<Draft, 'revision' | 'status' | 'lastEditor' | 'updatedAt' | 'editors' | 'editorNames'> & { changed?: boolean }): Promise<Draft>;
  getDraft(ruleSetId: string, draftId: string): Promise<Draft>;
  listDrafts(ruleSetId: string, page?: PageRequest): Promise<Page<Draft>>;
  /** A save that changes the content (or rebases the draft) makes the editor one of the draft's authors (`editors`). */
  updateDraft(input: DraftSave): Promise<Draft>;
  submitDraft(input: { ruleSetId: string; draftId: string; expectedRevision: number; by: string; at: string }): Promise<Draft>;
  /**
   * Publishes the draft at `revision` by someone who changed none of its revisions. A publication left half done by
   * a crash is finished (or released when it can no longer be) by the next publish call on the draft, anyone's.
   */
  publishDraft(input: PublishInput): Promise<RuleSetVersion>;

  createDataset(header: Omit<DatasetHeader, 'status'>): Promise<DatasetHeader>;
  getDataset(datasetId: string): Promise<DatasetHeader>;
  listDatasets(page?: PageRequest): Promise<Page<DatasetHeader>>;
  /** Acknowledged (resolved) only once the part is committed to the open dataset: then it is in its seal. */
  putPart(datasetId: string, partNumber: number, bytes: Uint8Array): Promise<StoredPart>;
  readParts(datasetId: string): Promise<PartsSnapshot>;
  /** Seals the content parsed from the parts read at `fence`; 409 when sealed meanwhile or a part came since. */
  sealDataset(datasetId: string, content: SealedContent, by: string, at: string, fence: PartsFence): Promise<DatasetHeader>;
  readDatasetContent(datasetId: string): Promise<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }>;
  /** The same lines as columns, the engine's form (no object per line): what a run or a simulation reads. */
  readDatasetEnrollment(datasetId: string): Promise<{ header: DatasetHeader; enrollment: EnrollmentColumns; problems: RowProblem[] }>;
  putDatasetChecks(datasetId: string, checks: DatasetChecks): Promise<void>;
  getDatasetChecks(datasetId: string): Promise<DatasetChecks | undefined>;

  /** Writes a pending header once; returns the existing header instead when the id is taken. */
  createRunHeader(header: Omit<RunHeader, 'status'>): Promise<{ created: boolean; header: RunHeader }>;
  writeRunContent(runId: string, createdAt: string, content: RunContent): Promise<void>;
  /** Claims the run id for one writer, or says who holds it (see functions/store/run-claims.ts). */
  claimRun(header: Omit<RunHeader, 'status'> & { writer: string; leaseUntil: string }, now: string): Promise<RunClaim>;
  /** The writer gives up: a run without content (and not a job) disappears; any other is free to be taken over at once. */
  releaseRun(runId: string, writer: string): Promise<void>;
  /** Registers the hash of the result about to be written; 409 run_content_changed if the run holds another. */
  fenceRunContent(runId: string, contentHash: string): Promise<void>;
  /** With `contentHash`, completes only a run holding that result. */
  completeRun(runId: string, summary: RunSummary, at: string, contentHash?: string, excludedFigures?: ExcludedFigures): Promise<RunHeader>;
  /** Queues a pending run's job (a ticket the table's stream delivers in AWS). */
  queueRunJob(runId: string, at: string): Promise<void>;
  /** A pending run's job failed: the error its request would have answered is kept with it. */
  failRunJob(runId: string, error: NonNullable<RunJobState['error']>, at: string): Promise<RunHeader>;
  /** A pending run's job is queued again (it was lost, or failed and is asked for again). */
  requeueRunJob(runId: string, at: string): Promise<RunHeader>;
  /** Complete runs only; a pending run is NotFound. */
  getRun(runId: string): Promise<RunHeader>;
  /** Any state, for idempotent retries. */
  findRunHeader(runId: string): Promise<RunHeader | undefined>;
  listRuns(page?: PageRequest): Promise<Page<RunHeader>>;
  listSchoolRuns(schoolId: string, page?: PageRequest): Promise<Page<SchoolRunRef>>;
  getRunHeaders(runIds: string[]): Promise<RunHeader[]>;
  listRunSchools(runId: string): Promise<SchoolSummary[]>;
  /** One school, its lines compact, with the run's standards table. */
  getRunSchool(runId: string, schoolId: string): Promise<StoredSchools>;
  readRunExcluded(runId: string): Promise<ExcludedLine[]>;
  readRunSchools(runId: string): Promise<StoredSchools>;
  /** Approve, return or withdraw a run (run-lifecycle.ts); refusals are StoreErrors with the reason. */
  decideRun(input: RunDecisionInput): Promise<{ header: RunHeader; superseded?: RunHeader }>;
  getCurrentRun(ruleSetId: string, fiscalYear: number): Promise<CurrentRun | undefined>;
  /** Pointers keyed `<ruleSetId>#<fiscalYear>`. */
  getCurrentRuns(series: { ruleSetId: string; fiscalYear: number }[]): Promise<Map<string, CurrentRun>>;

  /**
   * Appends an event. With an `eventId` the event is keyed by it: appending it again (a retry that heals a trail
   * left short by a failure) writes nothing and returns the event as given.
   */
  appendAudit(event: Omit<AuditEvent, 'eventId'> & { eventId?: string }): Promise<AuditEvent>;
  /** Newest first; with a filter, pages are filled from as much of the trail as it takes (server-side). */
  listAudit(page?: PageRequest, filter?: AuditFilter): Promise<Page<AuditEvent>>;

  /** Rows first, then the header, each a conditional put; AlreadyExistsError when the id is taken. */
  putSimulation(simulation: StoredSimulation): Promise<void>;
  /** NotFoundError when there is none or it expired before `now` (ISO). */
  getSimulation(simulationId: string, now: string): Promise<StoredSimulation>;

  /** Idempotent by eventId (and time). */
  appendOutbox(event: DomainEvent): Promise<DomainEvent>;
  /** Oldest first, after a position an earlier call returned. */
  listOutbox(options?: { after?: string; limit?: number }): Promise<Page<DomainEvent & { position: string }>>;
}
