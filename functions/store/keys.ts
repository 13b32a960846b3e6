/**
 * THE key layout of the single skillfund table. Every key the store writes is built here.
 *
 * Table: partition key `PK` (S), sort key `SK` (S); one global secondary index `GSI1`
 * (`GSI1PK` S, `GSI1SK` S, projection ALL). TABLE_DEFINITION in ./table.ts is the same thing for CreateTable/CDK.
 *
 * | entity                         | PK                    | SK                          | GSI1PK               | GSI1SK                  |
 * |--------------------------------|-----------------------|-----------------------------|----------------------|-------------------------|
 * | rule set (name, latest)        | RULESET#<id>          | META                        | RULESETS             | <id>                    |
 * | published version (immutable)  | RULESET#<id>          | VERSION#000042              |                      |                         |
 * | draft (revision-checked)       | RULESET#<id>          | DRAFT#<draftId>             |                      |                         |
 * | dataset header                 | DATASET#<id>          | HEADER                      | DATASETS             | <createdAt>#<id>        |
 * | uploaded bytes (gzip, chunked) | DATASET#<id>          | PART#0001#CHUNK#0001        |                      |                         |
 * | sealed lines (gzip, chunked)   | DATASET#<id>          | LINES#<gen>#000001          |                      |                         |
 * | sealed row problems (chunked)  | DATASET#<id>          | PROBLEMS#<gen>#000001       |                      |                         |
 * | enrolment warnings after seal  | DATASET#<id>          | CHECKS                      |                      |                         |
 * | run header                     | RUN#<id>              | HEADER                      | RUNS (once complete) | <createdAt>#<id>        |
 * | run schools, packed (gzip)     | RUN#<id>              | SCHOOLPART#<bkt>#<firstId>  |                      |                         |
 * | who is in a packed part        | RUN#<id>              | SCHOOLINDEX#<bkt>#<firstId> | SCHOOLBUCKET#<bkt>   | <createdAt>#<runId>#<firstId> |
 * | run school result (before)     | RUN#<id>              | SCHOOL#<schoolId>           | SCHOOLRUNS#<schoolId>| <createdAt>#<runId>     |
 * | run standards table (chunked)  | RUN#<id>              | STANDARDS#000001            |                      |                         |
 * | run job ticket (append-only)   | RUN#<id>              | JOB#<queued at>             |                      |                         |
 * | run excluded lines (chunked)   | RUN#<id>              | EXCLUDED#000001             |                      |                         |
 * | current run of a rule set+year | CURRENT#<rsId>#<year> | RUN                         |                      |                         |
 * | audit event (append-only)      | AUDIT#<yyyy-mm>       | <iso time>#<random>         | AUDIT                | <iso time>#<random>     |
 * | outbox event (domain event)    | OUTBOX#<yyyy-mm>      | <iso time>#<eventId>        | OUTBOX               | <iso time>#<eventId>    |
 * | stored simulation (expires)    | SIM#<id>              | HEADER                      |                      |                         |
 * | simulation school rows (gzip)  | SIM#<id>              | ROWS#000001                 |                      |                         |
 *
 * Why this shape:
 * - "Latest version" is a descending query on `VERSION#` with Limit 1; zero-padding keeps string order numeric.
 * - A dataset header is the one item where parts and the seal meet: a part counts once it is added to the header's
 *   `committedParts` (only while open), and every commit bumps `partsFence`; the seal reads the fence before the parts
 *   and flips to sealed only if the fence is unchanged. Sealed content is written under a fresh generation `<gen>`
 *   named by the header, so a seal that loses the race never overwrites the winner's chunks.
 * - A run's header only gets its GSI1 keys when it is marked complete, so list queries never see half-written runs.
 * - A run computed as a job (app/run-jobs.ts) is queued by inserting a job ticket: in AWS the table's stream passes
 *   inserted JOB# items to the jobs Lambda, so the ticket is the message and cannot be lost after it is written.
 * - A run's schools are packed (run-schools.ts): each school falls in one of SCHOOL_BUCKETS buckets by a hash of its
 *   id, and a bucket's schools, in id order, fill one or more part items named by their first school id; a school's
 *   part is the last one whose name sorts at or before the school's id (one descending query, Limit 1). A national
 *   run is ~520 items instead of 3,000: DynamoDB's and the SDK's cost per item was most of a run's storing.
 * - A school's runs are found through GSI1 on the small index item beside each part (the school ids it holds, no
 *   payload): the bucket's partition newest first, filtered on membership; the handler then reads the headers for
 *   status. Runs stored before packing have one SCHOOL# item per school, indexed under SCHOOLRUNS#<schoolId>.
 * - The current run of a (rule set, fiscal year) is one pointer item: approvals move it with a conditional write
 *   naming the run it replaces, so two approvals can never both make their run current (run-decisions.ts).
 * - Audit events are partitioned by month (no hot single partition) and mirrored into one GSI1 partition so the
 *   trail reads newest-first across months; each event is written with attribute_not_exists (append-only).
 * - A stored simulation (issue 14: its school table paged without computing it again) is temporary: its items carry
 *   the TTL attribute `ttl` (epoch seconds), which DynamoDB's time to live deletes; the header is written after its rows.
 * - Items stay far below DynamoDB's 400 KB limit: bytes and lines are gzip-compressed and cut into chunks of at most
 *   CHUNK_BYTES (a run's school parts too: run-schools.ts halves a part until it fits). A run school's lines are kept
 *   compact (store/school-lines.ts): each line's own figures and the position of its derivation in the run's standards
 *   table (SPEC §4), which is stored once per run. A sealed dataset's lines are binary columns (store/columns.ts).
 */
