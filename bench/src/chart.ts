/** A hand-built SVG: grouped horizontal bars, one panel per measure, no dependencies. */

export interface Panel {
  title: string;
  /** Groups of bars (e.g. one per scenario), each bar a contender. */
  groups: { label: string; bars: { name: string; value: number; label: string }[] }[];
  /** Vertical reference lines, e.g. the target. */
  marks?: { at: number; label: string }[];
  /** Log scale for values spanning orders of magnitude. */
  log?: boolean;
}

const COLORS: Record<string, string> = {
  fetch: '#9aa0a6',
  'openapi-fetch': '#5f6368',
  '@weavr-sdk/multi': '#1a73e8',
  openai: '#e37400',
  stripe: '#9334e6',
};
const color = (name: string) => COLORS[name] ?? '#34a853';
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const WIDTH = 760;
const LEFT = 150;
const RIGHT = 80;
const BAR = 13;
const GAP = 10;

function panelSvg(p: Panel, top: number): { svg: string; height: number } {
  const values = p.groups.flatMap((g) => g.bars.map((b) => b.value)).concat((p.marks ?? []).map((m) => m.at));
  const max = Math.max(...values) * 1.05;
  const min = p.log ? Math.min(...values) / 1.5 : 0;
  const plot = WIDTH - LEFT - RIGHT;
  const x = (v: number) =>
    LEFT + (p.log ? (Math.log(v / min) / Math.log(max / min)) * plot : ((v - min) / (max - min)) * plot);
  const parts: string[] = [`<text x="10" y="${top + 16}" class="title">${esc(p.title)}</text>`];
  let y = top + 30;
  for (const g of p.groups) {
    parts.push(`<text x="10" y="${y + BAR}" class="group">${esc(g.label)}</text>`);
    for (const b of g.bars) {
      const w = Math.max(1, x(b.value) - LEFT);
      parts.push(
        `<rect x="${LEFT}" y="${y}" width="${w.toFixed(1)}" height="${BAR - 2}" fill="${color(b.name)}"><title>${esc(`${b.name}: ${b.label}`)}</title></rect>`,
        `<text x="${(LEFT + w + 4).toFixed(1)}" y="${y + BAR - 3}" class="value">${esc(b.label)}</text>`,
      );
      y += BAR;
    }
    y += GAP;
  }
  for (const m of p.marks ?? []) {
    const mx = x(m.at).toFixed(1);
    parts.push(
      `<line x1="${mx}" y1="${top + 24}" x2="${mx}" y2="${y - GAP + 2}" class="mark"/>`,
      `<text x="${mx}" y="${y + 4}" class="mark-label" text-anchor="middle">${esc(m.label)}</text>`,
    );
  }
  return { svg: parts.join('\n'), height: y - top + 14 };
}

export function chartSvg(panels: Panel[], names: string[]): string {
  const body: string[] = [];
  let top = 0;
  for (const p of panels) {
    const { svg, height } = panelSvg(p, top);
    body.push(svg);
    top += height + 10;
  }
  // Legend
  let lx = LEFT;
  const legend = names.map((n) => {
    const s = `<rect x="${lx}" y="${top}" width="10" height="10" fill="${color(n)}"/><text x="${lx + 14}" y="${top + 9}" class="value">${esc(n)}</text>`;
    lx += 24 + n.length * 6.5;
    return s;
  });
  const height = top + 24;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="system-ui, -apple-system, Segoe UI, sans-serif">
<style>
.title { font-size: 14px; font-weight: 600; fill: #202124; }
.group { font-size: 12px; fill: #3c4043; }
.value { font-size: 11px; fill: #3c4043; }
.mark { stroke: #d93025; stroke-dasharray: 4 3; stroke-width: 1; }
.mark-label { font-size: 10px; fill: #d93025; }
</style>
<rect width="100%" height="100%" fill="#fff"/>
${body.join('\n')}
${legend.join('\n')}
</svg>
`;
}
