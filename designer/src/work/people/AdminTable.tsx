import type { ReactNode } from 'react';

export type Props = { testId: string; columns: readonly string[]; children: ReactNode };

/** A table of the admin's screens: its column headings, then the rows the caller renders; scrolls sideways when narrow. */
export function AdminTable({ testId, columns, children }: Props) {
  return (
    <div className="admin-table-wrap">
      <table className="admin-table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
