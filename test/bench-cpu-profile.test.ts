/**
 * The CPU-profile reader behind `npm run profile`: samples are attributed to the right function
 * (self and on-the-stack time), module and time window, idle is kept out of the busy time, and
 * "who calls X" follows the stack upwards.
 */
import { callersOf, moduleOf, summarize, type CpuProfile } from '../bench/lib/cpu-profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({ functionName, url, lineNumber });

/**
 * root → handler (ours) → render (ours) → stringify (native); root → (idle); root → (garbage collector).
 * Samples every 1 ms from t = 1000 µs: handler, render, render, stringify, idle, GC, render.
 */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)'), children: [2, 5, 6] },
    { id: 2, callFrame: frame('handler', 'file:///app/dist/adapters/slack/bolt-app.js', 9), children: [3] },
    { id: 3, callFrame: frame('render', 'file:///app/dist/adapters/slack/block-kit.js', 47), children: [4] },
    { id: 4, callFrame: frame('stringify') },
    { id: 5, callFrame: frame('(idle)') },
    { id: 6, callFrame: frame('(garbage collector)') },
  ],
  startTime: 0,
  endTime: 8000,
  samples: [2, 3, 3, 4, 5, 6, 3, 3],
  timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000],
};

describe('CPU profile summary', () => {
  it('splits busy time by module and function, with idle kept out', () => {
    const s = summarize(profile);
    // 8 samples; the last one has no successor, so it stands for no time.
    expect(s.totalMs).toBe(7);
    expect(s.busyMs).toBe(6);
    expect(s.gcMs).toBe(1);
    expect(s.modules.find((m) => m.name === 'ours: adapters/slack')?.ms).toBe(4);
    expect(s.modules.find((m) => m.name === 'GC')?.ms).toBe(1);
    expect(s.selfTop[0]).toEqual({ name: 'render adapters/slack/block-kit.js:48', ms: 3, share: 0.5 });
    // handler is on the stack of its own sample and of every render/stringify sample below it.
    expect(s.totalTop.find((f) => f.name.startsWith('handler'))?.ms).toBe(5);
  });

  it('counts only the samples inside a window', () => {
    const s = summarize(profile, { fromUs: 2500, toUs: 4500 });
    expect(s.totalMs).toBe(2); // the samples at 3000 (render) and 4000 (stringify)
    expect(s.selfTop.map((f) => f.name)).toEqual(['render adapters/slack/block-kit.js:48', 'stringify']);
  });

  it('names who calls a function', () => {
    const [chain] = callersOf(profile, (f) => f.functionName === 'stringify');
    expect(chain).toEqual({
      chain: 'stringify ← render adapters/slack/block-kit.js:48 ← handler adapters/slack/bolt-app.js:10',
      ms: 1,
    });
  });

  it('names packages, our folders and Node parts', () => {
    expect(moduleOf(frame('x', 'file:///r/node_modules/@slack/bolt/dist/App.js'))).toBe('@slack/bolt');
    expect(moduleOf(frame('x', 'file:///r/node_modules/a/node_modules/tsscmp/lib/index.js'))).toBe('tsscmp');
    expect(moduleOf(frame('x', 'file:///r/dist/src/commands/info.js'))).toBe('ours: src/commands');
    expect(moduleOf(frame('x', 'node:_http_server'))).toBe('node: http');
    expect(moduleOf(frame('writev'))).toBe('native: writev');
  });
});
