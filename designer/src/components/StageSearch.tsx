import { useMemo, useState } from 'react';
import { Panel, useReactFlow } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { findStages } from '../model/find-stages';
import { localizedText } from '../model/localized-text';
import { useWorkflowStore } from '../store/useWorkflowStore';

export type Props = Record<string, never>;

/** How many matching stages the list shows. */
const MAX_RESULTS = 8;
/** A stage jumped to is shown at full size (or as large as fits), in this many milliseconds. */
const JUMP_ZOOM = 1;
const JUMP_MS = 200;

/**
 * Find a stage by name on a large canvas: type part of its name (or key), pick it from the list or press Enter
 * for the first; the canvas centres on it at full size and selects it.
 * @example <ReactFlow><StageSearch /></ReactFlow>
 */
export function StageSearch(_props: Props) {
  const { t, i18n } = useTranslation();
  const flow = useReactFlow();
  const stages = useWorkflowStore((state) => state.definition?.stages);
  const select = useWorkflowStore((state) => state.select);
  const [query, setQuery] = useState('');
  const found = useMemo(() => findStages({ stages: stages ?? [], query, locale: i18n.language, limit: MAX_RESULTS }), [stages, query, i18n.language]);
  const jump = (key: string) => {
    select({ kind: 'stage', key });
    void flow.fitView({ nodes: [{ id: key }], maxZoom: JUMP_ZOOM, minZoom: JUMP_ZOOM, duration: JUMP_MS });
    setQuery('');
  };
  return (
    <Panel position="top-left" className="stage-search">
      <input
        type="search"
        value={query}
        placeholder={t('canvas.search')}
        aria-label={t('canvas.search')}
        data-testid="stage-search"
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && found[0]) jump(found[0].key);
          else if (event.key === 'Escape') setQuery('');
        }}
      />
      {query && found.length > 0 ? (
        <ul aria-label={t('canvas.searchResults')}>
          {found.map((stage) => (
            <li key={stage.key}>
              <button type="button" onClick={() => jump(stage.key)} data-testid={`stage-search-${stage.key}`}>
                {localizedText(stage.name, i18n.language)}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {query && found.length === 0 ? <p role="status">{t('canvas.searchNone')}</p> : null}
    </Panel>
  );
}
