import { resolve, join } from 'node:path';
import { EVENTS_FILE, readEvents } from '../../functions/local/events';
import { parseOptions } from '../io';

const HELP = `usage: skillfund events [--data-dir .data] [--type TYPE] [--since ISO-TIME] [--json]

Lists the domain events the local service relayed from its outbox to <data dir>/${EVENTS_FILE}, oldest first:
run.approved, run.superseded, run.returned, run.withdrawn, ruleset.published. In AWS the same events go to the
stack's EventBridge bus (see infra/README.md). Only \`serve\` with a data dir writes the file (not --in-memory).
  --type TYPE      only events of this type (a prefix: "run." is every run event)
  --since TIME     only events at or after this ISO time (e.g. 2026-03-01)
  --json           one JSON object per line instead of a table`;

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { 'data-dir': { type: 'string' }, type: { type: 'string' }, since: { type: 'string' }, json: { type: 'boolean' } }, HELP);
  if (!options) return 0;
  const file = join(resolve(options['data-dir'] ?? '.data'), EVENTS_FILE);
  const events = (await readEvents(file)).filter(
    (event) => (!options.type || String(event.type).startsWith(options.type)) && (!options.since || String(event.at) >= options.since),
  );
  for (const event of events) {
    if (options.json) {
      const { position: _position, ...shown } = event;
      console.log(JSON.stringify(shown));
    } else console.log([event.at, String(event.type).padEnd(18), String(event.actor).padEnd(10), event.subject, JSON.stringify(event.data)].join('  '));
  }
  if (!events.length) console.error(`no events in ${file}`);
  return 0;
}
