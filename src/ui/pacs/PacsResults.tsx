import { type PacsSeries, type PacsStudy, usePacsStore } from '../../state/pacsStore';

/** Series that are not images (plans, Segmentations, documents): opened from the case bar, not as a case. */
const NOT_IMAGES = new Set(['SR', 'SEG', 'DOC', 'PR', 'KO']);
const cell = { padding: '3px 10px 3px 0', textAlign: 'left' } as const;
const formatDate = (da: string) =>
  da.length === 8 ? `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6)}` : da;

/** Studies found; a click lists a study's series, and a series can be opened. */
export function PacsResults({
  onListSeries,
  onOpenSeries,
}: {
  onListSeries: (study: PacsStudy) => void;
  onOpenSeries: (study: PacsStudy, series: PacsSeries) => void;
}) {
  const studies = usePacsStore((s) => s.studies);
  const selected = usePacsStore((s) => s.selectedStudyUid);
  const series = usePacsStore((s) => s.series);
  const busy = usePacsStore((s) => s.busy);
  if (studies.length === 0) return null;
  return (
    <div style={{ maxHeight: '50vh', overflow: 'auto' }}>
      <table data-testid="pacs-studies" style={{ width: '100%' }}>
        <thead>
          <tr>
            {['Patient', 'ID', 'Date', 'Description', 'Modalities', 'Images'].map((h) => (
              <th key={h} style={cell}>
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {studies.map((study) => (
            <StudyRows
              key={study.studyInstanceUid}
              study={study}
              expanded={study.studyInstanceUid === selected}
              series={series}
              listing={busy === 'listing-series'}
              onListSeries={onListSeries}
              onOpenSeries={onOpenSeries}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StudyRows(props: {
  study: PacsStudy;
  expanded: boolean;
  series: PacsSeries[];
  listing: boolean;
  onListSeries: (study: PacsStudy) => void;
  onOpenSeries: (study: PacsStudy, series: PacsSeries) => void;
}) {
  const { study } = props;
  return (
    <>
      <tr data-testid="pacs-study" onClick={() => props.onListSeries(study)} style={{ cursor: 'pointer' }}>
        <td style={cell}>{study.patientName || '(no name)'}</td>
        <td style={cell}>{study.patientId}</td>
        <td style={cell}>{formatDate(study.studyDate)}</td>
        <td style={cell}>{study.studyDescription}</td>
        <td style={cell}>{study.modalities.join(', ')}</td>
        <td style={cell}>{study.instanceCount ?? ''}</td>
      </tr>
      {props.expanded && props.listing && (
        <tr>
          <td colSpan={6}>Listing series...</td>
        </tr>
      )}
      {props.expanded &&
        props.series.map((s) => (
          <tr key={s.seriesInstanceUid} data-testid="pacs-series">
            <td colSpan={4} style={{ ...cell, paddingLeft: 24 }}>
              {s.modality} #{s.seriesNumber ?? '-'} {s.seriesDescription || '(no description)'} -{' '}
              {s.instanceCount ?? '?'} images
            </td>
            <td colSpan={2} style={cell}>
              <button
                type="button"
                data-testid="pacs-open-series"
                disabled={NOT_IMAGES.has(s.modality)}
                title={
                  NOT_IMAGES.has(s.modality)
                    ? 'A plan, Segmentation or report: open the CT, then use the case bar'
                    : undefined
                }
                onClick={() => props.onOpenSeries(study, s)}
              >
                Open
              </button>
            </td>
          </tr>
        ))}
    </>
  );
}
