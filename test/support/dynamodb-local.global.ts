import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Endpoint of the DynamoDB Local started for this run, or why there is none. */
    dynamodbLocal: { endpoint: string } | { unavailable: string };
  }
}

/**
 * Starts AWS DynamoDB Local (the jar shipped in amplify-dynamodb-simulator) on a free port for the connected store
 * tests. It only runs when that project has tests queued. If it cannot start, the reason is provided instead and
 * the tests decide: fail under CI=true, skip with the reason otherwise.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (process.env.DYNAMODB_LOCAL_ENDPOINT) {
    project.provide('dynamodbLocal', { endpoint: process.env.DYNAMODB_LOCAL_ENDPOINT });
    return async () => {};
  }
  const jar = findJar();
  if (!jar) {
    project.provide('dynamodbLocal', { unavailable: 'DynamoDBLocal.jar not found in node_modules/amplify-dynamodb-simulator (run npm install)' });
    return async () => {};
  }
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('java', [`-Djava.library.path=${join(dirname(jar), 'DynamoDBLocal_lib')}`, '-jar', jar, '-inMemory', '-disableTelemetry', '-port', String(port)], {
      cwd: dirname(jar),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
  } catch (error) {
    project.provide('dynamodbLocal', { unavailable: `could not start java: ${(error as Error).message}` });
    return async () => {};
  }
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`java failed: ${error.message}`));
    child.once('exit', (code) => resolve(`DynamoDB Local exited with code ${code}: ${stderr.slice(-500)}`));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = await Promise.race([waitUntilServing(port), exited, sleep(60_000, true).then(() => 'DynamoDB Local did not answer within 60 s')]);
  if (ready === true) project.provide('dynamodbLocal', { endpoint });
  else project.provide('dynamodbLocal', { unavailable: String(ready) });
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await Promise.race([exited, sleep(3000, true)]);
    }
    child.stderr?.destroy();
    child.unref();
  };
}

function findJar(): string | undefined {
  try {
    const pkg = createRequire(import.meta.url).resolve('amplify-dynamodb-simulator/package.json');
    const jar = join(dirname(pkg), 'emulator', 'DynamoDBLocal.jar');
    return existsSync(jar) ? jar : undefined;
  } catch {
    return undefined;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A TCP connect succeeding means Jetty is up (plain sockets: fetch's keep-alive pool would keep vitest alive). */
async function waitUntilServing(port: number): Promise<true> {
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return true;
    await sleep(200);
  }
}

/** `background` timers do not keep the process alive (a pending 60 s guard would stall vitest's exit). */
function sleep(ms: number, background = false): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    if (background) timer.unref();
  });
}
