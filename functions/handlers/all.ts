import type { GroupOptions } from '../http/group';
import type { HttpEvent, HttpResult } from '../http/types';
import type { HandlerGroup } from '../routes';
import { createDatasetsHandler } from './datasets';
import { createExportsHandler } from './exports';
import { createReportsHandler } from './reports';
import { createRulesetsHandler } from './rulesets';
import { createRunsHandler } from './runs';
import { createSimulationsHandler } from './simulations';

export type GroupHandler = (event: HttpEvent, context: object) => Promise<HttpResult>;

/** Every group's handler on one context: how the local server and the tests run what AWS runs as six Lambdas. */
export function createGroupHandlers(options: GroupOptions): Record<HandlerGroup, GroupHandler> {
  return {
    rulesets: createRulesetsHandler(options),
    datasets: createDatasetsHandler(options),
    runs: createRunsHandler(options),
    reports: createReportsHandler(options),
    exports: createExportsHandler(options),
    simulations: createSimulationsHandler(options),
  };
}
