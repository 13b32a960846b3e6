import { compareDecimals, formatSignedYuan } from '../../format/money';
import { useI18n } from '../../i18n/i18n';

/** A change in yuan, signed, red up and green down as Chinese finance reads them. */
export function Delta({ value, testId }: { value: string; testId?: string }) {
  const { lang } = useI18n();
  const sign = compareDecimals(value, '0');
  return (
    <span className={`amount ${sign > 0 ? 'delta-up' : sign < 0 ? 'delta-down' : ''}`} data-testid={testId}>
      {formatSignedYuan(value, lang)}
    </span>
  );
}
