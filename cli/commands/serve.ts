import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { coded, type MessageParams } from '../../domain/problems';
import { render } from '../../messages/index';
import { cliLang } from '../lang';
import { CliInputError, guarded, parseOptions } from '../io';

const say = (code: string, params?: MessageParams) => render(coded(code, params), cliLang());

const HELP = `usage: skillfund serve [--port 3000] [--host 127.0.0.1] [--data-dir .data | --in-memory] [--demo-users] [--quiet]

Runs the HTTP API (the same Lambda handlers as in AWS) and the console on an embedded dynalite.
On first start it creates the table and seeds the sample rule set (published), the candidate draft and the
sample enrolment (sealed), and one approved demo run so that school users have a statement to read.
Demo mode (--in-memory, or --demo-users; \`npm start\` uses it) prints ready-made tokens for the demo users and
offers them as sign-in buttons in the console, only on a loopback address and only to this machine's browser.
  --data-dir DIR   keep the database and the local JWT key here (default .data); no demo sign-ins unless asked
  --in-memory      nothing is kept; a fresh key and fresh sample data on every start (demo mode)
  --demo-users     demo mode with --data-dir too
  --quiet          no per-request log lines`;

export function run(argv: string[]): Promise<number> {
  return guarded(() => serve(argv));
}

async function serve(argv: string[]): Promise<number> {
  const options = parseOptions(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, 'data-dir': { type: 'string' }, 'in-memory': { type: 'boolean' }, 'demo-users': { type: 'boolean' }, quiet: { type: 'boolean' } },
    HELP,
  );
  if (!options) return 0;
  const port = Number(options.port ?? process.env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliInputError(coded('port_invalid', { value: String(options.port) }));
  if (options['in-memory'] && options['data-dir']) throw new CliInputError(coded('cli_options_exclusive', { first: '--data-dir', second: '--in-memory' }));
  // The local tool runs on the Node the checkout has; the SDK's advice about future Node versions is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const host = options.host ?? '127.0.0.1';
  const { isLoopback } = await import('../../functions/local/local-security');
  const demoAsked = Boolean(options['in-memory'] || options['demo-users']);
  // Ready-made admin tokens must never reach another machine: no demo mode on an address others can reach.
  const demoMode = demoAsked && isLoopback(host);
  if (demoAsked && !demoMode) console.error(`demo sign-ins are off: ${host} is not a loopback address (use \`npx skillfund token\` to make a token)`);
  const { startLocalService } = await import('../../functions/local/server');
  const service = await startLocalService({
    port,
    host,
    ...(options['in-memory'] ? { inMemory: true } : { dataDir: options['data-dir'] ?? '.data' }),
    log: (line) => console.error(line),
    demoRun: true,
    demoSignIn: demoMode,
    ...(options.quiet ? { requestLog: () => {} } : {}),
  });
  const { listenForSoakProbes } = await import('../../functions/local/soak-probe');
  if (listenForSoakProbes()) console.error(say('serve_soak_mode'));
  console.log(say('serve_started', { url: service.url }));
  if (!existsSync(join(process.cwd(), 'web', 'dist', 'index.html'))) console.log(say('cli_warning', { message: say('serve_console_missing') }));
  console.log(options['in-memory'] ? say('serve_storage_memory') : say('serve_storage_dir', { dir: options['data-dir'] ?? '.data' }));
  if (demoMode) {
    console.log(say('serve_tokens'));
    for (const user of service.demoUsers) console.log(`  ${user.label.padEnd(24)} ${user.role.padEnd(8)} ${user.token}`);
  } else {
    console.log(say('serve_no_demo', { dataDir: options['in-memory'] ? '' : ` --data-dir ${options['data-dir'] ?? '.data'}` }));
  }
  console.log(say('serve_stop'));

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await service.close();
  return 0;
}
