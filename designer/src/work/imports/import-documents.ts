import { graphql, type ResultOf } from '../graphql';

/** What an import would do with the file, nothing written. */
export const PREVIEW_IMPORT = graphql(`
  query PreviewImport($input: ImportRecordsInput!) {
    previewImport(input: $input) {
      __typename
      ... on ImportPreview {
        total created skipped errorsLeftOut duplicatesLeftOut
        errors { row pointer message }
        duplicates { row by recordId earlierRow }
      }
      ... on ValidationFailed { message diagnostics { pointer message } }
      ... on Error { message }
    }
  }
`);

/** Runs the import: a file of up to 1,000 rows is done when it answers, a longer one goes on in its job. */
export const IMPORT_RECORDS = graphql(`
  mutation ImportRecords($input: ImportRecordsInput!) {
    importRecords(input: $input) {
      __typename
      ... on Job { id status total processed created skipped errorsLeftOut duplicatesLeftOut errors { row pointer message } duplicates { row by recordId } }
      ... on ValidationFailed { message diagnostics { pointer message } }
      ... on Error { message }
    }
  }
`);

/** The progress of a running import. */
export const IMPORT_JOB = graphql(`
  query ImportJob($id: ID!) {
    job(id: $id) {
      __typename
      ... on Job { id status total processed created skipped errorsLeftOut duplicatesLeftOut errors { row pointer message } duplicates { row by recordId } }
      ... on Error { message }
    }
  }
`);

export type ImportPreviewAnswer = Extract<ResultOf<typeof PREVIEW_IMPORT>['previewImport'], { __typename: 'ImportPreview' }>;
export type ImportJob = Extract<ResultOf<typeof IMPORT_JOB>['job'], { __typename: 'Job' }>;
/** A row error as the api gives it, in a preview or a job. */
export type RowError = ImportPreviewAnswer['errors'][number];
