/**
 * Flag parsing shared by every CLI in scripts/ and bench/: node's util.parseArgs, strict, with
 * `--help`/`-h` printing the usage and a bad flag named on stderr with exit 64 (EX_USAGE, as
 * server/db/exitCodes.ts), so a wrapper script can tell a typo from a failed run.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { EXIT } from '../server/db/exitCodes';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

type WithHelp<T extends ParseArgsConfig> = Omit<T, 'options'> & { options: T['options'] & typeof HELP; strict: true };

/** Prints the message and the usage to stderr and exits 64. */
export function usageError(message: string, usage: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(EXIT.usage);
}

/**
 * Parses process.argv (or `config.args`). Exits 0 after printing `help` (default: `usage`) for
 * --help, and exits 64 naming the flag for an unknown flag, a missing value or a stray argument.
 */
export function parseCli<const T extends ParseArgsConfig>(
  config: T,
  usage: string,
  help = usage,
): ReturnType<typeof parseArgs<WithHelp<T>>> {
  const full = { ...config, options: { ...config.options, ...HELP }, strict: true } as WithHelp<T>;
  let parsed: ReturnType<typeof parseArgs<WithHelp<T>>>;
  try {
    parsed = parseArgs(full);
  } catch (e) {
    // Node's message names the flag first, then advice about positionals that none of these take.
    usageError((e as Error).message.replace(/\. To specify .*$/s, ''), usage);
  }
  if ((parsed.values as { help?: boolean }).help) {
    console.log(help);
    process.exit(EXIT.ok);
  }
  return parsed;
}
