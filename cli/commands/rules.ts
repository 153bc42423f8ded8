/** `rules`: the rules file in force, as JSON to save, edit and pass back with --rules. */
import type { Invocation } from '../args.js';
import { EXIT } from '../errors.js';
import { rulesInForce } from '../inputs.js';
import type { Io } from '../terminal.js';

export async function rules(inv: Invocation, io: Io): Promise<number> {
  const { rules } = await rulesInForce(inv);
  io.out(`${JSON.stringify(rules, null, 2)}\n`, 'data');
  return EXIT.ok;
}
