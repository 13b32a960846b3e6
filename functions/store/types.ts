import type { RowProblem, EnrollmentLine } from '../../domain/enrollment';
import type { Envelope } from '../../domain/allocate';
import type { ExcludedLine, RunSummary, SchoolResult } from '../../domain/result';
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
  /** The request computing the run and until when it holds it (functions/store/run-claims.ts). */
  writer?: string;
  leaseUntil?: string;
  /** The hash of the result its school items carry, fixed by the first writer to register one. */
  contentHash?: string;
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
  /** Acknowledged (resolved) only once the part is committed to the open dataset: then it is in its seal. */
  putPart(datasetId: string, partNumber: number, bytes: Uint8Array): Promise<StoredPart>;
  readParts(datasetId: string): Promise<PartsSnapshot>;
  /** Seals the content parsed from the parts read at `fence`; 409 when sealed meanwhile or a part came since. */
  sealDataset(datasetId: string, content: SealedContent, by: string, at: string, fence: PartsFence): Promise<DatasetHeader>;
  readDatasetContent(datasetId: string): Promise<{ header: DatasetHeader; lines: EnrollmentLine[]; problems: RowProblem[] }>;

  /** Writes a pending header once; returns the existing header instead when the id is taken. */
  createRunHeader(header: Omit<RunHeader, 'status'>): Promise<{ created: boolean; header: RunHeader }>;
  writeRunContent(runId: string, createdAt: string, schools: SchoolResult[], excluded: ExcludedLine[]): Promise<void>;
  /** Claims the run id for one writer, or says who holds it (see functions/store/run-claims.ts). */
  claimRun(header: Omit<RunHeader, 'status'> & { writer: string; leaseUntil: string }, now: string): Promise<RunClaim>;
  /** The writer gives up: a run without content disappears, one with content is free to be taken over at once. */
  releaseRun(runId: string, writer: string): Promise<void>;
  /** Registers the hash of the result about to be written; 409 run_content_changed if the run holds another. */
  fenceRunContent(runId: string, contentHash: string): Promise<void>;
  /** With `contentHash`, completes only a run holding that result. */
  completeRun(runId: string, summary: RunSummary, at: string, contentHash?: string): Promise<RunHeader>;
  /** Complete runs only; a pending run is NotFound. */
  getRun(runId: string): Promise<RunHeader>;
  /** Any state, for idempotent retries. */
  findRunHeader(runId: string): Promise<RunHeader | undefined>;
  listRuns(page?: PageRequest): Promise<Page<RunHeader>>;
  listSchoolRuns(schoolId: string, page?: PageRequest): Promise<Page<SchoolRunRef>>;
  getRunHeaders(runIds: string[]): Promise<RunHeader[]>;
  listRunSchools(runId: string): Promise<SchoolSummary[]>;
  getRunSchool(runId: string, schoolId: string): Promise<SchoolResult>;
  readRunExcluded(runId: string): Promise<ExcludedLine[]>;
  readRunSchools(runId: string): Promise<SchoolResult[]>;
  approveRun(runId: string, by: string, at: string): Promise<RunHeader>;

  /**
   * Appends an event. With an `eventId` the event is keyed by it: appending it again (a retry that heals a trail
   * left short by a failure) writes nothing and returns the event as given.
   */
  appendAudit(event: Omit<AuditEvent, 'eventId'> & { eventId?: string }): Promise<AuditEvent>;
  listAudit(page?: PageRequest): Promise<Page<AuditEvent>>;
}
