import { spawnSync } from 'node:child_process';

/** Whether `command --version` runs. */
function runs(command: string): boolean {
  return spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * Makes sure `prometheus` and `promtool` are on the PATH: installs Debian's `prometheus` package
 * when they are missing and this process is root; otherwise says what to install. Returns the
 * problem, or undefined when both run.
 */
export function ensurePrometheus(log: (line: string) => void): string | undefined {
  if (runs('prometheus') && runs('promtool')) return undefined;
  if (process.getuid?.() !== 0) {
    return 'prometheus/promtool are not installed and this is not root: install them (Debian/Ubuntu: `sudo apt-get install prometheus`, or a release from prometheus.io) and run again';
  }
  log("Installing Debian's prometheus package (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '-o', 'DPkg::Lock::Timeout=300', 'prometheus'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (result.status !== 0) return `apt-get ${args.join(' ')} failed (exit ${String(result.status)})`;
  }
  // The package starts a system service on :9090; this script runs its own Prometheus, not that one.
  return runs('prometheus') && runs('promtool') ? undefined : 'prometheus was installed but does not run';
}
