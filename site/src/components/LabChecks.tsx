// What the grader proves for a lab, read from the lab's grade.test.ts at build time.
import type { ReactNode } from 'react';

export interface LabModule {
  lab: { id: string; slug: string; title: string; minutes?: number; objectives?: string[] };
  checks: Array<{ title: string; points?: number; hint?: string; section?: string }>;
}

export default function LabChecks({ lab }: { lab: LabModule }): ReactNode {
  if (lab.checks.length === 0) {
    return (
      <p className="lab-checks lab-checks--empty">
        The grader for lab {lab.lab.id} is still being written; its checks will be listed here.
      </p>
    );
  }
  const total = lab.checks.reduce((sum, check) => sum + (check.points ?? 0), 0);
  return (
    <table className="lab-checks">
      <thead>
        <tr>
          <th>The grader checks</th>
          <th>Points</th>
          <th>Hint when it fails</th>
        </tr>
      </thead>
      <tbody>
        {lab.checks.map((check) => (
          <tr key={check.title}>
            <td>{check.title}</td>
            <td>{check.points ?? ''}</td>
            <td>{check.hint ?? ''}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td>Total</td>
          <td>{total}</td>
          <td />
        </tr>
      </tfoot>
    </table>
  );
}
