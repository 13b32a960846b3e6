import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { coded, type MessageParams } from '../../domain/problems';
import { render } from '../../messages/index';
import { cliLang } from '../lang';
import { CliInputError, guarded, parseOptions } from '../io';

const say = (code: string, params?: MessageParams) => render(coded(code, params), cliLang());

const HELP = `usage: skillfund serve [--port 3000] [--host 127.0.0.1] [--data-dir .data | --in-memory] [--quiet]

Runs the HTTP API (the same Lambda handlers as in AWS) and the console on an embedded dynalite.
On first start it creates the table and seeds the sample rule set (published), the candidate draft and the
sample enrolment (sealed), and one approved demo run so that school users have a statement to read. It prints the URL and ready-made tokens for the demo users.
  --data-dir DIR   keep the database and the local JWT key here (default .data)
  --in-memory      nothing is kept; a fresh key and fresh sample data on every start
  --quiet          no per-request log lines`;

export function run(argv: string[]): Promise<number> {
  return guarded(() => serve(argv));
}

async function serve(argv: string[]): Promise<number> {
  const options = parseOptions(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'in-memory': { type: 'boolean' }, quiet: { type: 'boolean' } },
    HELP,
  );
  if (!options) return 0;
  const port = Number(options.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliInputError(coded('port_invalid', { value: String(options.port) }));
  if (options['in-memory'] && options['data-dir']) throw new CliInputError(coded('cli_options_exclusive', { first: '--data-dir', second: '--in-memory' }));
  // The local tool runs on the Node the checkout has; the SDK's advice about future Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { startLocalService } = await import('../../functions/local/server');
  const service = await startLocalService({
    port,
    host: options.host ?? '127.0.0.1',
    ...(options['in-memory'] ? { inMemory: true } : { dataDir: options['data-dir'] ?? '.data' }),
    log: (line) => console.error(line),
    demoRun: true,
    ...(options.quiet ? { requestLog: () => {} } : {}),
  });
  console.log(say('serve_started', { url: service.url }));
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) console.log(say('cli_warning', { message: say('serve_console_missing') }));
  console.log(options['in-memory'] ? say('serve_storage_memory') : say('serve_storage_dir', { dir: options['data-dir'] ?? '.data' }));
  console.log(say('serve_tokens'));
  for (const user of service.demoUsers) console.log(`  ${user.label.padEnd(24)} ${user.role.padEnd(8)} ${user.token}`);
  console.log(say('serve_stop'));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await service.close();
  return 0;
}
