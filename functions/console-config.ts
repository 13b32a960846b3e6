import type { Role } from './routes';

/** A ready-made sign-in for the local console (never in AWS). */
export interface DemoUser {
  user: string;
  role: Role;
  schoolId?: string;
  label: string;
  token: string;
}

/**
 * What the console reads at start-up from `/config.json`: the local server answers it with demo users, the CDK
 * stack deploys it with the API URL and Cognito ids. The built bundle carries no deployment values.
 */
export interface ConsoleConfig {
  stage?: string;
  apiUrl: string;
  auth: 'local' | 'cognito';
  demoUsers?: DemoUser[];
  cognito?: { userPoolId: string; clientId: string; region: string };
}
