import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectRoot } from './paths';

/** How long code-server may take to start listening. */
const START_TIMEOUT_MS = 60_000;

export interface CodeServer {
  /** http://127.0.0.1:PORT */
  readonly origin: string;
  /** The authority VS Code uses in vscode-remote:// URIs for files on this server. */
  readonly authority: string;
  /** Settles when code-server exits, with its exit code (null when a signal ended it). */
  readonly exited: Promise<number | null>;
  /** Stops code-server and every process it started (extension host, language server). */
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** Folder of installed extensions; the run's own, so no user extension interferes. */
  extensionsDir: string;
  /** VS Code's user data (settings, state); prepared by `writeUserSettings`. */
  userDataDir: string;
  /** Where code-server keeps its own config and logs, away from the user's home. */
  stateDir: string;
  /** Port to listen on; 0 lets the system pick a free one. */
  port?: number;
  /** Added to code-server's environment, which its extension host inherits. */
  env?: Record<string, string>;
  /** Receives each line code-server prints. */
  onOutput?: (line: string) => void;
}

/** Settings that keep a test run free of dialogs and welcome pages. */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'window.restoreWindows': 'none',
  'chat.commandCenter.enabled': false,
};

/** Starts code-server on 127.0.0.1 and resolves once it listens. */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  fs.mkdirSync(options.stateDir, { recursive: true });
  const child = spawn(process.execPath, [codeServerEntry(), ...codeServerArguments(options)], {
    env: { ...process.env, ...options.env, XDG_CONFIG_HOME: options.stateDir, XDG_DATA_HOME: options.stateDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, so that stopping it ends the extension host and language server too.
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const stop = () => stopProcessGroup(child);
  try {
    const origin = await listeningOrigin(child, options.onOutput);
    return { origin, authority: new URL(origin).host, exited, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Writes `User/settings.json` into a user data folder. */
export function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void {
  const user = path.join(userDataDir, 'User');
  fs.mkdirSync(user, { recursive: true });
  fs.writeFileSync(path.join(user, 'settings.json'), JSON.stringify(settings, null, 2));
}

/** code-server's entry script, installed by scripts/install-code-server.sh. */
export function codeServerEntry(): string {
  const home = process.env.CODE_SERVER_HOME ?? path.join(projectRoot, '.tmp', 'code-server');
  const entry = path.join(home, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  if (!fs.existsSync(entry)) throw new Error(`code-server is not installed at ${home}: run scripts/install-code-server.sh`);
  return entry;
}

function codeServerArguments(options: CodeServerOptions): string[] {
  return [
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${options.port ?? 0}`,
    '--config', path.join(options.stateDir, 'config.yaml'),
    '--extensions-dir', options.extensionsDir,
    '--user-data-dir', options.userDataDir,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--ignore-last-opened',
  ];
}

/** Waits for code-server's "HTTP server listening on http://…" line, which carries the port it got. */
function listeningOrigin(child: ChildProcess, onOutput: ((line: string) => void) | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    const onLine = (line: string) => {
      onOutput?.(line);
      const listening = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (listening) {
        clearTimeout(timer);
        resolve(listening[1]);
      }
    };
    forEachLine(child.stdout, onLine);
    forEachLine(child.stderr, onLine);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited before listening (code ${code}, signal ${signal})`));
    });
  });
}

function forEachLine(stream: NodeJS.ReadableStream | null, onLine: (line: string) => void): void {
  let partial = '';
  stream?.setEncoding('utf8');
  stream?.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    lines.forEach(onLine);
  });
}

/** SIGTERM to the group, then SIGKILL if it is still there after a few seconds. */
function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const pid = child.pid;
  return new Promise((resolve) => {
    const force = setTimeout(() => signalGroup(pid, 'SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      // Children that outlived their parent still belong to the group.
      signalGroup(pid, 'SIGKILL');
      resolve();
    });
    signalGroup(pid, 'SIGTERM');
  });
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}
