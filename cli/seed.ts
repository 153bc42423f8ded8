import { randomInt } from 'node:crypto';

/**
 * A fresh seed for a draw the user gave none for: printed with the result (and kept in the
 * audit record) so the draw can be repeated. Made here, at the command line: the library only
 * ever takes seeds, so that nothing inside it draws on chance it was not handed.
 */
export function freshSeed(): string {
  return randomInt(2 ** 32)
    .toString(36)
    .padStart(7, '0');
}
