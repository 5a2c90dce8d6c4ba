import { useCallback, useRef, useState } from 'react';
import { request } from '../graphql';
import { IMPORT_JOB, IMPORT_RECORDS, type ImportJob, type ImportPreviewAnswer, PREVIEW_IMPORT } from './import-documents';

/** How often a running import's job is read for its progress. */
const PROGRESS_POLL_MS = 500;

/** What the import asks the api: the workflow, its pipeline, and the file with its header mapped to field keys. */
export interface ImportRequest {
  workflowKey: string;
  pipeline: string | null;
  csv: string;
}

/** A refusal of the whole file (its header, a pipeline) or a failure, in the api's words. */
export interface ImportRefusal {
  message: string;
  diagnostics: { pointer: string; message: string }[];
}

/** Where a preview or run stands. */
export type ImportStep<T> = { status: 'idle' } | { status: 'working' } | { status: 'refused'; refusal: ImportRefusal } | { status: 'done'; answer: T };

type Answer = { __typename: string; message?: string; diagnostics?: { pointer: string; message: string }[] };

function refusalOf(answer: Answer): ImportRefusal {
  return { message: answer.message ?? answer.__typename, diagnostics: answer.diagnostics ?? [] };
}

function failure(error: unknown): ImportRefusal {
  return { message: error instanceof Error ? error.message : String(error), diagnostics: [] };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Previews and runs an import: `preview` asks what the api would do (nothing written), `run` imports and follows the
 * job's progress until it ends; `job` is the run's job as last read (processed of total).
 * @example const { preview, run, previewStep, runStep } = useImportRun();
 */
export function useImportRun() {
  const [previewStep, setPreviewStep] = useState<ImportStep<ImportPreviewAnswer>>({ status: 'idle' });
  const [runStep, setRunStep] = useState<ImportStep<ImportJob>>({ status: 'idle' });
  const [job, setJob] = useState<ImportJob | null>(null);
  const running = useRef(false);

  const preview = useCallback(async (input: ImportRequest) => {
    setPreviewStep({ status: 'working' });
    setRunStep({ status: 'idle' });
    setJob(null);
    try {
      const { previewImport } = await request(PREVIEW_IMPORT, { input });
      if (previewImport.__typename === 'ImportPreview') setPreviewStep({ status: 'done', answer: previewImport });
      else setPreviewStep({ status: 'refused', refusal: refusalOf(previewImport) });
    } catch (error) {
      setPreviewStep({ status: 'refused', refusal: failure(error) });
    }
  }, []);

  const run = useCallback(async (input: ImportRequest) => {
    if (running.current) return;
    running.current = true;
    setRunStep({ status: 'working' });
    try {
      const { importRecords } = await request(IMPORT_RECORDS, { input });
      if (importRecords.__typename !== 'Job') {
        setRunStep({ status: 'refused', refusal: refusalOf(importRecords) });
        return;
      }
      let current: ImportJob = importRecords;
      setJob(current);
      while (current.status === 'running') {
        await wait(PROGRESS_POLL_MS);
        const { job: read } = await request(IMPORT_JOB, { id: current.id });
        if (read.__typename !== 'Job') throw new Error(read.message);
        current = read;
        setJob(current);
      }
      setRunStep({ status: 'done', answer: current });
    } catch (error) {
      setRunStep({ status: 'refused', refusal: failure(error) });
    } finally {
      running.current = false;
    }
  }, []);

  const reset = useCallback(() => {
    setPreviewStep({ status: 'idle' });
    setRunStep({ status: 'idle' });
    setJob(null);
  }, []);

  return { preview, run, reset, previewStep, runStep, job };
}
