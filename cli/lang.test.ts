import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import packageJson from '../package.json';
import { langInArgv, localeLang } from './lang';

describe('the CLI language', () => {
  it('follows the locale: Chinese for a Chinese one, English for another language, Chinese when none is named', () => {
    expect(localeLang({ LANG: 'zh_CN.UTF-8' })).toBe('zh');
    expect(localeLang({ LANG: 'zh_TW.Big5' })).toBe('zh');
    expect(localeLang({ LANG: 'en_US.UTF-8' })).toBe('en');
    expect(localeLang({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(localeLang({ LC_ALL: 'en_GB.UTF-8', LANG: 'zh_CN.UTF-8' })).toBe('en');
    expect(localeLang({ LC_ALL: 'C.UTF-8', LANG: 'en_US.UTF-8' })).toBe('en');
    for (const nothing of [{}, { LANG: 'C' }, { LANG: 'C.UTF-8' }, { LANG: 'POSIX' }, { LANG: '' }]) expect(localeLang(nothing)).toBe('zh');
  });

  it('takes --lang from anywhere in the arguments, in either spelling', () => {
    expect(langInArgv(['allocate', '--rules', 'r.json', '--lang', 'en'])).toBe('en');
    expect(langInArgv(['--lang=zh', 'explain'])).toBe('zh');
    expect(langInArgv(['--lang', 'fr'])).toBeUndefined();
  });

  it('prints its version, and its usage in the chosen language', () => {
    const cli = (env: NodeJS.ProcessEnv, ...argv: string[]) => spawnSync(process.execPath, ['bin/skillfund.mjs', ...argv], { encoding: 'utf8', env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', ...env } });
    expect(cli({ LANG: 'C.UTF-8' }, '--version').stdout.trim()).toMatch(new RegExp(`^skillfund ${packageJson.version.replace(/\./g, '\\.')}（计算引擎 skillfund-engine/`));
    expect(cli({ LANG: 'en_US.UTF-8' }, '--version').stdout.trim()).toMatch(new RegExp(`^skillfund ${packageJson.version.replace(/\./g, '\\.')} \\(engine `));
    expect(cli({ LANG: 'zh_CN.UTF-8' }, '--help').stdout).toContain('测算各校拨款');
    expect(cli({ LANG: 'zh_CN.UTF-8' }, '--lang', 'en', '--help').stdout).toContain('compute every school’s allocation');
  });
});
