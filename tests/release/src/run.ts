/** Running the tools a maintainer and a user run (git, pnpm, npm, node), in a given folder and environment. */
import { spawn } from 'node:child_process';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout and stderr together, for messages */
  output: string;
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** @default 240_000 */
  timeoutMs?: number;
}

/** Runs a program to completion; never throws for a non-zero exit (the caller asserts on it). */
export function run(cmd: string, args: string[], opts: RunOptions): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let output = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c;
      output += c;
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c;
      output += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 240_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: `${stderr}${e.message}`, output: `${output}${e.message}` });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, output });
    });
  });
}

/** Like run, but a non-zero exit throws with the command and its output. */
export async function must(cmd: string, args: string[], opts: RunOptions): Promise<Ran> {
  const r = await run(cmd, args, opts);
  if (r.code !== 0)
    throw new Error(`${cmd} ${args.join(' ')} (in ${opts.cwd}) exited ${r.code}:\n${r.output}`);
  return r;
}

/**
 * The environment of a maintainer's or user's shell: without the npm_config_* / pnpm_* variables that pnpm
 * exports to the scripts it runs (they would steer npm and pnpm in the scratch folders), plus `extra`.
 */
export function shellEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!/^npm_|^pnpm_|^NODE_OPTIONS$|^INIT_CWD$|^TURBO_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}
