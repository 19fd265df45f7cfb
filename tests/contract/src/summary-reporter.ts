import type { Reporter, TestModule, Vitest } from 'vitest/node';
import { apis } from './apis.js';

declare module 'vitest' {
  interface TaskMeta {
    /** Set by each operation's contract case: which API and operation it covers. */
    contract?: { api: string; operation: string };
  }
}

/**
 * Prints one line per API: `contract <api>: N/M operations passed`, where M is the size of the API's generated
 * operation map and N the operations whose case passed (every assertion held).
 */
export default class ContractSummaryReporter implements Reporter {
  private vitest: Vitest | undefined;

  onInit(vitest: Vitest): void {
    this.vitest = vitest;
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const passed = new Map<string, Set<string>>(apis.map((a) => [a.name, new Set<string>()]));
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const meta = test.meta().contract;
        if (meta && test.result().state === 'passed') passed.get(meta.api)?.add(meta.operation);
      }
    }
    const log = (line: string) => (this.vitest ? this.vitest.logger.log(line) : console.log(line));
    for (const api of apis) {
      const total = Object.keys(api.operations).length;
      // Only operations of the map count: a case for anything else cannot inflate N.
      const n = [...(passed.get(api.name) ?? [])].filter((key) => key in api.operations).length;
      log(`contract ${api.name}: ${n}/${total} operations passed`);
    }
  }
}