export const GSI1 = 'GSI1';
export const CHUNK_BYTES = 300 * 1024;

export const ruleSetKey = (id: string) => ({ PK: `RULESET#${id}`, SK: 'META' });
export const ruleSetsIndex = { GSI1PK: 'RULESETS' };
export const versionSK = (version: number) => `VERSION#${String(version).padStart(6, '0')}`;
export const versionKey = (id: string, version: number) => ({ PK: `RULESET#${id}`, SK: versionSK(version) });
export const VERSION_PREFIX = 'VERSION#';
export const draftKey = (id: string, draftId: string) => ({ PK: `RULESET#${id}`, SK: `DRAFT#${draftId}` });
export const DRAFT_PREFIX = 'DRAFT#';
export const ruleSetPK = (id: string) => `RULESET#${id}`;

export const datasetPK = (id: string) => `DATASET#${id}`;
export const datasetKey = (id: string) => ({ PK: datasetPK(id), SK: 'HEADER' });
export const datasetsIndex = 'DATASETS';
export const datasetChecksKey = (id: string) => ({ PK: datasetPK(id), SK: 'CHECKS' });
export const partPrefix = (part: number) => `PART#${String(part).padStart(4, '0')}#`;
export const partChunkSK = (part: number, chunk: number) => `${partPrefix(part)}CHUNK#${String(chunk).padStart(4, '0')}`;
export const PART_PREFIX = 'PART#';
/** Sealed content of one seal attempt; datasets sealed before generations existed have none (`LINES#000001`). */
export const linesPrefix = (generation?: string) => (generation ? `LINES#${generation}#` : 'LINES#');
export const linesSK = (chunk: number, generation?: string) => `${linesPrefix(generation)}${String(chunk).padStart(6, '0')}`;
export const problemsPrefix = (generation?: string) => (generation ? `PROBLEMS#${generation}#` : 'PROBLEMS#');
export const problemsSK = (chunk: number, generation?: string) => `${problemsPrefix(generation)}${String(chunk).padStart(6, '0')}`;

export const runPK = (id: string) => `RUN#${id}`;
export const runKey = (id: string) => ({ PK: runPK(id), SK: 'HEADER' });
export const runsIndex = 'RUNS';
export const schoolSK = (schoolId: string) => `SCHOOL#${schoolId}`;
/** A packed part of a run's schools (run-schools.ts), named by its bucket and its first school id. */
export const schoolPartPrefix = (bucket: number) => `SCHOOLPART#${String(bucket).padStart(3, '0')}#`;
export const SCHOOL_PART_PREFIX = 'SCHOOLPART#';
/** The index item beside a part: the school ids it holds, under GSI1 `schoolBucketIndex(bucket)`. */
export const schoolIndexPrefix = (bucket: number) => `SCHOOLINDEX#${String(bucket).padStart(3, '0')}#`;
export const schoolBucketIndex = (bucket: number) => `SCHOOLBUCKET#${String(bucket).padStart(3, '0')}`;
export const SCHOOL_PREFIX = 'SCHOOL#';
export const schoolRunsIndex = (schoolId: string) => `SCHOOLRUNS#${schoolId}`;
export const excludedSK = (chunk: number) => `EXCLUDED#${String(chunk).padStart(6, '0')}`;
export const EXCLUDED_PREFIX = 'EXCLUDED#';
export const standardsSK = (chunk: number) => `STANDARDS#${String(chunk).padStart(6, '0')}`;
export const STANDARDS_PREFIX = 'STANDARDS#';
export const jobTicketSK = (at: string) => `JOB#${at}`;
export const JOB_TICKET_PREFIX = 'JOB#';

/** Rule-set ids are idText (no "#"), so the pair cannot be ambiguous. */
export const currentRunKey = (ruleSetId: string, fiscalYear: number) => ({ PK: `CURRENT#${ruleSetId}#${fiscalYear}`, SK: 'RUN' });

export const auditPK = (at: string) => `AUDIT#${at.slice(0, 7)}`;
export const auditIndex = 'AUDIT';

export const outboxPK = (at: string) => `OUTBOX#${at.slice(0, 7)}`;
export const outboxIndex = 'OUTBOX';

export const simulationPK = (id: string) => `SIM#${id}`;
export const simulationKey = (id: string) => ({ PK: simulationPK(id), SK: 'HEADER' });
export const simulationRowsSK = (chunk: number) => `ROWS#${String(chunk).padStart(6, '0')}`;
export const SIMULATION_ROWS_PREFIX = 'ROWS#';
/** The attribute DynamoDB's time to live reads (epoch seconds): items that carry it are temporary. */
export const TTL_ATTRIBUTE = 'ttl';

/** Time-ordered sort keys: ISO time first so string order is time order. */
export const timeOrdered = (at: string, id: string) => `${at}#${id}`;
