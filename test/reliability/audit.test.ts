import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynalite, type LocalDynamo } from '../../functions/local/dynalite';
import { seedSampleData } from '../../functions/local/seed';
import { routes } from '../../functions/routes';
import type { DynamoConnection } from '../../functions/store/client';
import { createDynamoStore } from '../../functions/store/dynamo-store';
import type { Store } from '../../functions/store/types';
import { REPO_ROOT, SAMPLE_DATASET, SAMPLE_RULESET } from '../support/api';
import { freshStore } from '../support/store';
import { handlersOn, type Actor, type HandlerCall } from './support/handlers';
import { startTestService, type TestService } from './support/service';

const zhang: Actor = { user: 'zhang', role: 'finance' };
const li: Actor = { user: 'li', role: 'finance' };
const wang: Actor = { user: 'wang', role: 'policy' };
const zhao: Actor = { user: 'zhao', role: 'policy' };

interface AuditEvent {
  at: string;
  action: string;
  actor: string;
  subject: string;
}

describe('audit trail', () => {
  let dynamo: LocalDynamo;
  let call: HandlerCall;
  const puts: PutCommand['input'][] = [];
  beforeAll(async () => {
    dynamo = await startDynalite();
    const store = (await freshStore(dynamo.endpoint)) as Store & { connection: DynamoConnection };
    await seedSampleData(store, REPO_ROOT, () => {});
    // Records every Put the API sends, to check how audit items are written.
    const doc = new Proxy(store.connection.doc, {
      get: (target, property, receiver) =>
        property === 'send'
          ? (command: unknown) => {
              if (command instanceof PutCommand) puts.push(command.input);
              return (target.send as (c: unknown) => Promise<unknown>)(command);
            }
          : Reflect.get(target, property, receiver),
    });
    call = handlersOn(createDynamoStore({ ...store.connection, doc }));
  });
  afterAll(() => dynamo?.close());

  const trail = async (): Promise<AuditEvent[]> => (await call(zhang, 'GET', '/audit?limit=500')).body.items;

  it('records every publish, run creation and approval with who and when', async () => {
    const started = new Date().toISOString();
    const draft = await call(wang, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts`, { json: {} });
    const version = await call(zhao, 'POST', `/rulesets/${SAMPLE_RULESET}/drafts/${draft.body.draftId}/publish`, { json: { revision: draft.body.revision } });
    expect(version.status).toBe(201);
    const run = await call(zhang, 'POST', '/runs', { json: { ruleSetId: SAMPLE_RULESET, version: version.body.version, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } } });
    expect(run.status).toBe(201);
    expect((await call(li, 'POST', `/runs/${run.body.runId}/approve`)).status).toBe(200);

    const events = await trail();
    const find = (action: string, subject: string) => events.filter((e) => e.action === action && e.subject === subject);
    const expected: [string, string, string][] = [
      ['ruleset.publish', `${SAMPLE_RULESET}/v${version.body.version}`, 'zhao'],
      ['run.create', run.body.runId, 'zhang'],
      ['run.approve', run.body.runId, 'li'],
    ];
    for (const [action, subject, actor] of expected) {
      const found = find(action, subject);
      expect(found, `${action} ${subject}`).toHaveLength(1);
      expect(found[0]!.actor).toBe(actor);
      expect(found[0]!.at >= started && found[0]!.at <= new Date().toISOString()).toBe(true);
    }
  });

  it('writes every audit item with attribute_not_exists, so an event is never overwritten', async () => {
    const auditPuts = puts.filter((input) => String(input.Item?.PK).startsWith('AUDIT#'));
    expect(auditPuts.length).toBeGreaterThanOrEqual(4);
    for (const input of auditPuts) expect(input.ConditionExpression).toMatch(/attribute_not_exists\(PK\)/);
  });

  it('refuses a failed four-eyes attempt without leaving an approval event', async () => {
    const run = await call(zhang, 'POST', '/runs', { json: { ruleSetId: SAMPLE_RULESET, version: 1, datasetId: SAMPLE_DATASET, fiscalYear: 2026, envelope: { policy: 'none' } } });
    expect((await call(zhang, 'POST', `/runs/${run.body.runId}/approve`)).status).toBe(409);
    expect((await trail()).filter((e) => e.action === 'run.approve' && e.subject === run.body.runId)).toEqual([]);
  });
});

describe('the trail cannot be rewritten through the API', () => {
  let api: TestService;
  beforeAll(async () => {
    api = await startTestService();
  });
  afterAll(() => api?.close());

  it('has no route that writes it', () => {
    expect(new Set(routes.filter((r) => r.path.startsWith('/audit')).map((r) => r.method))).toEqual(new Set(['GET']));
  });

  it('answers every write attempt with 404 and leaves it as it was', async () => {
    const admin = await api.token('root', 'admin');
    const before = (await api.call('GET', '/audit?limit=500', { token: admin })).body.items;
    expect(before.length).toBeGreaterThan(0);
    const first = before[0];
    const attempts = ['POST', 'PUT', 'DELETE', 'PATCH'].flatMap((method) =>
      ['/audit', `/audit/${first.eventId}`, `/audit/${encodeURIComponent(`AUDIT#${first.at.slice(0, 7)}`)}`].map((path) => [method, path] as const),
    );
    for (const [method, path] of attempts) {
      const reply = await api.call(method, path, { token: admin, json: { ...first, actor: 'mallory' } });
      expect([404, 405], `${method} ${path}`).toContain(reply.status);
    }
    expect((await api.call('GET', '/audit?limit=500', { token: admin })).body.items).toEqual(before);
  });
});
