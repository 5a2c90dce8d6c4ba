import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Props = { label: string; secret: string; testId: string };

/**
 * A secret the api shows once (a key's token, an endpoint's signing secret), with a copy button; a live region
 * says it appeared and that it was copied.
 */
export function SecretOnce({ label, secret, testId }: Props) {
  const { t } = useTranslation('apps');
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(secret);
    setCopied(true);
  };
  return (
    <div className="secret-once" role="status" data-testid={testId}>
      <p>{label}</p>
      <code className="secret" data-testid={`${testId}-value`}>
        {secret}
      </code>
      <button type="button" onClick={() => void copy()} data-testid={`${testId}-copy`}>
        {t('copy')}
      </button>
      {copied && <span className="copied">{t('copied')}</span>}
    </div>
  );
}
