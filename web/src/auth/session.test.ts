import { describe, expect, it } from 'vitest';
import { jwtClaims, sessionFromIdToken } from './session';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (claims: object) => `${base64url({ alg: 'RS256' })}.${base64url(claims)}.signature`;

describe('session from a Cognito IdToken', () => {
  it('reads the custom role and school claims, Chinese names included', () => {
    const session = sessionFromIdToken(token({ 'cognito:username': 'school-a', name: '哈尔滨技师学院', 'custom:role': 'school', 'custom:school_id': '2301001' }), 'typed-name');
    expect(session).toMatchObject({ user: 'school-a', label: '哈尔滨技师学院', role: 'school', schoolId: '2301001' });
  });

  it('refuses a token without a known role rather than guessing one', () => {
    expect(() => sessionFromIdToken(token({ 'cognito:username': 'x', 'custom:role': 'root' }), 'x')).toThrow(/no role/);
  });

  it('treats a malformed token as having no claims', () => {
    expect(jwtClaims('not-a-jwt')).toBeNull();
    expect(jwtClaims('a.@@@.c')).toBeNull();
  });
});
