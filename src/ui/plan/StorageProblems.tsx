import { usePlanStore } from '../../state/planStore';

/** Saved plans that could not be read or written (planStore.storageProblems): shown until dismissed. */
export function StorageProblems() {
  const problems = usePlanStore((s) => s.storageProblems);
  const dismiss = usePlanStore((s) => s.dismissStorageProblem);
  if (problems.length === 0) return null;
  return (
    <ul className="storage-problems" data-testid="storage-problems">
      {problems.map((p, i) => (
        <li key={`${p.caseKey}-${p.message}`} role="alert">
          <span>{p.message}</span>
          <button type="button" className="small" onClick={() => dismiss(i)}>
            Dismiss
          </button>
        </li>
      ))}
    </ul>
  );
}
