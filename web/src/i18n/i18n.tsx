import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { setApiLanguage } from '../api/client';
import { en, zh, type MessageKey } from './dictionary';

export type Lang = 'zh' | 'en';
export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

const STORAGE_KEY = 'skillfund.lang';

export function translator(lang: Lang): Translate {
  const words: Record<MessageKey, string> = lang === 'zh' ? zh : en;
  return (key, params) => words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (params && name in params ? String(params[name]) : whole));
}

interface I18n {
  lang: Lang;
  t: Translate;
  setLang: (lang: Lang) => void;
}

const I18nContext = createContext<I18n>({ lang: 'zh', t: translator('zh'), setLang: () => undefined });

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(() => {
    const stored: Lang = localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
    setApiLanguage(stored);
    return stored;
  });
  const value = useMemo<I18n>(
    () => ({
      lang,
      t: translator(lang),
      setLang: (next) => {
        localStorage.setItem(STORAGE_KEY, next);
        setApiLanguage(next);
        document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
        setLangState(next);
      },
    }),
    [lang],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
