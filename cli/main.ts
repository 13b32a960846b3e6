/** `skillfund <command>`: each command lives in cli/commands/<name>.ts and returns its exit code. */
import packageJson from '../package.json';
import { coded } from '../domain/problems';
import { ENGINE_VERSION } from '../domain/version';
import type { render as Render } from '../messages/index';
import { cliLang, langInArgv, useLang } from './lang';

const COMMANDS: Record<string, { load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  allocate: { load: () => import('./commands/allocate') },
  compare: { load: () => import('./commands/compare') },
  attribute: { load: () => import('./commands/attribute') },
  explain: { load: () => import('./commands/explain') },
  solve: { load: () => import('./commands/solve') },
  plan: { load: () => import('./commands/plan') },
  validate: { load: () => import('./commands/validate') },
  generate: { load: () => import('./commands/generate') },
  serve: { load: () => import('./commands/serve') },
  token: { load: () => import('./commands/token') },
  events: { load: () => import('./commands/events') },
};

/**
 * The message catalogue, loaded only when main itself speaks (help, version, an unknown command): each command's
 * bundle carries its own copy, and a run should not pay for reading the catalogue twice.
 */
async function catalogue(): Promise<typeof Render> {
  return (await import('../messages/index')).render;
}

/** Each command's one-line summary is the catalogue's `cli_summary_<command>`, in the CLI's language. */
function usage(render: typeof Render): string {
  const lang = cliLang();
  const say = (code: string, params?: Record<string, string>) => render(coded(code, params), lang);
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.keys(COMMANDS).map((name) => `  ${name.padEnd(width)}  ${say(`cli_summary_${name}`)}`);
  return [say('cli_usage_title'), '', say('cli_usage_commands'), ...lines, '', say('cli_usage_more')].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const lang = langInArgv(argv);
  useLang(lang);
  // `skillfund --lang en allocate …` as well as `skillfund allocate … --lang en`: the command gets it either way.
  const leading = argv[0] === '--lang' ? 2 : argv[0]?.startsWith('--lang=') ? 1 : 0;
  const [name, ...options] = argv.slice(leading);
  const rest = leading && lang ? [...options, '--lang', lang] : options;
  if (name === '--version' || name === '-v' || name === 'version') {
    const render = await catalogue();
    console.log(render(coded('cli_version', { version: packageJson.version, engine: ENGINE_VERSION }), cliLang()));
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage(await catalogue()));
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    const render = await catalogue();
    console.error(`${render(coded('cli_error', { message: render(coded('cli_unknown_command', { command: name }), cliLang()) }), cliLang())}\n\n${usage(render)}`);
    return 1;
  }
  return (await command.load()).run(rest);
}

// `skillfund allocate … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Once nothing is left to do (every write done, no server listening), end the process here rather than let Node take
// the heap down object by object: after a national compare or allocate that teardown took 0.1–0.3 s of the user's wait.
process.once('beforeExit', () => process.exit());

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`skillfund: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
