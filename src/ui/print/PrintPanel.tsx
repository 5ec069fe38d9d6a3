import { createContext, useContext, useEffect, useState } from 'react';
import { transformPoint } from '../../core/mat4';
import { exportFileName, patientForFile } from '../../planning/exportNames';
import type { PrintChoice } from '../../planning/printSetup';
import { useAnalysisStore } from '../../state/analysisStore';
import { usePrintStore } from '../../state/printStore';
import { useStudyStore } from '../../state/studyStore';
import { downloadFile } from '../trainee/trainingIo';

/** What the panel asks of the app (app/printModelJob.ts): start and stop the print job. */
export interface PrintActions {
  make: (choice: PrintChoice, title: string) => string | undefined;
  cancel: () => void;
}

export const PrintActionsContext = createContext<PrintActions | null>(null);

/** The vertebrae offered by default: the lumbar ones found, else all of them. */
function defaultRange(names: string[]): [string, string] {
  const lumbar = names.filter((n) => n.startsWith('L'));
  const run = lumbar.length > 0 ? lumbar : names;
  return [run[0] ?? '', run[run.length - 1] ?? ''];
}

const mm = (x: number) => x.toFixed(1);

/**
 * "3D print" (issue 23): the chosen vertebrae of this patient's spine as a 1:1 solid on a base with
 * registration pits, saved as STL or 3MF; the pits are listed in the print's own frame (base underside
 * z = 0) so they can be checked on the printed part with a caliper.
 */
export function PrintPanel() {
  const actions = useContext(PrintActionsContext);
  const analysis = useAnalysisStore((s) => s.analysis);
  const metadata = useStudyStore((s) => s.volume?.metadata);
  const print = usePrintStore();
  const names = analysis?.found ? analysis.vertebrae.map((v) => v.name) : [];
  const namesKey = names.join(',');
  const [range, setRange] = useState<[string, string]>(() => defaultRange(names));
  const [spacingMm, setSpacingMm] = useState(1);
  const [skinShell, setSkinShell] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the choice when another analysis arrives (names change)
  useEffect(() => setRange(defaultRange(names)), [namesKey]);
  if (!actions) return null;
  if (!analysis?.found)
    return (
      <p className="muted" data-testid="print-needs-analysis">
        A print needs the vertebrae found by the spine analysis.
      </p>
    );
  const patient = patientForFile(metadata);
  const make = () => {
    const title = `Spine ${range[0]}-${range[1]} - ${patient}`;
    setRefusal(
      actions.make({ fromVertebra: range[0], toVertebra: range[1], spacingMm, skinShell }, title) ?? null,
    );
  };
  const save = (format: 'stl' | '3mf' | 'shell') => {
    const bytes = format === 'stl' ? print.stl : format === 'shell' ? print.shellStl : print.threeMf;
    if (!bytes) return;
    const what = format === 'shell' ? 'Skin shell' : 'Spine print';
    const extension = format === 'shell' ? 'stl' : format;
    const name = exportFileName(`${what} ${print.vertebrae ?? ''}`, patient, new Date(), extension);
    downloadFile(name, bytes, format === '3mf' ? 'model/3mf' : 'model/stl');
  };
  const model = print.phase === 'ready' ? print.model : null;
  return (
    <div data-testid="print-panel" className="print-panel">
      <div className="print-choice">
        <label>
          From{' '}
          <select
            data-testid="print-from"
            value={range[0]}
            onChange={(e) => setRange([e.target.value, range[1]])}
          >
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>{' '}
        <label>
          to{' '}
          <select
            data-testid="print-to"
            value={range[1]}
            onChange={(e) => setRange([range[0], e.target.value])}
          >
            {names.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>{' '}
        <label title="Voxel size of the printed solid: finer is smoother and a larger file">
          grid{' '}
          <select
            data-testid="print-grid"
            value={spacingMm}
            onChange={(e) => setSpacingMm(Number(e.target.value))}
          >
            <option value={1}>1 mm</option>
            <option value={0.75}>0.75 mm</option>
          </select>
        </label>{' '}
        <label title="A separate part following the back skin, standing on the base's rim: rehearse the needle through it, lift it off to reach the pits">
          <input
            type="checkbox"
            data-testid="print-skin-shell"
            checked={skinShell}
            onChange={(e) => setSkinShell(e.target.checked)}
          />{' '}
          skin shell
        </label>
      </div>
      <div className="print-actions">
        {print.phase === 'working' ? (
          <>
            <span data-testid="print-progress">
              Making the print model {Math.round(print.progress * 100)} %
            </span>{' '}
            <button type="button" onClick={actions.cancel}>
              Cancel
            </button>
          </>
        ) : (
          <button type="button" data-testid="print-make" onClick={make}>
            Make print model
          </button>
        )}
      </div>
      {refusal && (
        <p className="error" role="alert">
          {refusal}
        </p>
      )}
      {print.phase === 'error' && (
        <p className="error" role="alert">
          {print.error}
        </p>
      )}
      {model && (
        <div data-testid="print-result">
          <p>
            {print.vertebrae}: {model.stats.sizeMm.map((s) => s.toFixed(0)).join(' x ')} mm,{' '}
            {model.stats.triangles.toLocaleString('en')} triangles,{' '}
            {(model.stats.volumeMm3 / 1000).toFixed(0)} cm³ of material
            {model.shell ? ' and a skin shell (a separate part, the second object in the 3MF)' : ''}. Print at
            100 % (millimetres), base down, back up.
          </p>
          {model.warnings.length > 0 && (
            <ul className="warnings">
              {model.warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          )}
          <table className="print-pits" data-testid="print-pits">
            <caption>Registration pits (print frame, mm: x left, y caudal, z up from the base)</caption>
            <thead>
              <tr>
                <th>Pit</th>
                <th>x</th>
                <th>y</th>
                <th>z</th>
              </tr>
            </thead>
            <tbody>
              {model.fiducials.map((f) => {
                const p = transformPoint(model.lpsToPrint, f.positionLps);
                return (
                  <tr key={f.id}>
                    <td>{f.label}</td>
                    <td>{mm(p[0])}</td>
                    <td>{mm(p[1])}</td>
                    <td>{mm(p[2])}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <div className="print-actions">
            <button type="button" data-testid="print-save-stl" onClick={() => save('stl')}>
              Save STL
            </button>{' '}
            <button type="button" data-testid="print-save-3mf" onClick={() => save('3mf')}>
              Save 3MF
            </button>{' '}
            {print.shellStl && (
              <>
                <button type="button" data-testid="print-save-shell" onClick={() => save('shell')}>
                  Save skin shell STL
                </button>{' '}
              </>
            )}
            <label>
              <input
                type="checkbox"
                data-testid="print-show"
                checked={print.showInScene}
                onChange={(e) => print.setShowInScene(e.target.checked)}
              />{' '}
              Show in 3D (hides the CT rendering)
            </label>
          </div>
        </div>
      )}
    </div>
  );
}
