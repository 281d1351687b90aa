import { writeFileSync } from 'node:fs';
import { Session, type Profiler } from 'node:inspector/promises';
import { sep } from 'node:path';

/** Samples the CPU of this process (V8 profiler through node:inspector) around one window. */
export class WindowProfiler {
  private session: Session | undefined;

  async start(): Promise<void> {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    this.session = session;
  }

  async stop(): Promise<Profiler.Profile | undefined> {
    const session = this.session;
    if (session === undefined) return undefined;
    this.session = undefined;
    const { profile } = await session.post('Profiler.stop');
    await session.post('Profiler.disable');
    session.disconnect();
    return profile;
  }
}

export interface ProfileLine {
  selfMs: number;
  selfPct: number;
  name: string;
}

export interface ProfileSummary {
  totalMs: number;
  top: ProfileLine[];
  byArea: ProfileLine[];
}

/** Where a function lives, coarsely: the package, Tasker's lib, the benchmark, Node, V8. */
function areaOf(url: string, functionName: string): string {
  if (url === '') {
    if (functionName === '(garbage collector)') return 'V8 GC';
    if (functionName === '(idle)') return '(idle)';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'native';
  }
  if (url.startsWith('node:')) return 'node core';
  const modules =
    url.lastIndexOf(`node_modules${sep}`) >= 0
      ? url.lastIndexOf(`node_modules${sep}`)
      : url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const [scope = '', name = ''] = url.slice(modules + 'node_modules/'.length).split(/[\\/]/);
    return scope.startsWith('@') ? `${scope}/${name}` : scope;
  }
  if (/[\\/]dist[\\/]lib[\\/]/.test(url)) return 'tasker lib';
  if (/[\\/]dist[\\/]migrations[\\/]/.test(url)) return 'tasker migrations';
  if (/[\\/]dist[\\/]bench[\\/]/.test(url)) return 'bench';
  return 'other';
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) return url.slice(modules + 'node_modules/'.length);
  const dist = url.lastIndexOf('/dist/');
  if (dist >= 0) return url.slice(dist + 1);
  return url.replace(/^file:\/\//, '');
}

/** Self time per function (and per area), from the samples of a V8 CPU profile. */
export function summariseProfile(profile: Profiler.Profile, topN = 20): ProfileSummary {
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByNode = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (const [i, sample] of samples.entries()) {
    // timeDeltas[i] is the time before sample i; attribute the gap after it to sample i.
    const delta = (deltas[i + 1] ?? 0) / 1000;
    selfByNode.set(sample, (selfByNode.get(sample) ?? 0) + delta);
  }
  const byFunction = new Map<string, number>();
  const byArea = new Map<string, number>();
  let totalMs = 0;
  for (const [id, ms] of selfByNode) {
    const node = nodes.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === '(idle)') continue;
    totalMs += ms;
    const name =
      url === ''
        ? functionName || '(anonymous)'
        : `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + ms);
    const area = areaOf(url, functionName);
    byArea.set(area, (byArea.get(area) ?? 0) + ms);
  }
  const lines = (map: Map<string, number>, n: number): ProfileLine[] =>
    [...map.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({
        name,
        selfMs: Number(ms.toFixed(1)),
        selfPct: Number(((ms / totalMs) * 100).toFixed(1)),
      }));
  return { totalMs: Number(totalMs.toFixed(1)), top: lines(byFunction, topN), byArea: lines(byArea, 15) };
}

export function writeProfile(path: string, profile: Profiler.Profile): void {
  writeFileSync(path, JSON.stringify(profile));
}
