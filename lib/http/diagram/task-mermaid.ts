import type { StepStatus, TaskView } from '../../interfaces/task-view.interface';

/** Fill and stroke of each step status in the diagram. */
const STATUS_STYLES: Readonly<Record<StepStatus, string>> = {
  pending: 'fill:#f4f4f5,stroke:#71717a,color:#27272a',
  in_progress: 'fill:#dbeafe,stroke:#2563eb,color:#1e3a8a',
  waiting_for_retry: 'fill:#fef3c7,stroke:#d97706,color:#78350f',
  complete: 'fill:#dcfce7,stroke:#16a34a,color:#14532d',
  error: 'fill:#fee2e2,stroke:#dc2626,color:#7f1d1d',
  cancelled: 'fill:#e5e7eb,stroke:#4b5563,color:#1f2937,stroke-dasharray:4 3',
  resolved_manually: 'fill:#ede9fe,stroke:#7c3aed,color:#4c1d95',
};

/** Text safe inside a quoted Mermaid label (Mermaid's entity codes for the characters it parses). */
function label(text: string): string {
  return text.replace(/[#"<>&]/g, (char) => `#${char.charCodeAt(0)};`);
}

/**
 * The task's DAG as a Mermaid flowchart: one node per step (by position, `s0`, `s1`, ...; step
 * names may hold characters Mermaid ids cannot), labelled with its name and status (and attempts
 * once it has run), an edge from each parent to its child, and one `classDef` per step status
 * with each step in the class of its status.
 */
export function taskMermaid(task: TaskView): string {
  const ids = new Map(task.steps.map((step, index) => [step.name, `s${index}`]));
  const lines = ['flowchart TD'];
  for (const step of task.steps) {
    const attempts = step.attempts > 0 ? ` · ${step.attempts}/${step.maxAttempts}` : '';
    lines.push(`  ${ids.get(step.name)}["${label(step.name)}<br/>${step.status}${attempts}"]`);
  }
  for (const step of task.steps) {
    for (const parent of step.dependsOn) {
      const from = ids.get(parent);
      if (from !== undefined) lines.push(`  ${from} --> ${ids.get(step.name)}`);
    }
  }
  for (const [status, style] of Object.entries(STATUS_STYLES)) lines.push(`  classDef ${status} ${style}`);
  const byStatus = new Map<StepStatus, string[]>();
  for (const step of task.steps)
    byStatus.set(step.status, [...(byStatus.get(step.status) ?? []), ids.get(step.name) ?? '']);
  for (const [status, members] of byStatus) lines.push(`  class ${members.join(',')} ${status}`);
  return lines.join('\n');
}
