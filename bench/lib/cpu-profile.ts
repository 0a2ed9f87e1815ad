/**
 * Reads a V8 CPU profile (`node --cpu-prof`): where the samples fall, per function (self and
 * total time) and per module (a package, one of our folders, a part of Node), optionally only
 * within a time window (e.g. the measured load, not the start-up), and who calls a function.
 * Pure: takes the parsed profile, returns figures.
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber?: number;
}

export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
}

/** The JSON `--cpu-prof` writes. Times are µs on the machine's monotonic clock. */
export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface Share {
  name: string;
  /** Sampled time in ms. */
  ms: number;
  /** Share of the busy (non-idle) time. */
  share: number;
}

export interface ProfileSummary {
  /** Sampled ms in the window: all, and without `(idle)`. */
  totalMs: number;
  busyMs: number;
  gcMs: number;
  modules: Share[];
  /** Self time per function. */
  selfTop: Share[];
  /** Time with the function anywhere on the stack (counted once per sample). */
  totalTop: Share[];
}

const SPECIAL: Record<string, string> = {
  '(garbage collector)': 'GC',
  '(idle)': 'idle',
  '(program)': 'V8/native (program)',
  '(root)': 'root',
};

/** Node's own modules, in a few groups a reader recognises. */
function nodeGroup(path: string): string {
  if (/undici|webstreams|abort_controller|js_transferable|blob|fetch/.test(path))
    return 'node: fetch (undici, web streams, AbortSignal)';
  if (/http|_http_/.test(path)) return 'node: http';
  if (/stream|net|tcp|socket/.test(path)) return 'node: net and streams';
  if (/crypto/.test(path)) return 'node: crypto';
  if (/querystring|url/.test(path)) return 'node: querystring and url';
  if (/timers/.test(path)) return 'node: timers';
  if (/events|process\/task_queues|async_hooks|promises/.test(path)) return 'node: events and promises';
  return 'node: other';
}

/** The module a frame belongs to: a package, one of our top folders, a Node group, or a VM state. */
export function moduleOf(frame: CallFrame): string {
  const special = SPECIAL[frame.functionName];
  if (special && !frame.url) return special;
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return `native: ${frame.functionName || '(anonymous)'}`;
  if (url.startsWith('node:')) return nodeGroup(url.slice(5));
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(url);
  if (pkg) return pkg[1];
  const ours = /\/dist\/((?:src|adapters|bench|test)\/[^/]+)(?:\/|$)/.exec(url);
  if (ours) return `ours: ${ours[1].replace(/\.js$/, '')}`;
  return url;
}

const fileOf = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/dist\//, '');

export const functionKey = (f: CallFrame): string =>
  f.url ? `${f.functionName || '(anonymous)'} ${fileOf(f.url)}:${f.lineNumber + 1}` : f.functionName;

/** Milliseconds of samples per node id, only those taken within [fromUs, toUs] when given. */
function sampledMs(p: CpuProfile, fromUs = -Infinity, toUs = Infinity): Map<number, number> {
  const ms = new Map<number, number>();
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i += 1) {
    t += p.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    // Each sample stands for the time until the next one.
    const dt = (p.timeDeltas[i + 1] ?? 0) / 1000;
    ms.set(p.samples[i], (ms.get(p.samples[i]) ?? 0) + dt);
  }
  return ms;
}

const ranked = (m: Map<string, number>, busyMs: number, top: number): Share[] =>
  [...m.entries()]
    .map(([name, ms]) => ({ name, ms, share: busyMs > 0 ? ms / busyMs : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);

/** Parent of every node (the profile stores children only). */
function parents(p: CpuProfile): Map<number, number> {
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return parent;
}

export function summarize(p: CpuProfile, opts: { fromUs?: number; toUs?: number; top?: number } = {}): ProfileSummary {
  const top = opts.top ?? 25;
  const ms = sampledMs(p, opts.fromUs, opts.toUs);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = parents(p);
  const modules = new Map<string, number>();
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  let gcMs = 0;
  for (const [id, t] of ms) {
    const node = byId.get(id);
    if (!node) continue;
    totalMs += t;
    const mod = moduleOf(node.callFrame);
    if (mod === 'idle') {
      idleMs += t;
      continue;
    }
    if (mod === 'GC') gcMs += t;
    modules.set(mod, (modules.get(mod) ?? 0) + t);
    const key = functionKey(node.callFrame);
    self.set(key, (self.get(key) ?? 0) + t);
    // Every distinct function on this sample's stack gets the time once (recursion counted once).
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = byId.get(cur)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const k = functionKey(frame);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + t);
    }
  }
  const busyMs = totalMs - idleMs;
  return {
    totalMs,
    busyMs,
    gcMs,
    modules: ranked(modules, busyMs, 100),
    selfTop: ranked(self, busyMs, top),
    totalTop: ranked(total, busyMs, top),
  };
}

/**
 * The call chains (innermost caller first, `depth` frames) that lead to the functions `match`
 * picks, with their sampled ms (the function and what it calls): "who calls randomFillSync?".
 */
export function callersOf(
  p: CpuProfile,
  match: (frame: CallFrame) => boolean,
  opts: { fromUs?: number; toUs?: number; depth?: number } = {},
): Array<{ chain: string; ms: number }> {
  const ms = sampledMs(p, opts.fromUs, opts.toUs);
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = parents(p);
  const chains = new Map<string, number>();
  for (const n of p.nodes) {
    if (!match(n.callFrame)) continue;
    // Time of this node and everything below it.
    const below = (id: number): number =>
      (ms.get(id) ?? 0) + (byId.get(id)?.children ?? []).reduce((s, c) => s + below(c), 0);
    const t = below(n.id);
    if (t === 0) continue;
    const chain: string[] = [];
    for (let cur = parent.get(n.id); cur !== undefined && chain.length < (opts.depth ?? 6); cur = parent.get(cur)) {
      const f = byId.get(cur)?.callFrame;
      if (f && f.functionName !== '(root)') chain.push(functionKey(f));
    }
    const key = `${n.callFrame.functionName} ← ${chain.join(' ← ')}`;
    chains.set(key, (chains.get(key) ?? 0) + t);
  }
  return [...chains.entries()].map(([chain, t]) => ({ chain, ms: t })).sort((a, b) => b.ms - a.ms);
}
