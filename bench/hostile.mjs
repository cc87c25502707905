// Hostile inputs, one generator per family: each returns a report (front matter + body) of about
// `size` characters built to hit a super-linear path (a pattern, the Markdown parser, an estimate
// spreading a list as wide as the document). Used by test/unit/hostile.test.ts at small sizes and
// by `npm run bench` (bench/run.mjs) at 100 KB, 1 MB and 5 MB.

export const HEAD = '---\nbts: cpi\nauteur: { nom: Martin, prenom: Léa }\netablissement: Lycée Jean Moulin\nentreprise: MécaPrécis SAS\n' +
  "tuteur: { nom: Durand, poste: Responsable bureau d'études }\nstage: { debut: 2026-01-05, fin: 2026-02-27 }\n---\n\n# Introduction\n\nTexte.\n\n";

const fill = (unit, size) => unit.repeat(Math.max(1, Math.ceil(size / unit.length)));

/** name → (size) → text. */
export const FAMILIES = {
  'short paragraphs': (n) => HEAD + fill('a\n\n', n),
  'table rows': (n) => `${HEAD}| a |\n|---|\n${fill('| 1 |\n', n)}`,
  'table cells': (n) => `${HEAD}${fill('| a ', n / 2)}|\n${fill('|---', n / 2)}|\n`,
  'images': (n) => HEAD + fill('![x](a.png)\n\n', n),
  'mission subheading + spaces': (n) => `${HEAD}# Missions\n\n## Contexte${' '.repeat(n)}x\n`,
  'spaces in a paragraph': (n) => `${HEAD}Texte${' '.repeat(n)}x\n`,
  'no-break spaces in a paragraph': (n) => `${HEAD}Texte${'\u00a0'.repeat(n)}x\n`,
  'spaces in an annex label': (n) => `${HEAD}# Annexes\n\nAnnexe${' '.repeat(n)}x\n`,
  'spaces in an English-document label': (n) => `${HEAD}Document${' '.repeat(n)}en anglais x\n`,
  'page comment + spaces': (n) => `${HEAD}<!-- page${' '.repeat(n)}x\n`,
  'inline comments never closed': (n) => HEAD + fill('texte <!-- ', n),
  'inline comments never closed, lines': (n) => HEAD + fill('a <!--\n', n),
  '60-level lists': (n) => HEAD + fill(`${'- '.repeat(60)}x\n`, n),
  'lists nested by indentation': (n) => {
    const lines = [];
    let size = 0;
    for (let i = 0; size < n; i++) {
      const line = `${' '.repeat((i % 200) * 2)}- x\n`;
      lines.push(line);
      size += line.length;
    }
    return HEAD + lines.join('');
  },
  'backtick runs': (n) => {
    const parts = [];
    let size = 0;
    for (let i = 1; size < n; i++) {
      const run = '`'.repeat(i % 300 || 1);
      parts.push(`${run} a `);
      size += run.length + 3;
    }
    return HEAD + parts.join('');
  },
  'consecutive headings': (n) => HEAD + fill('##\n', n),
  'emphasis markers': (n) => HEAD + fill('*a _b ', n),
  'links never closed': (n) => HEAD + fill('[a](', n),
};

/** A failing report (no conclusion, sections missing) whose annexes hold a C listing of `lines` lines. */
export function cListingReport(lines = 210) {
  const code = [];
  for (let i = 0; i < lines; i++) code.push(`  if ((reg[${i}] & (1 << ${i % 8})) && (*p)[${i}] == ${i}) { tab[${i}] = f_${i}(p, (int)(x * 2)); }`);
  return `${HEAD}Le stage s'est bien passé.\n\n# Annexes\n\n## Annexe 1 : programme\n\n\`\`\`c\n${code.join('\n')}\n\`\`\`\n`;
}

// --- the bench: `node bench/hostile.mjs [--sizes 100000,1000000,5000000] [--families a,b] [--timeout 60] [--no-build]`
// Each family at each size, written to a file and checked by the CLI as a student runs it
// (`node dist/cli.js check --format json`), one process per run: wall time and peak RSS (from
// /usr/bin/time), exit status, and whether the answer is the degraded one (`document-size`).
// Growth: how much more time than the size grew, from one size to the next (1 = linear).
// → bench/results/hostile.md, bench/results/hostile.json
import { spawnSync as benchSpawn } from 'node:child_process';
import { mkdtempSync as benchTmp, writeFileSync as benchWrite, rmSync as benchRm, mkdirSync as benchMkdir } from 'node:fs';
import { tmpdir as benchTmpdir, cpus as benchCpus, loadavg as benchLoad } from 'node:os';
import { join as benchJoin, dirname as benchDirname } from 'node:path';
import { fileURLToPath as benchPath } from 'node:url';

