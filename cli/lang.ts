import type { Lang } from '../messages/index';

/**
 * The language the CLI speaks (messages, statements, export headings): `--lang zh|en` when given, else the locale.
 * Decision (issue 14 leaves it open): the first of LC_ALL, LC_MESSAGES and LANG that names a language decides, zh
 * for any Chinese locale (zh_CN.UTF-8, zh_TW…) and en for any other language; a locale that names none (unset, C,
 * POSIX, C.UTF-8, as on servers and in CI) gives Chinese, the language of the people this tool is for.
 */
export function localeLang(env: NodeJS.ProcessEnv = process.env): Lang {
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG'] as const) {
    const value = env[name]?.trim();
    if (!value || /^(c|posix)([._@]|$)/i.test(value)) continue;
    return /^zh/i.test(value) ? 'zh' : 'en';
  }
  return 'zh';
}

let chosen: Lang | undefined;

/** The language of this invocation: the --lang the command was given, else the locale's. */
export function cliLang(): Lang {
  return chosen ?? localeLang();
}

/** Called with the parsed --lang (or undefined) before a command says anything. */
export function useLang(lang: Lang | undefined): void {
  chosen = lang;
}

/** --lang as main.ts sees it before any command parses its options: `--lang en` or `--lang=en`. */
export function langInArgv(argv: readonly string[]): Lang | undefined {
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i] === '--lang' ? argv[i + 1] : argv[i]!.startsWith('--lang=') ? argv[i]!.slice('--lang='.length) : undefined;
    if (value === 'zh' || value === 'en') return value;
  }
  return undefined;
}
