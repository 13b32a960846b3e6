import { contextFromEnv } from '../app/context';
import { runJob } from '../app/runs';

/**
 * The jobs Lambda: a run queued by `POST /runs` (a dataset too large for one request; app/run-jobs.ts) is a pending
 * run header with `job.state = "queued"`, and the table's stream hands that record here (the event source's filter
 * passes only such records). The job is the synchronous run's own code (createRun), given the run id.
 */
interface StreamRecord {
  eventName?: string;
  dynamodb?: { Keys?: { PK?: { S?: string }; SK?: { S?: string } }; NewImage?: { runId?: { S?: string } } };
}

export async function handler(event: { Records?: StreamRecord[] }): Promise<{ batchItemFailures: { itemIdentifier: string }[] }> {
  const ctx = contextFromEnv();
  const failures: { itemIdentifier: string }[] = [];
  for (const record of event.Records ?? []) {
    const runId = record.dynamodb?.NewImage?.runId?.S;
    if (!runId) continue;
    try {
      await runJob(ctx, runId);
    } catch (error) {
      // Reported per record: the stream retries this job (the run's steps may be repeated) and not the others.
      console.error(JSON.stringify({ level: 'error', message: 'run job failed', runId, error: String((error as Error)?.stack ?? error) }));
      failures.push({ itemIdentifier: (record as { dynamodb?: { SequenceNumber?: string } }).dynamodb?.SequenceNumber ?? runId });
    }
  }
  return { batchItemFailures: failures };
}
