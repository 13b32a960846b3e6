import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENDPOINTS } from '../../contract/endpoints';
import { datasetActions } from '../../functions/handlers/datasets';
import { exportActions } from '../../functions/handlers/exports';
import { reportActions } from '../../functions/handlers/reports';
import { rulesetActions } from '../../functions/handlers/rulesets';
import { runActions } from '../../functions/handlers/runs';
import { simulationActions } from '../../functions/handlers/simulations';
import type { Actions } from '../../functions/http/group';
import { routeKey, routes } from '../../functions/routes';
import { startApi } from '../support/api';
import { contractProblems, routeOf } from '../support/contract-check';

const ACTIONS: Actions = { ...rulesetActions, ...datasetActions, ...runActions, ...reportActions, ...exportActions, ...simulationActions };
/** Routes whose handler reads the body itself (a plan file, reported under `body` with the plan's own paths). */
const BODY_READ_BY_HANDLER = new Set(['POST /plans', 'POST /plans/export']);

describe('the API contract (contract/endpoints.ts) and the OpenAPI document made from it', () => {
  it('has exactly one entry per route of the route table', () => {
    const keys = routes.map(routeKey);
    expect(keys.filter((key) => !ENDPOINTS[key])).toEqual([]);
    expect(Object.keys(ENDPOINTS).filter((key) => !keys.includes(key))).toEqual([]);
  });

  it('is what the handlers validate with: the very same query and body schemas', () => {
    const drift: string[] = [];
    for (const key of routes.map(routeKey)) {
      const action = ACTIONS[key];
      const endpoint = ENDPOINTS[key]!;
      if (!action) drift.push(`${key}: no action`);
      else {
        if (action.query !== endpoint.query) drift.push(`${key}: query`);
        if (action.body !== endpoint.body && !(action.body === undefined && BODY_READ_BY_HANDLER.has(key))) drift.push(`${key}: body`);
      }
    }
    expect(drift).toEqual([]);
  });

  it('matches a request path to its route, a literal segment before a parameter', () => {
    expect(routeOf('GET', '/runs/run-1/status')).toBe('GET /runs/{id}/status');
    expect(routeOf('GET', '/runs/run-1/schools/2301001?lang=zh')).toBe('GET /runs/{id}/schools/{schoolId}');
    expect(routeOf('GET', '/runs/run-1/attribution/export')).toBe('GET /runs/{id}/attribution/export');
    expect(routeOf('POST', '/simulations/candidates')).toBe('POST /simulations/candidates');
    expect(routeOf('DELETE', '/runs')).toBeUndefined();
  });

  it('finds an answer that drifted from its schema, naming the route and the field', () => {
    expect(contractProblems('POST', '/solutions', 200, { parameter: 'scale' })).toEqual(expect.arrayContaining([expect.stringMatching(/^POST \/solutions (value|total|gap):/)]));
    expect(contractProblems('POST', '/solutions', 422, { error: {} })).toEqual([]);
  });

  describe('served by the local service', () => {
    let api: Awaited<ReturnType<typeof startApi>>;
    beforeAll(async () => {
      api = await startApi();
    });
    afterAll(() => api.service.close());

    it('answers GET /openapi.json with every route, its roles and its answer schema', async () => {
      const response = await api.anonymous.get('/openapi.json');
      expect(response.status).toBe(200);
      const document = response.body as { openapi: string; paths: Record<string, Record<string, { 'x-roles': string[]; responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
      expect(document.openapi).toBe('3.1.0');
      for (const route of routes) {
        const operation = document.paths[route.path]?.[route.method.toLowerCase()];
        expect(operation, routeKey(route)).toBeDefined();
        expect(operation!['x-roles']).toEqual(route.roles);
      }
      expect(document.paths['/runs/{id}/status']!.get!.responses).toHaveProperty('202');
      expect(document.components.schemas).toHaveProperty('postSolutionsResponse.properties.gap');
    });
  });
});
