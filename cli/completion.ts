/**
 * The shell completion scripts `tracking-sampler completion bash|zsh|fish` prints, made from the
 * command line's own tables in args.ts (COMMANDS, OPTIONS, ALLOWED): an option added there is
 * completed, for the commands that take it, with nothing to change here. Completed: commands,
 * each command's options, file names where a file is expected (the cohort, --map, --rules,
 * --out…), the words an option takes (--selection), and the rule columns for --by.
 */
import { RULE_COLUMNS } from '../src/rules/columns.js';
import { ALLOWED, COMMANDS, OPTIONS, SHELLS, type Command, type OptionName, type Shell } from './args.js';

/** What each command does, in a few words, for the shells that show it beside the name. */
const COMMAND_DOES: Record<Command, string> = {
  draw: 'draw a sample and its reserves',
  review: 'draw, then swap, pin or drop picks on screen',
  check: 'is the cohort sound, and can it meet the rules',
  odds: "each case's exact chance of being picked",
  rules: 'print the rules file in force',
  completion: 'print a shell completion script',
};

const NAME = 'tracking-sampler';
const OPTION_NAMES = Object.keys(OPTIONS) as OptionName[];

/** The commands whose argument is a file (the cohort), and the one whose argument is a shell. */
const TAKES_FILE = COMMANDS.filter((c) => c !== 'rules' && c !== 'completion');

/** The words an option's value is completed from: null for a file, [] for free text. */
function valueWords(name: OptionName): readonly string[] | null {
  const option = OPTIONS[name];
  if (option.type === 'boolean') return [];
  if (option.value === 'file') return null;
  if (option.value === 'column') return RULE_COLUMNS;
  if (option.value === 'text') return [];
  return option.value;
}

const withValue = OPTION_NAMES.filter((o) => OPTIONS[o].type === 'string');
const fileOptions = withValue.filter((o) => valueWords(o) === null);
const commandOptions = (c: Command) => [...ALLOWED[c], 'help' as const];
const dashed = (names: readonly string[]) => names.map((n) => `--${n}`);

export function completionScript(shell: Shell): string {
  return { bash, zsh, fish }[shell]();
}

function bash(): string {
  const valueCases = withValue
    .filter((o) => valueWords(o) !== null)
    .map((o) => `    --${o}) COMPREPLY=($(compgen -W "${valueWords(o)!.join(' ')}" -- "$cur")); return ;;`);
  const perCommand = COMMANDS.map((c) => `    ${c}) opts="${dashed(commandOptions(c)).join(' ')}" ;;`);
  return `# ${NAME} completion for bash. Load it in this shell with
#   source <(${NAME} completion bash)
# or, for every new shell, save it as ~/.local/share/bash-completion/completions/${NAME}
_tracking_sampler() {
  local cur=\${COMP_WORDS[COMP_CWORD]} prev=\${COMP_WORDS[COMP_CWORD-1]} cmd= opts= i
  # --map=F: bash splits the word at '=', so the option is the word before the '='.
  if [[ $cur == = ]]; then cur=; fi
  if [[ $prev == = ]]; then prev=\${COMP_WORDS[COMP_CWORD-2]}; fi
  for ((i = 1; i < COMP_CWORD; i++)); do
    case \${COMP_WORDS[i]} in
      ${COMMANDS.join('|')}) cmd=\${COMP_WORDS[i]}; break ;;
    esac
  done
  case $prev in
    ${dashed(fileOptions).join('|')})
      compopt -o filenames 2>/dev/null
      COMPREPLY=($(compgen -f -- "$cur"))
      return ;;
${valueCases.join('\n')}
  esac
  if [[ -z $cmd ]]; then
    COMPREPLY=($(compgen -W "${COMMANDS.join(' ')} --help --version" -- "$cur"))
    return
  fi
  case $cmd in
${perCommand.join('\n')}
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  elif [[ $cmd == completion ]]; then
    COMPREPLY=($(compgen -W "${SHELLS.join(' ')}" -- "$cur"))
  elif [[ $cmd != rules ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _tracking_sampler ${NAME}
`;
}

