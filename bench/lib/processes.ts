import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Child processes of the benchmark (mock upstreams, the gateway), started
 * pinned to a CPU with taskset, and what /proc says about them: CPU time and
 * resident memory. Measuring each process's own CPU time is what makes
 * "gateway CPU per request" independent of how fast the mock or the load
 * generator is.
 */
export interface BenchProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The URL the process printed when it started listening. */
  url: string;
  stop(): Promise<void>;
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ; 100 on every Linux we run on). */
const ticksPerSecond = Number(safeExec('getconf', ['CLK_TCK']) ?? '100') || 100;

function safeExec(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

export function hasTaskset(): boolean {
  return safeExec('taskset', ['--version']) !== undefined;
}

/** Pins this process (every thread) to one CPU. */
export function pinSelf(cpu: number): void {
  execFileSync('taskset', ['-a', '-cp', String(cpu), String(process.pid)], { stdio: 'ignore' });
}

/** User + system CPU time of a process, in milliseconds. */
export function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces: fields start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);
  return ((userTicks + systemTicks) * 1000) / ticksPerSecond;
}

/** Resident set size of a process, in MB. */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /VmRSS:\s+(\d+) kB/.exec(status);
  return match === null ? Number.NaN : Number(match[1]) / 1024;
}

/**
 * Starts a command (pinned to `cpu` when given) and resolves once it prints
 * a line matching `ready` (whose first group is the URL).
 */
export function startProcess(options: {
  name: string;
  command: string;
  args: string[];
  cpu?: number;
  env?: NodeJS.ProcessEnv;
  ready: RegExp;
  timeoutMs?: number;
}): Promise<BenchProcess> {
  const [command, args] = options.cpu === undefined ? [options.command, options.args] : ['taskset', ['-c', String(options.cpu), options.command, ...options.args]];
  const child = spawn(command, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${options.name} did not start within ${options.timeoutMs ?? 20_000} ms:\n${output}`));
    }, options.timeoutMs ?? 20_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8');
      const match = options.ready.exec(output);
      if (match?.[1] === undefined) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      // Keep draining so a chatty child never blocks on a full pipe; keep errors for the report.
      child.stdout?.resume();
      resolve({
        name: options.name,
        child,
        pid: child.pid ?? -1,
        url: match[1],
        stop: () => stopChild(child),
      });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${options.name} exited with ${code}:\n${output}`));
    });
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Runs a command to completion and returns its stdout (the CLI's `keys create`). */
export function runToCompletion(command: string, args: string[], env: NodeJS.ProcessEnv = {}): string {
  return execFileSync(command, args, { encoding: 'utf8', env: { ...process.env, ...env } });
}
