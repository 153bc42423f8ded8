/** From a command line to an exit code: parse, then hand over to the command. */
import { parseCommandLine, type Command, type Invocation } from './args.js';
import { check } from './commands/check.js';
import { completion } from './commands/completion.js';
import { draw } from './commands/draw.js';
import { odds } from './commands/odds.js';
import { review } from './commands/review.js';
import { rules } from './commands/rules.js';
import { EXIT } from './errors.js';
import { SHORT_USAGE, helpText } from './help.js';
import type { Io } from './terminal.js';
import { toolVersion } from './version.js';

const RUN: Record<Command, (inv: Invocation, io: Io) => Promise<number>> = { draw, review, check, odds, rules, completion };

export async function run(argv: readonly string[], io: Io): Promise<number> {
  if (argv.length === 0) {
    io.err(SHORT_USAGE);
    return EXIT.usage;
  }
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') {
    io.out(helpText(parsed.command));
    return EXIT.ok;
  }
  if (parsed.kind === 'version') {
    io.out(`${toolVersion()}\n`);
    return EXIT.ok;
  }
  return RUN[parsed.invocation.command](parsed.invocation, io);
}