if (process.argv[1] && benchPath(import.meta.url) === process.argv[1]) {
  const root = benchJoin(benchDirname(benchPath(import.meta.url)), '..');
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : dflt;
  };
  const sizes = arg('--sizes', '100000,1000000,5000000').split(',').map(Number);
  // Beside the hostile families, a plain report as long: the yardstick of what parsing in full costs.
  const { generateReport } = await import('./generate.mjs');
  const all = { 'generated report (yardstick)': (n) => generateReport({ pages: Math.max(1, Math.round(n / 2950)), seed: 3 }), ...FAMILIES };
  const names = arg('--families', '') ? arg('--families', '').split(',') : Object.keys(all);
  const timeoutS = Number(arg('--timeout', '60'));
  if (!process.argv.includes('--no-build')) {
    const b = benchSpawn('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    if (b.status !== 0) throw new Error('build failed');
  }
  const dir = benchTmp(benchJoin(benchTmpdir(), 'rapport-hostile-'));
  const rows = [];
  for (const name of names) {
    for (const size of sizes) {
      const file = benchJoin(dir, 'rapport.md');
      const text = all[name](size);
      benchWrite(file, text);
      const r = benchSpawn('/usr/bin/time', ['-f', '%e %M', process.execPath, benchJoin(root, 'dist', 'cli.js'), 'check', '--format', 'json', file], {
        cwd: root,
        encoding: 'utf8',
        timeout: timeoutS * 1000,
        maxBuffer: 256 * 1024 * 1024,
      });
      const timedOut = r.error?.code === 'ETIMEDOUT' || r.signal === 'SIGTERM';
      const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(r.stderr ?? '');
      let degraded = false;
      let findings = null;
      try {
        const j = JSON.parse(r.stdout);
        const diags = (j.files ?? j.reports ?? [j]).flatMap((f) => f.diagnostics ?? f.findings ?? []);
        findings = diags.length;
        degraded = diags.some((d) => d.code === 'document-size');
      } catch {
        // no JSON: a crash or a timeout
      }
      const row = {
        family: name,
        chars: text.length,
        seconds: timedOut ? null : m ? Number(m[1]) : null,
        peakRssMB: m ? Math.round(Number(m[2]) / 1024) : null,
        exit: timedOut ? 'timeout' : r.status,
        degraded,
        findings,
        ...(findings === null ? { stderr: (r.stderr ?? '').slice(-300) } : {}),
      };
      rows.push(row);
      console.log(JSON.stringify(row));
    }
  }
  benchRm(dir, { recursive: true, force: true });
  const load = benchLoad().map((x) => x.toFixed(2)).join(' / ');
  const limitFor = (chars) => (chars <= 1_100_000 ? 3 : chars <= 5_500_000 ? 10 : Infinity);
  const lines = [
    '# Hostile inputs: time and memory per family',
    '',
    `Run ${new Date().toISOString()} — ${benchCpus().length} cores, Node ${process.version}, load average ${load}.`,
    `\`node bench/hostile.mjs\` (families of bench/hostile.mjs at ${sizes.join(', ')} characters; \`node dist/cli.js check --format json\`, one process per run, timeout ${timeoutS} s; wall time and peak RSS by /usr/bin/time). Target: ≤ 1 MB in ≤ 3 s, ≤ 5 MB in ≤ 10 s; growth = (time ratio) / (size ratio) from the previous size, 1 = linear. Timings on a loaded machine are pessimistic.`,
    '',
    '| family | chars | s | peak RSS (MB) | exit | degraded | findings | growth | target |',
    '|---|---:|---:|---:|---|---|---:|---:|---|',
  ];
  for (const [i, r] of rows.entries()) {
    const prev = rows[i - 1]?.family === r.family ? rows[i - 1] : undefined;
    const growth = prev && prev.seconds && r.seconds && prev.seconds >= 0.3 ? ((r.seconds / prev.seconds) / (r.chars / prev.chars)).toFixed(2) : '';
    const ok = r.seconds !== null && r.seconds <= limitFor(r.chars) && (r.exit === 0 || r.exit === 1);
    lines.push(`| ${r.family} | ${r.chars} | ${r.seconds ?? '—'} | ${r.peakRssMB ?? '—'} | ${r.exit} | ${r.degraded ? 'yes' : 'no'} | ${r.findings ?? '—'} | ${growth} | ${ok ? 'met' : '**missed**'} |`);
  }
  benchMkdir(benchJoin(root, 'bench', 'results'), { recursive: true });
  benchWrite(benchJoin(root, 'bench', 'results', 'hostile.md'), lines.join('\n') + '\n');
  benchWrite(benchJoin(root, 'bench', 'results', 'hostile.json'), JSON.stringify({ date: new Date().toISOString(), load, sizes, timeoutS, rows }, null, 2) + '\n');
  console.log(lines.join('\n'));
}