/** zsh's single quotes: a quote inside is closed, escaped and reopened. */
const zq = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function zshSpec(name: OptionName): string {
  const option = OPTIONS[name];
  const repeat = 'multiple' in option && option.multiple ? '*' : '';
  if (option.type === 'boolean') return zq(`${repeat}--${name}`);
  const words = valueWords(name);
  const action = words === null ? '_files' : words.length === 0 ? ' ' : `(${words.join(' ')})`;
  return zq(`${repeat}--${name}=:${name.replace(/-/g, ' ')}:${action}`);
}

function zsh(): string {
  const perCommand = COMMANDS.map((c) => {
    const specs = [...ALLOWED[c].map(zshSpec), zq('--help')];
    if ((TAKES_FILE as readonly string[]).includes(c)) specs.push(zq('1:cohort file:_files'));
    if (c === 'completion') specs.push(zq(`1:shell:(${SHELLS.join(' ')})`));
    return `    ${c})\n      _arguments -s \\\n        ${specs.join(' \\\n        ')} ;;`;
  });
  return `#compdef ${NAME}
# ${NAME} completion for zsh. Load it in this shell with
#   source <(${NAME} completion zsh)
# or, for every new shell, save it as _${NAME} in a folder on $fpath.
_${NAME}() {
  local -a commands
  commands=(
${COMMANDS.map((c) => `    ${zq(`${c}:${COMMAND_DOES[c]}`)}`).join('\n')}
  )
  if (( CURRENT == 2 )); then
    if [[ $words[CURRENT] == -* ]]; then
      compadd -- --help --version
    else
      _describe command commands
    fi
    return
  fi
  local cmd=$words[2]
  shift words
  (( CURRENT-- ))
  case $cmd in
${perCommand.join('\n')}
  esac
}
if [[ $funcstack[1] == _${NAME} ]]; then
  _${NAME} "$@"
else
  compdef _${NAME} ${NAME}
fi
`;
}

/** fish's single quotes: a backslash or a quote inside is escaped. */
const fq = (s: string) => `'${s.replace(/[\\']/g, '\\$&')}'`;

function fish(): string {
  const lines = [
    `# ${NAME} completion for fish. Load it in this shell with`,
    `#   ${NAME} completion fish | source`,
    `# or, for every new shell, save it as ~/.config/fish/completions/${NAME}.fish`,
    `complete -c ${NAME} -f`,
    ...COMMANDS.map((c) => `complete -c ${NAME} -n __fish_use_subcommand -a ${c} -d ${fq(COMMAND_DOES[c])}`),
    `complete -c ${NAME} -n __fish_use_subcommand -l help -s h`,
    `complete -c ${NAME} -n __fish_use_subcommand -l version -s V`,
    `complete -c ${NAME} -n ${fq(`__fish_seen_subcommand_from ${TAKES_FILE.join(' ')}`)} -F`,
    `complete -c ${NAME} -n '__fish_seen_subcommand_from completion' -a ${fq(SHELLS.join(' '))}`,
    `complete -c ${NAME} -n ${fq(`__fish_seen_subcommand_from ${COMMANDS.join(' ')}`)} -l help -s h`,
  ];
  for (const name of OPTION_NAMES) {
    const users = COMMANDS.filter((c) => (ALLOWED[c] as readonly string[]).includes(name));
    if (users.length === 0) continue;
    const option = OPTIONS[name];
    const words = valueWords(name);
    const value = option.type === 'boolean' ? '' : words === null ? ' -r -F' : words.length === 0 ? ' -x' : ` -x -a ${fq(words.join(' '))}`;
    const short = 'short' in option ? ` -s ${option.short}` : '';
    lines.push(`complete -c ${NAME} -n ${fq(`__fish_seen_subcommand_from ${users.join(' ')}`)} -l ${name}${short}${value}`);
  }
  return `${lines.join('\n')}\n`;
}
