/** The --help texts: what each command does, its options, what the exit codes mean, an example. */
import { DEFAULT_RESERVES } from '../src/solver/review.js';
import { SIZE_BOUNDS } from '../src/rules/schema.js';
import type { Command } from './args.js';

const READING = `Reading the cohort:
  --map F               a mapping file (JSON) naming local columns and values
  --skip-invalid        leave out invalid rows (each is listed on stderr) instead of stopping
  --allow-identifiers   read a file with identifier-like columns, withholding them
  --sheet NAME          in a workbook (.xlsx, .ods), the sheet to read (default: the first)
  --header-row N        the line (in a workbook, the row) holding the header; rows above are
                        not read (default: a workbook's first row naming case_id)
  --age-on DATE         for a file with dates of birth and no age (with --allow-identifiers):
                        each age in whole years on DATE, YYYY-MM-DD; dfe:YYYY is 31 August
                        YYYY (the census date), dfe the latest 31 August. The dates are then
                        withheld
  --rules F             a rules file (default: the handbook rules; see 'tracking-sampler rules')
  --size N              picks in a sample, overriding the rules file (${SIZE_BOUNDS.min}–${SIZE_BOUNDS.max})
  --quiet, -q           no progress lines on stderr (shown for work over a second)`;

const RELAX = `  --relax               when no sample meets every rule, ease the fewest and least important
                        rules (by priority) as little as needed, say so, and go on`;

const SELECTION = `  --selection uniform|fair
                        uniform (default): every valid sample equally likely; fair: the
                        draw gives every child who can be picked as equal a chance as the
                        rules allow (see 'odds --selection fair')`;

const PICKING = `Picking:
${SELECTION}
  --seed S              the seed; the same seed, cohort and options draw the same sample
                        (default: a fresh seed, always printed)
  --pin ID              a case_id that must be picked (repeatable, or ID,ID)
  --exclude ID          a case_id that must not be picked (repeatable, or ID,ID)
  --exclude-file F      case_ids that must not be picked: one a line, or a CSV with a case_id
                        column (ids not in the cohort are listed, not fatal)
  --reserves N          reserves to list for families who decline (default ${DEFAULT_RESERVES})`;

const EXIT_CODES = `Exit codes: 0 done (a sample exists; with --relax, under the eased rules), 1 no valid
sample exists (with --relax: not even eased), 2 the input or the command line is wrong.`;

const TOOL = `tracking-sampler: draws the tracking-meeting sample for an area SEND inspection, uniformly
at random among every sample that meets the handbook rules, and shows why when none does.
The cohort never leaves this machine.

Usage:
  tracking-sampler draw   <cohort.csv> [options]   draw a sample (and reserves)
  tracking-sampler review <cohort.csv> [options]   draw, then swap, pin or drop picks on screen
  tracking-sampler check  <cohort.csv> [options]   is the file sound, what does it hold, can it
                                                   meet the rules (per group with --by)
  tracking-sampler odds   <cohort.csv> [options]   each case's exact chance of being picked
  tracking-sampler rules  [--rules F]              print the rules file (the handbook defaults)
  tracking-sampler completion bash|zsh|fish        print a shell completion script

The cohort is a CSV (UTF-8), a gzipped CSV (.csv.gz), or an .xlsx or .ods workbook, told
apart by content. '-' as the cohort reads standard input. Run 'tracking-sampler <command> --help' for options.
  --help, -h            help (on a command: that command's help)
  --version, -V         the version

${EXIT_CODES}

Example:
  tracking-sampler draw cohort.csv --seed 2024-11-05 --out sample.csv`;

