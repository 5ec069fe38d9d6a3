import { useRef, useState } from 'react';
import { errorMessage } from '../../core/errors';
import { enterPackageCase } from './trainingCase';
import type { TrainingIo } from './trainingIo';

/**
 * The trainee's side: pick a package file; its study opens and the exercise is set. A file that is not a
 * package (random bytes, a plan file, a damaged zip) is refused with its name and the reason, and nothing
 * changes.
 */
export function OpenPackageForm({ io }: { io: TrainingIo }) {
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const open = async (file: File) => {
    setError(null);
    setBusy(file.name);
    try {
      const result = await io.openPackage(file);
      if (!result.ok) setError(`Could not open ${file.name}: ${result.error}`);
      else enterPackageCase();
    } catch (e) {
      setError(`Could not open ${file.name}: ${errorMessage(e)}`);
    } finally {
      setBusy(null);
    }
  };

  return (
    <div className="trainee-form">
      <button
        type="button"
        className="primary small"
        data-testid="trainee-open-package"
        disabled={busy !== null}
        onClick={() => input.current?.click()}
      >
        Open training package...
      </button>
      {busy && <p className="muted">Opening {busy}...</p>}
      {error && (
        <p className="error" data-testid="trainee-open-error" role="alert">
          {error}
        </p>
      )}
      <input
        ref={input}
        type="file"
        hidden
        data-testid="trainee-package-input"
        accept=".zip,application/zip"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
    </div>
  );
}
