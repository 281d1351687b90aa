import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway PostgreSQL server of the chaos run's own: initdb into a temporary directory, started
 * with pg_ctl on a free port, restarted by the restart scenario, removed at the end. The shared
 * server of the other tests is never touched. Run as root, the server runs as `postgres`.
 */
export class OwnCluster {
  private constructor(
    private readonly bin: string,
    readonly dataDir: string,
    readonly port: number,
    private readonly runAs: string[],
  ) {}

  get logFile(): string {
    return join(this.dataDir, 'server.log');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  /** The newest installed PostgreSQL's programs (Debian layout, or `pg_config --bindir`). */
  static findBinDir(): string | undefined {
    const root = '/usr/lib/postgresql';
    if (existsSync(root)) {
      const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
      for (const version of versions) {
        const bin = join(root, version, 'bin');
        if (existsSync(join(bin, 'initdb'))) return bin;
      }
    }
    try {
      return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim() || undefined;
    } catch {
      return undefined;
    }
  }

  static async create(bin: string): Promise<OwnCluster> {
    const dataDir = mkdtempSync(join(tmpdir(), 'tasker-chaos-pg-'));
    const root = process.getuid?.() === 0;
    if (root) {
      // PostgreSQL refuses to run as root: the directory and the server belong to postgres.
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dataDir, uid, gid);
    }
    const cluster = new OwnCluster(bin, dataDir, await freePort(), root ? ['runuser', '-u', 'postgres', '--'] : []);
    cluster.run('initdb', ['-D', dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    const options = [
      `-p ${cluster.port}`,
      '-c listen_addresses=127.0.0.1',
      `-c unix_socket_directories=${dataDir}`,
      '-c fsync=off',
      '-c max_connections=200',
    ].join(' ');
    cluster.run('pg_ctl', ['-D', dataDir, '-l', cluster.logFile, '-o', options, '-w', 'start']);
    return cluster;
  }

  /** Fast restart (every connection cut); `down()` is called once it has begun; resolves when it answers again. */
  async restart(down: () => void): Promise<void> {
    const restarted = new Promise<void>((resolve, reject) => {
      // With a log file and no pipes: a server started with inherited pipes would keep them open.
      const [command, ...args] = this.command('pg_ctl', [
        '-D',
        this.dataDir,
        '-l',
        this.logFile,
        '-m',
        'fast',
        '-w',
        'restart',
      ]);
      const child = spawn(command ?? 'pg_ctl', args, { stdio: 'ignore' });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl restart exited with ${code}`))));
    });
    down();
    await restarted;
  }

  /** Stops the server and removes its files; never throws. */
  destroy(): void {
    try {
      this.run('pg_ctl', ['-D', this.dataDir, '-m', 'immediate', '-w', 'stop']);
    } catch {
      // already stopped
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  private command(program: string, args: string[]): string[] {
    return [...this.runAs, join(this.bin, program), ...args];
  }

  private run(program: string, args: string[]): void {
    const [command, ...rest] = this.command(program, args);
    execFileSync(command ?? program, rest, { stdio: 'ignore' });
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