const HELP: Record<Command, string> = {
  draw: `tracking-sampler draw <cohort.csv> [options]

Draws one sample, uniformly at random among every sample that meets the rules, with the
picks, how each rule is met, reserves for families who decline, the seed and the number of
valid samples. When no sample exists, says which rules conflict and what would help.

${READING}
${RELAX}

${PICKING}

Output:
  --out F.csv           write the sample (picks, then reserves) to F.csv and how it was drawn
                        to F.audit.json; written only when a sample is drawn. F.xlsx writes
                        an Excel workbook instead (open .xlsx in a spreadsheet, give CSV to
                        programs)
  --json                print one JSON object instead of tables
                        (its shape: docs/schema/draw.schema.json)

${EXIT_CODES}

Example:
  tracking-sampler draw cohort.csv --seed 2024-11-05 --pin C0000412 --out sample.csv`,

  review: `tracking-sampler review <cohort.csv> [options]

Draws a sample and opens the review screen: swap, pin or drop picks and see at once whether
the rules still hold; write the sample and its audit record when done. Needs an interactive
terminal (use 'tracking-sampler draw' in scripts).

${READING}
${RELAX}

${PICKING}

Review:
  --out F.csv           where the sample is written (default: sample.csv here)
  --session F           the session file, saved after every change
                        (default: beside --out, as NAME.session.json)
  --resume              carry on with the session in the session file
  --new-session         start afresh over a saved session; the old one is kept beside
                        it as F.<UTC time>.json

${EXIT_CODES}

Example:
  tracking-sampler review cohort.csv --seed 2024-11-05 --out sample.csv`,

  check: `tracking-sampler check <cohort.csv> [options]

Checks a cohort file: its problems (grouped, with examples), what it holds by need area, age
band, setting, service stage and more, what each rule can draw on, and whether it can meet the
rules, with the exact number of valid samples or the reason it cannot.

${READING}
${RELAX}

Checking:
  --by COLUMN           one verdict per value of COLUMN (e.g. la_code, locality), each as if
                        the file held that group alone; exit 0 only if every group can
  --out F.csv           a table: one row per group (or one for the file) with its rows,
                        valid and invalid rows, verdict, valid samples, what it is short
                        of, and each rule's supply; columns named as the JSON's groups.
                        F.xlsx writes the same table as an Excel workbook
  --html F.html         one self-contained page to open or email: the verdict per group
                        (a sortable table, which rules fail where), supply against each
                        rule, need area × age band, SEN status and setting mix
  --json                print one JSON object instead of tables
                        (its shape: docs/schema/check.schema.json)

Invalid rows are listed, grouped by kind; without --skip-invalid they make the check fail
(exit 2) without a verdict and nothing is written. With --by, invalid rows count in their
group, and rows whose COLUMN value is itself invalid in the group (invalid).

${EXIT_CODES}

Example:
  tracking-sampler check areas.csv --by la_code --out areas-report.csv`,

  odds: `tracking-sampler odds <cohort.csv> [options]

Each case's chance of being picked (exact for a uniform draw, the linear program's optimum for
a fair one): by rule value ("a case in
alternative provision: 3.1%"), by groups of cases the rules see alike, and the cases that can
never be picked, with the rules that stop them.

${READING}
${RELAX}

Picking:
${SELECTION}
  --pin ID              a case_id that must be picked (repeatable)
  --exclude ID          a case_id that must not be picked (repeatable)
  --exclude-file F      case_ids that must not be picked: one a line, or a CSV with a case_id
                        column

Output:
  --out F.csv           one row per case with its chance, the exact count of valid samples
                        that hold it, and its chance under uniform selection
  --json                print the summary as one JSON object
                        (its shape: docs/schema/odds.schema.json)

${EXIT_CODES}

Example:
  tracking-sampler odds cohort.csv --out odds.csv`,

  rules: `tracking-sampler rules [--rules F] [--size N] [--json]

Prints the rules file in force as JSON: the handbook defaults, or F as read (with the
descriptions filled in). Save it, edit it, and pass it back with --rules. It is JSON already,
so --json prints the same. Its shape: docs/schema/rules.schema.json.

Example:
  tracking-sampler rules > rules.json`,

  completion: `tracking-sampler completion bash|zsh|fish

Prints a completion script for the shell: <Tab> then completes commands, each command's
options, file names where a file is expected (the cohort, --map, --rules, --out, …), the
words --selection takes and the rule columns for --by.

To load it in this shell:
  bash:  source <(tracking-sampler completion bash)
  zsh:   source <(tracking-sampler completion zsh)
  fish:  tracking-sampler completion fish | source
For every new shell, save it where the shell looks:
  bash:  ~/.local/share/bash-completion/completions/tracking-sampler
  zsh:   _tracking-sampler in a folder on $fpath
  fish:  ~/.config/fish/completions/tracking-sampler.fish

Example:
  tracking-sampler completion bash > ~/.local/share/bash-completion/completions/tracking-sampler`,
};

export function helpText(command: Command | null): string {
  return `${command === null ? TOOL : HELP[command]}\n`;
}

/** What a bare 'tracking-sampler' prints on stderr before exiting 2. */
export const SHORT_USAGE = `usage: tracking-sampler <draw|review|check|odds|rules|completion> [<cohort.csv>] [options]
run 'tracking-sampler --help' for more`;
