import { useCallback } from 'react';
import type { MessageParams } from '../../../domain/problems';
import { render } from '../../../messages';
import { useI18n } from '../i18n/i18n';

export type Text = (code: string, params?: MessageParams) => string;

/** Words from the shared message catalogue (messages/), in the console's language. */
export function useText(): Text {
  const { lang } = useI18n();
  // The same function while the language stays: tables memoise their columns on it.
  return useCallback<Text>((code, params) => render({ code, ...(params ? { params } : {}) }, lang), [lang]);
}
