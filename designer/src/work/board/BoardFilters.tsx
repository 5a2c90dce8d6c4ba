import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportCsvLink } from '../exports/ExportCsvLink';
import { OwnerSourceFilters } from './OwnerSourceFilters';
import type { BoardFilter } from './useBoard';

/**
 * How long typing pauses before the search is sent: a burst of keys (a key held down, a paste typed out) is one
 * search, while each key a person types at their pace (100 ms and more apart) is answered at once (a later answer
 * replaces an earlier one; useBoard drops answers that come late).
 */
const SEARCH_DEBOUNCE_MS = 20;

const SCOPES = ['mine', 'team', 'everyone'] as const;

/**
 * Text typed in a box, and the same text once typing paused: the board searches as the person types without asking
 * the api at every key.
 * @example const [text, setText, settled] = useDebouncedText('');
 */
function useDebouncedText(initial: string): [string, (text: string) => void, string] {
  const [text, setText] = useState(initial);
  const [settled, setSettled] = useState(initial);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return [text, setText, settled];
}

export interface Props {
  filter: BoardFilter;
  onChange: (filter: BoardFilter) => void;
  /** The values of the definition's `source` field (its enum), when it lists them. */
  sources: readonly string[];
  /** The board's workflow and pipeline, for the "Export CSV" link of what it shows. */
  workflowKey: string;
  pipeline: string | null;
}

/**
 * The board's filters, held in the page's state (not the URL): whose records (mine, my team, everyone), one owner and
 * one source (OwnerSourceFilters, as the Exports page has them), and a search box that searches as the person types (sent once typing pauses).
 */
export function BoardFilters({ filter, onChange, sources, workflowKey, pipeline }: Props) {
  const { t } = useTranslation('board');
  const [text, setText, settled] = useDebouncedText(filter.search ?? '');
  // Spaces around the words change nothing (a space typed before the next word is not a new search).
  const searched = settled.trim();
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a settled search changes the filter.
  useEffect(() => {
    if ((filter.search ?? '') !== searched) onChange({ ...filter, search: searched || null });
  }, [searched]);
  const set = (change: Partial<BoardFilter>) => onChange({ ...filter, ...change });

  return (
    <div className="board-filters" role="search" aria-label={t('filters')}>
      <fieldset className="board-scope">
        <legend>{t('scope.label')}</legend>
        {SCOPES.map((scope) => (
          <label key={scope}>
            <input type="radio" name="board-scope" value={scope} checked={(filter.scope ?? 'everyone') === scope} onChange={() => set({ scope })} />
            {t(`scope.${scope}`)}
          </label>
        ))}
      </fieldset>
      <OwnerSourceFilters owner={filter.owner ?? null} source={filter.source ?? null} sources={sources} onChange={set} />
      <label>
        {t('search')}
        <input type="search" value={text} placeholder={t('searchHint')} onChange={(event) => setText(event.target.value)} data-testid="board-search" />
      </label>
      <ExportCsvLink workflowKey={workflowKey} filter={{ ...filter, pipeline }} />
    </div>
  );
}
