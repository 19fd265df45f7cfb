// The import graph of src/: files, imports, cycles (strongly connected components of more than one file) and
// layers (the longest chain of imports, cycles counted as one node). `node scripts/import-graph.mjs [--values]`
// prints it as JSON; --values leaves out `import type` (what exists at run time). test/import-graph.test.ts
// holds the result to no cycles.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function importGraph(src, valuesOnly = false) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory() && e.name !== 'generated') walk(join(dir, e.name));
      else if (e.name.endsWith('.ts')) files.push(relative(src, join(dir, e.name)));
    }
  };
  walk(src);
  const edges = new Map(files.map((f) => [f, new Set()]));
  for (const f of files) {
    const text = readFileSync(join(src, f), 'utf8');
    for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+'(\.\.?\/[\w/.-]+)\.js'/gms)) {
      if (valuesOnly && m[1]) continue;
      const target = relative(src, resolve(src, dirname(f), `${m[2]}.ts`));
      if (edges.has(target)) edges.get(f).add(target);
    }
  }
  // Tarjan's strongly connected components.
  let index = 0;
  const stack = [];
  const on = new Set();
  const idx = new Map();
  const low = new Map();
  const comps = [];
  const visit = (v) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v)) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
    }
    if (low.get(v) === idx.get(v)) {
      const comp = [];
      let w;
      do {
        w = stack.pop();
        on.delete(w);
        comp.push(w);
      } while (w !== v);
      comps.push(comp);
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  const compOf = new Map();
  comps.forEach((c, i) => {
    for (const f of c) compOf.set(f, i);
  });
  const depth = new Map();
  const layer = (ci) => {
    if (depth.has(ci)) return depth.get(ci);
    depth.set(ci, 0);
    let d = 0;
    for (const f of comps[ci])
      for (const w of edges.get(f)) if (compOf.get(w) !== ci) d = Math.max(d, layer(compOf.get(w)) + 1);
    depth.set(ci, d);
    return d;
  };
  return {
    files: files.length,
    imports: [...edges.values()].reduce((n, s) => n + s.size, 0),
    layers: Math.max(...comps.map((_, i) => layer(i))) + 1,
    cycles: comps.filter((c) => c.length > 1).map((c) => c.sort()),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = join(dirname(fileURLToPath(import.meta.url)), '../src');
  console.log(JSON.stringify(importGraph(src, process.argv.includes('--values'))));
}
