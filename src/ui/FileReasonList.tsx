import type { SkippedFile } from '../state/studyStore';

/**
 * A collapsible list of files with the reason each was set aside (skipped, non-image, localizer). Paths and
 * reasons come from the files and the parser: shown as text only.
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
  return (
    <details className={className} open={open}>
      <summary>
        {files.length} {label}
      </summary>
      <ul className="skipped-list">
        {files.map((s) => (
          <li key={s.path}>
            <code>{s.path}</code>: {s.reason}
          </li>
        ))}
      </ul>
    </details>
  );
}
