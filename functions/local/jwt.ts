import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import type { Role } from '../routes';

/** Issuer and audience of local tokens; the verifier checks both, like API Gateway's JWT authorizer does. */
export const LOCAL_ISSUER = 'skillfund-local';
export const LOCAL_AUDIENCE = 'skillfund-api';
const KEY_FILE = 'local-jwt.key';

export type LocalKey = Uint8Array;

export function generateKey(): LocalKey {
  return randomBytes(32);
}

/** The HS256 key under the data dir, created (mode 600) on first use so `serve` and `token` agree. */
export async function loadOrCreateKey(dataDir: string): Promise<LocalKey> {
  const path = join(dataDir, KEY_FILE);
  try {
    const hex = (await readFile(path, 'utf8')).trim();
    if (/^[0-9a-f]{64}$/.test(hex)) return Buffer.from(hex, 'hex');
    throw new Error(`${path} is not a 32-byte hex key; delete it to make a new one`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = generateKey();
  await mkdir(dataDir, { recursive: true });
  await writeFile(path, Buffer.from(key).toString('hex') + '\n', { mode: 0o600, flag: 'wx' }).catch(async (error) => {
    // Another process created it between our read and write: use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  });
  return Buffer.from((await readFile(path, 'utf8')).trim(), 'hex');
}

export interface TokenSubject {
  user: string;
  role: Role;
  schoolId?: string;
  name?: string;
  /** jose duration text: "8h", "30m", "7d". */
  ttl?: string;
}

export function signToken(key: LocalKey, subject: TokenSubject): Promise<string> {
  return new SignJWT({
    username: subject.user,
    name: subject.name ?? subject.user,
    role: subject.role,
    ...(subject.schoolId ? { school_id: subject.schoolId } : {}),
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(subject.user)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(subject.ttl ?? '8h')
    .sign(key);
}

/**
 * Verifies signature, issuer, audience and expiry; the claims then go where API Gateway would put them. A token
 * without `exp` would be valid for ever: it is refused, as API Gateway's JWT authorizer refuses it.
 */
export async function verifyToken(key: LocalKey, token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, key, { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] });
  return payload;
}
