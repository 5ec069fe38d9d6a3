import { useState } from 'react';
import type { PlanReportSource } from './reportSource';

/**
 * Exports the plan SR, the no-go Segmentation and the report (Encapsulated PDF and plain PDF) as one zip:
 * the objects "Store plan to PACS" sends, for a hospital without a PACS connection. A same-origin Blob URL
 * download: nothing leaves the computer.
 */
export function ExportDicomButton({
  exportDicom,
}: {
  exportDicom: NonNullable<PlanReportSource['exportDicom']>;
}) {
  const [state, setState] = useState<{ busy: boolean; text: string; error: boolean }>({
    busy: false,
    text: '',
    error: false,
  });
  const run = async () => {
    setState({ busy: true, text: '', error: false });
    try {
      const { fileName, bytes, summary } = await exportDicom();
      const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
      setState({ busy: false, text: `Exported ${fileName}: ${summary}.`, error: false });
    } catch (thrown) {
      setState({
        busy: false,
        text: `Export failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
        error: true,
      });
    }
  };
  return (
    <>
      <button
        type="button"
        data-testid="report-export-dicom"
        disabled={state.busy}
        onClick={() => void run()}
        title="The plan (DICOM SR), the no-go structures (DICOM SEG) and this report (PDF, and as DICOM) in one zip"
      >
        {state.busy ? 'Exporting…' : 'Export DICOM (zip)'}
      </button>
      {state.text && (
        <span
          data-testid="report-export-notice"
          className={state.error ? 'error-text report-export-notice' : 'report-status report-export-notice'}
        >
          {state.text}
        </span>
      )}
    </>
  );
}
