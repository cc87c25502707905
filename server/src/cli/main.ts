// The command line: `rapport-bts check …` (the checker) and `rapport-bts lsp --stdio` (the
// language server for any LSP editor). Contract: docs/contracts.md.

import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { UsageError, parseArgs } from './args';
import { checkOne, checkOneExact, checkUsage, runCheck, type WorkerTask } from './check';
import { exportUsage, runExport } from './export';
import { classeUsage, classeWorker, runClasse, type ClasseWorkerData } from './classe';
import { quietOnBrokenPipe } from './output';
import { ProfileError, type ParsedProfileSource } from '../profiles/registry';
import { useProfiles } from '../host/registry';

declare const VERSION: string;

const USAGE = `Utilisation :
  rapport-bts check FICHIER... [--bts ID] [--format text|json] [--exact]   vérifie des rapports
  rapport-bts export FICHIER... [--format pdf|docx] [--output CHEMIN] [--force]   exporte en PDF ou Word
  rapport-bts classe DOSSIER|FICHIER... [--format html|csv|json]  synthèse de la classe
  rapport-bts lsp --stdio                                         serveur de langage (éditeurs LSP)
  rapport-bts --version | --help

« rapport-bts COMMANDE --help » détaille une commande.`;

const LSP_USAGE = `Utilisation : rapport-bts lsp --stdio

Lance le serveur de langage sur l'entrée et la sortie standard, pour un éditeur LSP
(Neovim, Emacs, Helix, Zed…).`;

type Command = (argv: readonly string[]) => Promise<number> | number;

const COMMANDS: Record<string, Command> = {
  check: (argv) => runCheck(argv, __filename),
  classe: (argv) => runClasse(argv, __filename),
  export: (argv) => runExport(argv),
  lsp: async (argv) => {
    const args = parseArgs(argv, { flags: ['--stdio'] });
    if (args.help) {
      process.stdout.write(`${LSP_USAGE}\n`);
      return 0;
    }
    if (args.positional.length > 0) throw new UsageError(`argument inattendu « ${args.positional[0]} »`);
    if (!args.flags.has('--stdio')) throw new UsageError("« lsp » s'utilise avec --stdio");
    // Loaded here only: `check`, `classe` and their worker threads never load the language server.
    // In the bundle, server-main is the server's own bundle (dist/server.js, scripts/build.mjs),
    // which starts the server on the standard streams (`--stdio` is in process.argv).
    await import('../server-main');
    return 0;
  },
};

const USAGES: Record<string, () => string> = { check: checkUsage, classe: classeUsage, export: exportUsage, lsp: () => LSP_USAGE };

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (cmd === '--help' || cmd === '-h' || cmd === 'help') {
    const topic = cmd === 'help' ? rest[0] : undefined;
    process.stdout.write(`${topic && USAGES[topic] ? USAGES[topic]() : USAGE}\n`);
    return 0;
  }
  const command = cmd === undefined ? undefined : COMMANDS[cmd];
  try {
    if (!command) throw new UsageError(cmd ? `commande inconnue « ${cmd} »` : 'commande manquante');
    return await command(rest);
  } catch (e) {
    if (e instanceof ProfileError) {
      // A broken profile file (or RAPPORT_BTS_PROFILES naming a folder without profiles).
      process.stderr.write(`rapport-bts : profils invalides — ${e.message}\n`);
      return 2;
    }
    if (!(e instanceof UsageError)) throw e;
    const usage = cmd && USAGES[cmd] ? USAGES[cmd]() : USAGE;
    process.stderr.write(`rapport-bts : ${e.message}\n\n${usage}\n`);
    return 2;
  }
}

if (isMainThread) {
  quietOnBrokenPipe();
  void main(process.argv.slice(2)).then((status) => (process.exitCode = status));
} else {
  // A worker of inParallel (check.ts): run its task on the files it was given and send the results back.
  const data = workerData as { files: string[]; bts: string | undefined; task?: WorkerTask | 'classe-pool'; profiles: readonly ParsedProfileSource[] };
  // The profiles the main thread read and parsed: not read nor parsed again here.
  useProfiles(data.profiles);
  if (data.task === 'classe-pool') classeWorker(data as ClasseWorkerData);
  else {
    const { files, bts, task } = data;
    const one = task === 'check-exact' ? checkOneExact : checkOne;
    parentPort!.postMessage(files.map((f) => one(f, bts)));
  }
}
