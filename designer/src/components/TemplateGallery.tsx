import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { templates } from '@funnel/schemas';
import { createWorkflowFromTemplate } from '../api/funnel-api';
import { localizedText } from '../model/localized-text';
import { navigate } from '../session/useRoute';
import { ErrorMessage } from './ErrorMessage';
import { TemplateThumbnail } from './TemplateThumbnail';

export type Props = { takenKeys: ReadonlySet<string> };

/** The shipped templates, each drawn small; picking one creates a workflow from it and opens it. */
export function TemplateGallery({ takenKeys }: Props) {
  const { t, i18n } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const pick = async (templateKey: string) => {
    setBusy(templateKey);
    setError(null);
    try {
      let key = templateKey;
      for (let n = 2; takenKeys.has(key); n += 1) key = `${templateKey}_${n}`;
      const workflowKey = await createWorkflowFromTemplate({ template: templateKey, key });
      navigate({ page: 'editor', workflowKey });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(null);
    }
  };

  return (
    <section aria-labelledby="templates-heading" className="template-gallery">
      <h2 id="templates-heading">{t('home.templates')}</h2>
      <ErrorMessage error={error} />
      <ul>
        {templates.map((template) => (
          <li key={template.key}>
            <button
              type="button"
              className="template-card"
              data-testid={`template-${template.key}`}
              disabled={busy !== null}
              onClick={() => void pick(template.key)}
            >
              <TemplateThumbnail definition={template.definition} />
              <strong>{localizedText(template.name, i18n.language)}</strong>
              <span>{localizedText(template.description, i18n.language)}</span>
              <span className="meta">{t('home.stageCount', { count: template.definition.stages.length })}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
