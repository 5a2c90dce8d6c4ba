import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

export type Props = {
  /** The file chosen or dropped, with its text. */
  onFile: (file: { name: string; text: string }) => void;
  fileName: string | null;
};

/**
 * Where a CSV file is chosen: a file input (keyboard and screen readers) inside a zone a file can be dropped on.
 */
export function ImportFilePicker({ onFile, fileName }: Props) {
  const { t } = useTranslation('imports');
  const id = useId();
  const [over, setOver] = useState(false);
  const take = async (file: File | undefined) => {
    if (file) onFile({ name: file.name, text: await file.text() });
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void take(event.dataTransfer.files[0]);
  };
  return (
    <div
      role="group"
      aria-labelledby={`${id}-label`}
      className={`import-drop${over ? ' over' : ''}`}
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label id={`${id}-label`} htmlFor={id}>
        {t('file.label')}
      </label>
      <input id={id} type="file" accept=".csv,text/csv" onChange={(event) => void take(event.target.files?.[0])} data-testid="import-file" />
      <p className="import-hint">{fileName ? t('file.chosen', { name: fileName }) : t('file.drop')}</p>
    </div>
  );
}
