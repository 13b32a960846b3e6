/** `skillfund <command>`: each command lives in cli/commands/<name>.ts and returns its exit code. */
const COMMANDS: Record<string, { summary: string; load: () => Promise<{ run(argv: string[]): Promise<number> }> }> = {
  allocate: { summary: 'compute every school’s allocation (SPEC §3–§4)', load: () => import('./commands/allocate') },
  compare: { summary: 'what-if: base vs candidate rule set on the same enrolment (SPEC §5)', load: () => import('./commands/compare') },
  attribute: { summary: 'why allocations changed: two runs, each school’s change split into effects (SPEC §9)', load: () => import('./commands/attribute') },
  explain: { summary: 'a human-readable statement for one school', load: () => import('./commands/explain') },
  solve: { summary: 'solve one standard, rate or factor for a budget (SPEC §8)', load: () => import('./commands/solve') },
  plan: { summary: 'a multi-year plan: each year allocated against the year before (SPEC §12)', load: () => import('./commands/plan') },
  validate: { summary: 'check a rule set (and an enrolment file against it)', load: () => import('./commands/validate') },
  generate: { summary: 'write a synthetic enrolment file for tests and benchmarks', load: () => import('./commands/generate') },
  serve: { summary: 'run the local API and console on the embedded DynamoDB', load: () => import('./commands/serve') },
  token: { summary: 'print a signed JWT for the local service', load: () => import('./commands/token') },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, { summary }]) => `  ${name.padEnd(width)}  ${summary}`);
  return ['usage: skillfund <command> [options]', '', 'commands:', ...lines, '', 'Run `skillfund <command> --help` for a command’s options.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    console.error(`skillfund: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  return (await command.load()).run(rest);
}

// `skillfund allocate … | head` closes the pipe early; that is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`skillfund: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
