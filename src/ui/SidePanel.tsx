import type { ReactNode } from 'react';
import { useStudyStore } from '../state/studyStore';
import { useTraineeStore } from '../state/traineeStore';
import { FileReasonList } from './FileReasonList';
import { SeriesPanel } from './SeriesPanel';

function Section({ title, testId, children }: { title: string; testId: string; children: ReactNode }) {
  return (
    <section className="panel-section" data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </section>
  );
}

/** What main.tsx composes into the side panel, section by section. */
export interface SidePanelSlots {
  series?: ReactNode;
  plan?: ReactNode;
  measurements?: ReactNode;
  training?: ReactNode;
  print?: ReactNode;
  /** Review and sign-off, case bundles (ui/review). */
  review?: ReactNode;
}

/** Series, plan and measurements. Each section is filled by its feature; slots let main.tsx compose them. */
export function SidePanel({ slots }: { slots: SidePanelSlots }) {
  const volume = useStudyStore((s) => s.volume);
  const skipped = useStudyStore((s) => s.skipped);
  // During a training attempt only the exercise shows: the plan tools would reveal or change the answer.
  const attemptRunning = useTraineeStore((s) => s.attempt !== null);
  // In trainee mode (attempt, debrief) the exercise comes first; otherwise it sits below the planning tools.
  const trainingFirst = useTraineeStore((s) => s.active);
  const training = slots.training && (
    <Section title="Training" testId="panel-training">
      {slots.training}
    </Section>
  );
  if (attemptRunning)
    return (
      <aside className="side-panel" data-testid="side-panel">
        {training}
      </aside>
    );
  return (
    <aside className="side-panel" data-testid="side-panel">
      {trainingFirst && training}
      <Section title="Series" testId="panel-series">
        <SeriesPanel />
        {slots.series ??
          (volume ? (
            <dl className="facts">
              <dt>Description</dt>
              <dd>{volume.metadata.seriesDescription || '-'}</dd>
              <dt>Modality</dt>
              <dd>{volume.metadata.modality}</dd>
              <dt>Voxels</dt>
              <dd>{volume.dims.join(' x ')}</dd>
              <dt>Spacing</dt>
              <dd>{volume.spacingMm.map((s) => s.toFixed(2)).join(' x ')} mm</dd>
            </dl>
          ) : (
            <p className="muted">No series loaded.</p>
          ))}
        {volume && volume.warnings.length > 0 && (
          <ul className="warnings" data-testid="volume-warnings">
            {volume.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <FileReasonList files={skipped} label="file(s) skipped" className="skipped" />
      </Section>
      <Section title="Plan" testId="panel-plan">
        {slots.plan ?? <p className="muted">No trajectories yet.</p>}
      </Section>
      {slots.review && (
        <Section title="Review and sign-off" testId="panel-review">
          {slots.review}
        </Section>
      )}
      <Section title="Measurements" testId="panel-measurements">
        {slots.measurements ?? <p className="muted">No measurements yet.</p>}
      </Section>
      {slots.print && volume && (
        <Section title="3D print" testId="panel-print">
          {slots.print}
        </Section>
      )}
      {!trainingFirst && training}
    </aside>
  );
}
