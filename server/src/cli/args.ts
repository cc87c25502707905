// Command-line arguments: one parser for every subcommand, French usage errors.

export class UsageError extends Error {}

export interface OptionSpec {
  /** Options that take a value (`--format json` or `--format=json`). */
  values?: readonly string[];
  /** Options that are flags (`--force`). */
  flags?: readonly string[];
}

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
  help: boolean;
}

/** Parses argv against a spec; `-` is a positional (standard input), `--` ends the options. */
export function parseArgs(argv: readonly string[], spec: OptionSpec): ParsedArgs {
  const out: ParsedArgs = { positional: [], values: new Map(), flags: new Set(), help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      out.positional.push(...argv.slice(i + 1));
      break;
    }
    if (a === '--help' || a === '-h') {
      out.help = true;
      continue;
    }
    if (!a.startsWith('-') || a === '-') {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    const inline = a.startsWith('--') && eq > 0 ? a.slice(eq + 1) : undefined;
    if (spec.values?.includes(flag)) {
      const v = inline ?? argv[++i];
      if (v === undefined || (v.startsWith('--') && inline === undefined)) throw new UsageError(`l'option ${flag} attend une valeur`);
      out.values.set(flag, v);
    } else if (spec.flags?.includes(flag)) {
      if (inline !== undefined) throw new UsageError(`l'option ${flag} ne prend pas de valeur`);
      out.flags.add(flag);
    } else {
      throw new UsageError(`option inconnue « ${a} »`);
    }
  }
  return out;
}

/** The value of an option restricted to a list of choices. */
export function choice<T extends string>(args: ParsedArgs, flag: string, choices: readonly T[], fallback: T): T {
  const v = args.values.get(flag);
  if (v === undefined) return fallback;
  if (!(choices as readonly string[]).includes(v)) throw new UsageError(`valeur inconnue « ${v} » pour ${flag} (${choices.join(' ou ')})`);
  return v as T;
}
