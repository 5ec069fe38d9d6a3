import { type CarmRecipe, type CarmView, type PatientPosition, roomAngleLabel } from '../../planning/carm';
import { deg, signedDeg } from './planFormat';

function ViewRow({ name, view, testId }: { name: string; view: CarmView; testId: string }) {
  return (
    <tr data-testid={testId}>
      <th scope="row">{name}</th>
      <td className="num">{view.problem ? '-' : signedDeg(view.obliqueDeg)}</td>
      <td className="num">{signedDeg(view.tiltDeg)}</td>
      <td className="room">{roomAngleLabel(view, view.position)}</td>
      <td className="words">{view.words}</td>
    </tr>
  );
}

export const POSITION_LABELS: Record<PatientPosition, string> = { prone: 'Prone', supine: 'Supine' };

/** Prone / supine buttons for the C-arm recipe (the value lives in the C-arm store). */
export function PositionChoice({
  position,
  onChange,
}: {
  position: PatientPosition;
  onChange: (p: PatientPosition) => void;
}) {
  return (
    <div className="row position-choice" title="Patient position (names the C-arm angles)">
      <span>Patient</span>
      {(['prone', 'supine'] as const).map((p) => (
        <button
          key={p}
          type="button"
          className={p === position ? 'small primary' : 'small'}
          aria-pressed={p === position}
          data-testid={`recipe-position-${p}`}
          onClick={() => onChange(p)}
        >
          {POSITION_LABELS[p]}
        </button>
      ))}
    </div>
  );
}

/** Bull's-eye, progression and lateral views as numbers and words, with the sign convention beside them. */
export function CarmRecipeView({ recipe }: { recipe: CarmRecipe }) {
  const b = recipe.bullsEye;
  return (
    <div className="carm" data-testid="carm-recipe">
      <table className="readout-table">
        <thead>
          <tr>
            <th>View</th>
            <th className="num">Oblique</th>
            <th className="num">Tilt</th>
            <th>C-arm ({recipe.position})</th>
            <th>In words</th>
          </tr>
        </thead>
        <tbody>
          <ViewRow name="Bull's-eye" view={b} testId="carm-bullseye" />
          <ViewRow name="Progression" view={recipe.progression} testId="carm-progression" />
          <ViewRow name="Lateral" view={recipe.lateral} testId="carm-lateral" />
        </tbody>
      </table>
      <p className="fine">
        DICOM positioner angles (bull's-eye): primary {deg(b.dicomPrimaryAngleDeg)}, secondary{' '}
        {deg(b.dicomSecondaryAngleDeg)}. Progression view is {deg(recipe.progression.angleToNeedleDeg, 0)} to
        the needle.
      </p>
      {b.problem && (
        <p className="warn-text" data-testid="carm-bullseye-problem">
          No C-arm can look down this needle: it {b.problem.replace(/^needs/, 'would need')}. Plan a less
          steep path, or guide it on the progression and lateral views.
        </p>
      )}
      {!b.detectorOnHubSide && (
        <p className="warn-text">
          The needle's hub end is under the table for a {recipe.position} patient: the bull's-eye detector is
          on the tip side.
        </p>
      )}
      <p className="fine convention" data-testid="carm-convention">
        {recipe.convention}
      </p>
    </div>
  );
}
