import type { RowProblem, EnrollmentLine } from '../../domain/enrollment';
import type { Envelope } from '../../domain/allocate';
import type { ExcludedLine, PerStudentDerivation, RunSummary, SchoolResult } from '../../domain/result';
import type { CompactSchool } from '../../domain/result-form';
import type { RunJobState } from '../app/run-jobs';
import type { RuleSet } from '../../domain/ruleset';

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
  createdAt: string;
  lastEditor: string;
  updatedAt: string;
  changeNote?: string;
  submittedBy?: string;
  publishingBy?: string;
  publishedVersion?: number;
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

export interface SealedContent {
  lines: EnrollmentLine[];
  problems: RowProblem[];
  contentHash: string;
  bytes: number;
}

export interface PublishInput {
  draft: Draft;
  ruleSet: RuleSet;
  hash: string;
  by: string;
  at: string;
  recordVersion?: (version: RuleSetVersion) => Promise<unknown>;
}

export interface RunRequest {
  ruleSetId: string;
  version: number;
  datasetId: string;
  fiscalYear: number;
  envelope: Envelope;
  excludeInvalid: boolean;
}

export interface RunHeader {
  runId: string;
  status: 'pending' | 'complete';
  request: RunRequest;
  requestHash: string;
  clientKey?: string;
  createdBy: string;
  createdAt: string;
  completedAt?: string;
  summary?: RunSummary;
  approvedBy?: string;
  approvedAt?: string;
  /** Present when the run is computed as a job (a dataset too large for one request; app/run-jobs.ts). */
  job?: RunJobState;
}

/** What a run stores besides its header (SPEC §4's compact form): the standards table, schools, excluded lines. */
export interface RunContent {
  standards: PerStudentDerivation[];
  /** May be made as they are written (a run's schools), so a national run's lines need not all exist at once. */
  schools: Iterable<CompactSchool>;
  excluded: ExcludedLine[];
}

/** Stored schools with the standards table their lines refer to by position. */
export interface StoredSchools {
  standards: PerStudentDerivation[];
  schools: CompactSchool[];
}

/** A school's result without its lines (what run listings and the GET /runs/{id} table show). */
export type SchoolSummary = Omit<SchoolResult, 'lines'> & { lineCount: number };

export interface SchoolRunRef {
  runId: string;
  schoolId: string;
  createdAt: string;
}

export interface AuditEvent {
  at: string;
  eventId: string;
  action: string;
  actor: string;
  subject: string;
  details?: Record<string, unknown>;
}

/** Everything the API needs from persistence. The DynamoDB implementation is the only one; tests run it on two back ends. */
export interface Store {
  listRuleSets(page?: PageRequest): Promise<Page<RuleSetSummary>>;
  listVersions(ruleSetId: string, page?: PageRequest): Promise<Page<Omit<RuleSetVersion, 'ruleSet'>>>;
  getVersion(ruleSetId: string, version: number): Promise<RuleSetVersion>;
  getLatestVersion(ruleSetId: string): Promise<RuleSetVersion | undefined>;
  createDraft(draft: Omit<Draft, 'revision' | 'status' | 'lastEditor' | 'updatedAt'>): Promise<Draft>;
  getDraft(ruleSetId: string, draftId: string): Promise<Draft>;
  listDrafts(ruleSetId: string, page?: PageRequest): Promise<Page<Draft>>;
  updateDraft(input: { ruleSetId: string; draftId: string; expectedRevision: number; content: unknown; editor: string; at: string; changeNote?: string }): Promise<Draft>;
  submitDraft(input: { ruleSetId: string; draftId: string; expectedRevision: number; by: string; at: string }): Promise<Draft>;
  /** Publishes the draft as read at `draft.revision`, whose content the caller validated into `ruleSet`. */
  /**
   * `recordVersion` runs once the version exists and before the draft is marked published, so a publisher whose
   * request failed in between resumes (the draft is still theirs, "publishing") and records it then.
   */
  publishDraft(input: PublishInput): Promise<RuleSetVersion>;

  createDataset(header: Omit<DatasetHeader, 'status'>): Promise<DatasetHeader>;
  getDataset(datasetId: string): Promise<DatasetHeader>;
  listDatasets(page?: PageRequest): Promise<Page<DatasetHeader>>;
  putPart(datasetId: string, partNumber: number, bytes: Uint8Array): Promise<{ partNumber: number; bytes: number }>;
  readParts(datasetId: string): Promise<Uint8Array>;
  sealDataset(datasetId: string, content: SealedContent, by: string, at: string): Promise<DatasetHeader>;
  readDatasetContent(datasetId: string): Promise<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }>;

  /** Writes a pending header once; returns the existing header instead when the id is taken. */
  createRunHeader(header: Omit<RunHeader, 'status'>): Promise<{ created: boolean; header: RunHeader }>;
  writeRunContent(runId: string, createdAt: string, content: RunContent): Promise<void>;
  completeRun(runId: string, summary: RunSummary, at: string): Promise<RunHeader>;
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
  approveRun(runId: string, by: string, at: string): Promise<RunHeader>;

  /**
   * Appends an event. With an `eventId` the event is keyed by it: appending it again (a retry that heals a trail
   * left short by a failure) writes nothing and returns the event as given.
   */
  appendAudit(event: Omit<AuditEvent, 'eventId'> & { eventId?: string }): Promise<AuditEvent>;
  listAudit(page?: PageRequest): Promise<Page<AuditEvent>>;
}
