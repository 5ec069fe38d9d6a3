import type { SkippedFile } from '../state/studyStore';

/** A size-limit refusal (dicom/ingestLimits.ts) starts so: the list opens by itself to show it. */
const isRefusal = (f: SkippedFile) => f.reason.startsWith('refused:');

/**
 * A collapsible list of files with the reason each was set aside (skipped, non-image, localizer, refused by
 * a size limit). Each path is listed once: the reason beside it does not repeat the path (the loader strips
 * it), and an identical path + reason pair given twice shows once. Paths and reasons come from the files
 * and the parser: shown as text only.
 */
export function FileReasonList({
  files,
  label,
  className,
  open,
}: {
  files: readonly SkippedFile[];
  label: string;
  className?: string;
  open?: boolean;
}) {
  if (files.length === 0) return null;
  const seen = new Set<string>();
  const unique = files.filter((f) => {
    const key = `${f.path}\u0000${f.reason}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const refused = unique.filter(isRefusal).length;
  return (
    <details className={className} open={open ?? refused > 0} data-testid="file-reason-list">
      <summary>
        {unique.length} {label}
        {refused > 0 ? ` (${refused} refused by a size limit)` : ''}
      </summary>
      <ul className="skipped-list">
        {unique.map((s, index) => (
          // Paths can repeat with different reasons (an archive and an entry of it): the index keeps keys unique.
          // biome-ignore lint/suspicious/noArrayIndexKey: the list is rebuilt whole, never reordered in place
          <li key={index} data-refused={isRefusal(s) || undefined}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
