import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/** A worker id unique across processes and across Tasker modules in one process: host, pid, random. */
export function createWorkerId(): string {
  return `${hostname().slice(0, 64)}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
