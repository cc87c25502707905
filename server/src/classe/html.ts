// The class summary as one self-contained HTML page, in French: no network, no external script,
// style or font (a Content-Security-Policy forbids them). The table sorts by any column, a click
// (or Enter) on a row opens that student's detail (findings with line numbers and an excerpt);
// printed, the table fills A4 landscape pages and each detail starts a page; on a phone the
// table scrolls sideways inside its box. The same page is shown in the
// VS Code webview (`webview` option: a save button and a nonce for the script).

import { approx, budgetText, budgetWord, countsText, deadlineText, englishText, frDate, otherLabel, overLimit, pagesText, SEVERITY_LABEL } from './format';
import type { ClassRow, ClassSummary } from './row';

export interface HtmlOptions {
  /** Shown in the title: the folder or files summarised. */
  source: string;
  /** ISO date and time of the run, shown in the header. */
  generatedAt: string;
  /** What "a page" means (describePageModel), shown under the title. */
  pageModel: string;
  /** Inside the VS Code webview: the script carries this nonce and a save button posts `{ type: 'save' }`. */
  webview?: { nonce: string; cspSource: string };
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const STATE_ORDER: Record<ClassRow['state'], number> = { incomplet: 0, 'à reprendre': 1, prêt: 2 };
const STATE_CLASS: Record<ClassRow['state'], string> = { incomplet: 'incomplet', 'à reprendre': 'reprendre', prêt: 'pret' };

interface Column {
  label: string;
  title?: string;
  numeric: boolean;
  cell(r: ClassRow): { v: string | number; html: string; cls?: string };
}

const PAGES_TITLE = 'Pages hors annexes (estimation instantanée ≈) / limite du BTS';
const PAGES_TITLE_EXACT = 'Pages hors annexes (comptées sur le document exporté) / limite du BTS';

const num = (n: number, warn = false) => ({ v: n, html: String(n), ...(warn && n > 0 ? { cls: 'warn' } : {}) });

const COLUMNS: Column[] = [
  {
    label: 'Élève',
    numeric: false,
    cell: (r) => ({ v: r.student, html: `<span class="student">${esc(r.student)}</span><span class="file">${esc(r.file)}</span>` }),
  },
  {
    label: 'BTS',
    numeric: false,
    cell: (r) => ({ v: r.bts, html: `<abbr title="${esc(r.btsName)}">${esc(r.bts.length > 6 ? `${r.bts.slice(0, 4)}.` : r.bts.toUpperCase())}</abbr>` }),
  },
  {
    label: 'État',
    numeric: true,
    cell: (r) => ({ v: STATE_ORDER[r.state], html: `<span class="badge ${STATE_CLASS[r.state]}" title="${esc(r.stateReason)}">${esc(r.state)}</span>` }),
  },
  {
    label: 'Pages',
    title: PAGES_TITLE,
    numeric: true,
    cell: (r) => ({ v: r.pages.body, html: `${approx(r)}${esc(pagesText(r))}`, ...(overLimit(r) ? { cls: 'bad' } : {}) }),
  },
  {
    label: 'Sections manquantes',
    numeric: true,
    cell: (r) => ({
      v: r.missing.length,
      html: r.missing.length === 0 ? '0' : `<b>${r.missing.length}</b> <span class="names">${esc(r.missingTitles.join(', '))}</span>`,
      ...(r.missing.length > 0 ? { cls: 'bad' } : {}),
    }),
  },
  {
    label: 'Hors budget',
    title: 'Sections trop longues ou trop courtes',
    numeric: true,
    cell: (r) => ({
      v: r.budget.length,
      html:
        r.budget.length === 0
          ? '0'
          : `<b>${r.budget.length}</b> <span class="names" title="${esc(r.budget.map((b) => budgetText(b, r.pages.exact)).join(', '))}">${esc(r.budget.map((b) => `${b.title} (${budgetWord(b.state)})`).join(', '))}</span>`,
      ...(r.budget.length > 0 ? { cls: 'warn' } : {}),
    }),
  },
  { label: 'Journal', title: 'Paragraphes, listes et titres écrits comme un journal de bord', numeric: true, cell: (r) => num(r.diary, true) },
  { label: 'Incomplètes', title: 'Missions ou activités incomplètes', numeric: true, cell: (r) => num(r.incomplete, true) },
  {
    label: 'Anglais',
    title: 'Documents en anglais trouvés / attendus',
    numeric: true,
    cell: (r) => ({
      v: r.english ? r.english.found : -1,
      html: r.english ? esc(englishText(r)) : '—',
      ...(r.english && r.english.found !== r.english.expected ? { cls: 'warn' } : {}),
    }),
  },
  {
    label: 'Date limite',
    numeric: true,
    cell: (r) => ({
      v: r.deadline?.daysLeft ?? 99999,
      html: r.deadline ? esc(deadlineText(r)) : '—',
      ...(r.deadline?.state === 'dépassée' ? { cls: 'bad' } : r.deadline?.state === 'proche' ? { cls: 'warn' } : {}),
    }),
  },
  { label: 'Erreurs', numeric: true, cell: (r) => ({ ...num(r.errors), ...(r.errors > 0 ? { cls: 'bad' } : {}) }) },
  { label: 'Avert.', title: 'Avertissements', numeric: true, cell: (r) => num(r.warnings, true) },
  { label: 'Conseils', numeric: true, cell: (r) => num(r.infos) },
];

const STYLE = `
:root{--fg:#1b1f24;--muted:#5b6470;--line:#d6dbe1;--bg:#fff;--head:#f1f4f7;--bad:#b42318;--warn:#8a5a00;--ok:#1a7f37}
*{box-sizing:border-box}
body{margin:0;padding:1rem;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;color:var(--fg);background:var(--bg)}
h1{font-size:1.35rem;margin:0 0 .25rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.meta{color:var(--muted);margin:0 0 .75rem}
.toolbar{margin:.5rem 0}
.toolbar button{font:inherit;padding:.35rem .8rem;cursor:pointer}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch;border:1px solid var(--line)}
table{border-collapse:collapse;width:100%}
th,td{padding:.35rem .5rem;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
#classe td:not(:first-child){white-space:nowrap}
#classe td:nth-child(5),#classe td:nth-child(6){white-space:normal;min-width:9rem;max-width:16rem}
thead th{background:var(--head);position:sticky;top:0}
thead button{all:unset;cursor:pointer;font-weight:600}
thead button:focus-visible{outline:2px solid #0969da}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
#classe tbody tr{cursor:pointer}
#classe tbody tr:hover,#classe tbody tr:focus{background:#eef5ff;outline:none}
#classe tbody tr[aria-expanded=true]{background:#dbeafe}
.student{display:block;font-weight:600}
.file{display:block;color:var(--muted);font-size:.8em;overflow-wrap:anywhere}
#classe td:first-child{min-width:10rem}
.names{color:var(--muted);font-size:.85em}
.bad{color:var(--bad);font-weight:600}
.warn{color:var(--warn)}
.badge{display:inline-block;padding:.05rem .5rem;border-radius:1rem;font-weight:600;font-size:.9em;border:1px solid}
.badge.pret{color:var(--ok);background:#dafbe1}
.badge.reprendre{color:var(--warn);background:#fff4d6}
.badge.incomplet{color:var(--bad);background:#ffe1de}
.detail{margin:1rem 0;padding:1rem;border:1px solid var(--line);border-radius:.4rem}
.detail dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.5rem 0}
.detail dt{color:var(--muted)}
.detail dd{margin:0}
.findings td:first-child{text-align:right}
.findings .excerpt{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:.85em;color:var(--muted);word-break:break-word}
.sev-error{color:var(--bad);font-weight:600}
.sev-warning{color:var(--warn)}
.others li{margin:.2rem 0}
.js .detail[hidden]{display:none}
.close{float:right}
.editor .finding{cursor:pointer}
.editor .finding:hover,.editor .finding:focus{background:var(--hover,rgba(127,127,127,.15));outline:none}
@media (max-width:700px){
  body{padding:.5rem;font-size:13px}
  th,td{padding:.3rem .35rem}
  .findings thead{display:none}
  .findings tr{display:block;border-bottom:1px solid var(--line);padding:.3rem 0}
  .findings td{display:block;border:0;padding:.1rem 0;text-align:left!important}
  .detail dl{grid-template-columns:1fr}
}
@page{size:A4 landscape;margin:1cm}
@media print{
  body{padding:0;font-size:10pt}
  .toolbar,.close,.hint{display:none}
  .scroll{overflow:visible;border:0}
  thead{display:table-header-group}
  thead th{position:static}
  tr{break-inside:avoid}
  #classe tbody tr[aria-expanded=true]{background:none}
  .detail,.js .detail[hidden]{display:block;break-before:page;border:0;padding:0;margin:0}
  .others{break-before:page}
}
`;

// Sorting, opening a detail; in the webview, the save button and a finding opening the report at
// its line (messages `save` and `open`, handled by client/src/classe.ts). No library, no network.
const SCRIPT = `
document.documentElement.classList.add('js');
var table=document.getElementById('classe'),tbody=table.tBodies[0];
var heads=table.tHead.rows[0].cells;
for(var i=0;i<heads.length;i++)(function(th,col){
  var btn=th.querySelector('button');
  btn.addEventListener('click',function(){
    var dir=th.getAttribute('aria-sort')==='ascending'?'descending':'ascending';
    for(var k=0;k<heads.length;k++)heads[k].setAttribute('aria-sort','none');
    th.setAttribute('aria-sort',dir);
    var numeric=btn.getAttribute('data-type')==='num';
    var rows=Array.prototype.slice.call(tbody.rows);
    rows.sort(function(a,b){
      var x=a.cells[col].getAttribute('data-v'),y=b.cells[col].getAttribute('data-v');
      var c=numeric?Number(x)-Number(y):x.localeCompare(y,'fr',{numeric:true,sensitivity:'base'});
      return dir==='ascending'?c:-c;
    });
    rows.forEach(function(r){tbody.appendChild(r);});
  });
})(heads[i],i);
function openDetail(tr){
  var id=tr.getAttribute('data-detail');
  document.querySelectorAll('.detail').forEach(function(d){d.hidden=d.id!==id;});
  Array.prototype.forEach.call(tbody.rows,function(r){r.setAttribute('aria-expanded',String(r===tr));});
  var d=document.getElementById(id);d.scrollIntoView({block:'start'});d.focus({preventScroll:true});
}
tbody.addEventListener('click',function(e){var tr=e.target.closest('tr');if(tr)openDetail(tr);});
tbody.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){var tr=e.target.closest('tr');if(tr){e.preventDefault();openDetail(tr);}}});
document.querySelectorAll('.detail .close').forEach(function(b){b.addEventListener('click',function(){
  var d=b.closest('.detail');d.hidden=true;
  var tr=tbody.querySelector('tr[data-detail="'+d.id+'"]');if(tr){tr.setAttribute('aria-expanded','false');tr.focus();}
});});
document.querySelectorAll('.detail').forEach(function(d){d.hidden=true;});
var vscode=typeof acquireVsCodeApi==='function'?acquireVsCodeApi():null;
var save=document.getElementById('save');
if(vscode&&save)save.addEventListener('click',function(){vscode.postMessage({type:'save'});});
if(vscode){
  document.documentElement.classList.add('editor');
  document.querySelectorAll('.detail .finding').forEach(function(tr){
    tr.tabIndex=0;tr.title='Ouvrir le rapport à cette ligne';
    var open=function(){vscode.postMessage({type:'open',file:tr.closest('.detail').getAttribute('data-file'),line:Number(tr.getAttribute('data-line')),character:Number(tr.getAttribute('data-character'))});};
    tr.addEventListener('click',open);
    tr.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();open();}});
  });
}
`;

function detailHtml(r: ClassRow, id: string): string {
  const facts: [string, string][] = [
    ['Fichier', esc(r.file)],
    ['BTS', esc(r.btsName)],
    ['État', `<span class="badge ${STATE_CLASS[r.state]}">${esc(r.state)}</span> ${esc(r.stateReason)}`],
    ['Pages hors annexes', `${approx(r)}${esc(pagesText(r))}`],
    ['Sections manquantes', r.missing.length === 0 ? 'aucune' : esc(r.missingTitles.join(', '))],
    ['Hors budget', r.budget.length === 0 ? 'aucune' : esc(r.budget.map((b) => budgetText(b, r.pages.exact)).join(', '))],
    ['Passages en style journal', String(r.diary)],
    ['Missions ou activités incomplètes', String(r.incomplete)],
  ];
  if (r.english) facts.push(['Documents en anglais', esc(englishText(r))]);
  if (r.deadline) facts.push(['Date limite', esc(deadlineText(r))]);
  facts.push(['Remarques', `${r.errors} erreur(s), ${r.warnings} avertissement(s), ${r.infos} conseil(s)`]);
  const rows = r.findings
    .map(
      (f) =>
        `<tr class="finding" data-line="${f.line}" data-character="${f.character}"><td>${f.line + 1}</td><td class="sev-${f.severity}">${SEVERITY_LABEL[f.severity]}</td><td><code>${esc(f.code)}</code></td><td>${esc(f.message)}<div class="excerpt">${esc(f.excerpt)}</div></td></tr>`,
    )
    .join('\n');
  const list =
    r.findings.length === 0
      ? '<p>Aucune remarque.</p>'
      : `<table class="findings"><thead><tr><th scope="col">Ligne</th><th scope="col">Gravité</th><th scope="col">Code</th><th scope="col">Remarque et extrait</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
  return `<article class="detail" id="${id}" data-file="${esc(r.file)}" tabindex="-1" aria-label="${esc(r.student)}">
<button type="button" class="close">Fermer</button>
<h2>${esc(r.student)}</h2>
<dl>${facts.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>
${list}
</article>`;
}

export function renderHtml(summary: ClassSummary, options: HtmlOptions): string {
  const { rows, others } = summary;
  // Figures counted on the export (`--exact`): no "≈" anywhere.
  const exact = rows.length > 0 && rows.every((r) => r.pages.exact);
  const nonce = options.webview?.nonce;
  const csp = nonce
    ? `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; img-src ${options.webview!.cspSource} data:`
    : "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
  const date = new Date(options.generatedAt);
  const when = Number.isNaN(date.getTime())
    ? options.generatedAt
    : `${frDate(options.generatedAt.slice(0, 10))} à ${String(date.getHours()).padStart(2, '0')} h ${String(date.getMinutes()).padStart(2, '0')}`;
  const head = COLUMNS.map(
    (c, i) =>
      `<th scope="col" aria-sort="none"${c.title ? ` title="${esc(exact && c.title === PAGES_TITLE ? PAGES_TITLE_EXACT : c.title)}"` : ''}><button type="button" data-col="${i}" data-type="${c.numeric ? 'num' : 'text'}">${esc(c.label)}</button></th>`,
  ).join('');
  const body = rows
    .map((r, i) => {
      const cells = COLUMNS.map((c) => {
        const { v, html, cls } = c.cell(r);
        return `<td data-v="${esc(String(v))}"${cls ? ` class="${cls}"` : ''}>${html}</td>`;
      }).join('');
      return `<tr data-detail="d${i}" tabindex="0" aria-expanded="false" title="${esc(r.file)}">${cells}</tr>`;
    })
    .join('\n');
  const othersHtml =
    others.length === 0
      ? ''
      : `<section class="others"><h2>Autres fichiers (${others.length})</h2><p class="meta">Fichiers qui ne sont pas des rapports de stage ou qui n'ont pas pu être lus.</p><ul>${others
          .map((o) => `<li><b>${esc(o.file)}</b> — ${esc(otherLabel(o))} : ${esc(o.reason)}</li>`)
          .join('')}</ul></section>`;
  return `<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="generator" content="rapport-bts classe">
<title>Rapports de la classe — ${esc(options.source)}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Rapports de la classe</h1>
<p class="meta">${esc(options.source)} — ${esc(when)} — <span id="counts">${esc(countsText(rows, others))}</span></p>
${options.webview ? '<div class="toolbar"><button type="button" id="save">Enregistrer en HTML…</button></div>' : ''}
<p class="meta hint">Cliquez sur un titre de colonne pour trier, sur une ligne pour voir le détail de l'élève${options.webview ? ', sur une remarque du détail pour ouvrir le rapport à sa ligne' : ''}. Pages : ${exact ? 'comptées sur le document exporté (mise en page réelle).' : `estimation instantanée (≈). ${esc(options.pageModel)}`} État : « incomplet » s'il manque une section obligatoire ou si le rapport fait moins de la moitié des pages attendues, « à reprendre » s'il reste une erreur ou un avertissement, « prêt » sinon.</p>
</header>
<main>
<div class="scroll">
<table id="classe">
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div>
${rows.length === 0 ? '<p>Aucun rapport de stage trouvé.</p>' : ''}
${othersHtml}
<section class="details">
${rows.map((r, i) => detailHtml(r, `d${i}`)).join('\n')}
</section>
</main>
<script${nonce ? ` nonce="${nonce}"` : ''}>${SCRIPT}</script>
</body>
</html>
`;
}
