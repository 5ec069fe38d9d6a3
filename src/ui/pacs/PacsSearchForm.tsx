import type { FormEvent } from 'react';
import { type StudyQuery, usePacsStore } from '../../state/pacsStore';

const FIELDS: { key: keyof StudyQuery; label: string; placeholder?: string; size: number }[] = [
  { key: 'patientName', label: 'Patient name', size: 16 },
  { key: 'patientId', label: 'Patient ID', size: 12 },
  { key: 'dateFrom', label: 'From', placeholder: 'YYYYMMDD', size: 9 },
  { key: 'dateTo', label: 'To', placeholder: 'YYYYMMDD', size: 9 },
  { key: 'modality', label: 'Modality', placeholder: 'CT', size: 4 },
  { key: 'accessionNumber', label: 'Accession', size: 12 },
];

/** QIDO-RS search criteria; Enter or the button searches. */
export function PacsSearchForm({ onSearch }: { onSearch: () => void }) {
  const query = usePacsStore((s) => s.query);
  const setQuery = usePacsStore((s) => s.setQuery);
  const busy = usePacsStore((s) => s.busy);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch();
  };
  return (
    <form onSubmit={submit} style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'end' }}>
      {FIELDS.map((f) => (
        <label key={f.key} style={{ display: 'grid', gap: 2 }}>
          <small>{f.label}</small>
          <input
            data-testid={`pacs-q-${f.key}`}
            size={f.size}
            placeholder={f.placeholder}
            value={String(query[f.key] ?? '')}
            onChange={(e) => setQuery({ [f.key]: e.target.value })}
          />
        </label>
      ))}
      <button type="submit" className="primary" data-testid="pacs-search" disabled={busy !== 'idle'}>
        {busy === 'searching' ? 'Searching...' : 'Search'}
      </button>
    </form>
  );
}
