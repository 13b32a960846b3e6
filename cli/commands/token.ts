import { resolve } from 'node:path';
import { loadOrCreateKey, signToken } from '../../functions/local/jwt';
import type { Role } from '../../functions/routes';
import { coded } from '../../domain/problems';
import { CliInputError, guarded, oneOf, parseOptions, required } from '../io';

const HELP = `usage: skillfund token --user NAME --role finance|policy|school|admin [--school ID] [--ttl 8h] [--data-dir .data]

Prints a JWT the local service accepts (HS256, signed with the key under the data dir, created if missing).
A school user needs --school with its school code.`;

const ROLES = ['finance', 'policy', 'school', 'admin'] as const satisfies readonly Role[];

export function run(argv: string[]): Promise<number> {
  return guarded(() => token(argv));
}

async function token(argv: string[]): Promise<number> {
  const options = parseOptions(
    argv,
    { user: { type: 'string' }, role: { type: 'string' }, school: { type: 'string' }, ttl: { type: 'string' }, 'data-dir': { type: 'string' } },
    HELP,
  );
  if (!options) return 0;
  const user = required(options.user, '--user', HELP);
  const role = oneOf(required(options.role, '--role', HELP), ROLES, '--role', 'finance');
  if (role === 'school' && !options.school) throw new CliInputError(coded('token_school_required'));
  const ttl = options.ttl ?? '8h';
  if (!/^\d+\s*(s|m|h|d|w)$/.test(ttl)) throw new CliInputError(coded('token_ttl_invalid', { value: ttl }));
  const key = await loadOrCreateKey(resolve(options['data-dir'] ?? '.data'));
  console.log(await signToken(key, { user, role, ...(options.school ? { schoolId: options.school } : {}), ttl }));
  return 0;
}
