/**
 * jest's node environment, plus one thing for the worker process that runs it: once the worker's
 * event loop is empty ('beforeExit'), it exits at once instead of tearing down its heap (a jest
 * worker holds 300+ MB by the end of a run; freeing that took 500-1000 ms on a busy 2-core
 * machine, past the 500 ms jest waits before reporting "A worker process has failed to exit
 * gracefully"). It hides no leak: 'beforeExit' only fires when no handle or timer is left open —
 * a worker that leaks one still hangs and is still reported.
 */
const { TestEnvironment } = require('jest-environment-node');

const INSTALLED = Symbol.for('cafta.fastWorkerExit');

class NodeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    if (!process[INSTALLED]) {
      process[INSTALLED] = true;
      process.once('beforeExit', (code) => process.exit(code));
    }
  }
}

module.exports = NodeEnvironment;
