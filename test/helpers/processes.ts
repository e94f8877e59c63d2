/**
 * Real helper servers for tests: a self-signed certificate made with openssl and Debian's
 * tinyproxy. Each fails loudly when the tool is missing; tests never skip for it.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as net from 'node:net';

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `tc-${prefix}-`));
}

export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
  keyPath: string;
  certPath: string;
}

/**
 * A certificate for 127.0.0.1 (key.pem and cert.pem in `dir`), made at test time so no key
 * material lives in the repository.
 */
export function selfSignedCert(dir: string = tempDir('cert')): SelfSigned {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyPath,
      '-out',
      certPath
    ],
    { stdio: 'ignore' }
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath), keyPath, certPath };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, name: string, timeoutMs = 5000): Promise<void> {
  const started = Date.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return;
    if (Date.now() - started > timeoutMs) throw new Error(`${name} did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function findBinary(name: string, candidates: string[]): string {
  const found = candidates.find((c) => existsSync(c));
  if (!found)
    throw new Error(
      `${name} is required for this test but is not installed (apt-get install ${name}); .ci/run installs it`
    );
  return found;
}

export interface RunningProxy {
  url: string;
  /** tinyproxy's own log, to prove requests went through it. */
  log(): string;
  stop(): Promise<void>;
}

/** Debian's tinyproxy on 127.0.0.1 in the foreground, with its own config in a temp dir. */
export async function startTinyproxy(): Promise<RunningProxy> {
  const binary = findBinary('tinyproxy', ['/usr/bin/tinyproxy', '/usr/sbin/tinyproxy']);
  const dir = tempDir('tinyproxy');
  const port = await freePort();
  const conf = join(dir, 'tinyproxy.conf');
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Timeout 30',
      'MaxClients 20',
      'Allow 127.0.0.1',
      `PidFile "${join(dir, 'tinyproxy.pid')}"`,
      `LogFile "${join(dir, 'tinyproxy.log')}"`,
      'LogLevel Info',
      'DisableViaHeader Yes'
    ].join('\n') + '\n'
  );
  const child = spawn(binary, ['-d', '-c', conf], { stdio: 'ignore' });
  await waitForPort(port, child, 'tinyproxy');
  return {
    url: `http://127.0.0.1:${port}`,
    log: () =>
      existsSync(join(dir, 'tinyproxy.log')) ? readFileSync(join(dir, 'tinyproxy.log'), 'utf8') : '',
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })
  };
}
