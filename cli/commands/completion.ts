/** `completion bash|zsh|fish`: the shell's completion script, on stdout to source or save. */
import type { Invocation } from '../args.js';
import { completionScript } from '../completion.js';
import { EXIT } from '../errors.js';
import type { Io } from '../terminal.js';

export async function completion(inv: Invocation, io: Io): Promise<number> {
  io.out(completionScript(inv.shell!));
  return EXIT.ok;
}
