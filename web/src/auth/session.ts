import type { ConsoleConfig, DemoUser } from '../../../functions/console-config';
import type { Role } from '../../../functions/routes';

export type { ConsoleConfig, DemoUser, Role };

export interface Session {
  user: string;
  label: string;
  role: Role;
  schoolId?: string;
  token: string;
}

const STORAGE_KEY = 'skillfund.session';

export async function loadConfig(): Promise<ConsoleConfig> {
  const response = await fetch('./config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config.json: HTTP ${response.status}`);
  return (await response.json()) as ConsoleConfig;
}

export function storedSession(): Session | null {
  const text = sessionStorage.getItem(STORAGE_KEY);
  if (!text) return null;
  try {
    const session = JSON.parse(text) as Session;
    return tokenExpired(session.token) ? null : session;
  } catch {
    return null;
  }
}

export function storeSession(session: Session | null): void {
  if (session) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(session));
  else sessionStorage.removeItem(STORAGE_KEY);
}

/** Reads (does not verify: the API does) the claims of a JWT. */
export function jwtClaims(token: string): Record<string, unknown> | null {
  const payload = token.split('.')[1];
  if (!payload) return null;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(payload.length / 4) * 4, '=');
    const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function tokenExpired(token: string): boolean {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' && exp * 1000 < Date.now();
}

const ROLES: readonly Role[] = ['finance', 'policy', 'school', 'admin'];

/** A Cognito IdToken carries the role and school as custom claims. */
export function sessionFromIdToken(token: string, username: string): Session {
  const claims = jwtClaims(token) ?? {};
  const roleClaim = String(claims['custom:role'] ?? claims.role ?? '');
  const role = ROLES.find((r) => r === roleClaim);
  if (!role) throw new Error(`no role in the token of ${username}`);
  const schoolId = claims['custom:school_id'] ?? claims.school_id;
  return {
    user: String(claims['cognito:username'] ?? username),
    label: String(claims.name ?? username),
    role,
    ...(typeof schoolId === 'string' ? { schoolId } : {}),
    token,
  };
}

/** Cognito USER_PASSWORD_AUTH over plain fetch, so the console needs no AWS SDK. */
export async function cognitoSignIn(cognito: NonNullable<ConsoleConfig['cognito']>, username: string, password: string): Promise<Session> {
  const response = await fetch(`https://cognito-idp.${cognito.region}.amazonaws.com/`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'AWSCognitoIdentityProviderService.InitiateAuth',
    },
    body: JSON.stringify({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: cognito.clientId, AuthParameters: { USERNAME: username, PASSWORD: password } }),
  });
  const body = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: { IdToken?: string };
    ChallengeName?: string;
    message?: string;
  };
  if (!response.ok) throw new Error(body.message ?? `HTTP ${response.status}`);
  if (body.ChallengeName) throw new Error(`Cognito asks for ${body.ChallengeName}; finish it in the hosted UI first`);
  const token = body.AuthenticationResult?.IdToken;
  if (!token) throw new Error('Cognito returned no IdToken');
  return sessionFromIdToken(token, username);
}
