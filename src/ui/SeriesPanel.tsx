import { useStudyStore } from '../state/studyStore';
import { useAppActions } from './appActions';
import { FileReasonList } from './FileReasonList';
import { GreyThumbnail } from './GreyThumbnail';

/** Every series found in the opened files; the best one for planning is opened first, any other on a click. */
export function SeriesPanel() {
  const series = useStudyStore((s) => s.series);
  const activeKey = useStudyStore((s) => s.activeSeriesKey);
  const nonImages = useStudyStore((s) => s.nonImages);
  const { openSeries } = useAppActions();
  if (series.length === 0) return null;
  return (
    <div data-testid="series-list">
      <ul className="series-list">
        {series.map((item) => (
          <li key={item.key}>
            <button
              type="button"
              className={`series-item${item.key === activeKey ? ' active' : ''}`}
              disabled={item.unusable !== undefined}
              title={item.unusable ?? 'Open this series'}
              onClick={() => openSeries(item.key)}
              data-testid="series-item"
            >
              {item.thumbnail ? (
                <GreyThumbnail image={item.thumbnail} />
              ) : (
                <span className="thumb placeholder" />
              )}
              <span className="series-text">
                <strong>{item.description || '(no description)'}</strong>
                <span className="series-sub">
                  {item.modality} · {item.sliceCount} images · {item.columns}x{item.rows}
                </span>
                <span className="series-sub">
                  {item.spacingMm.map((s) => s.toFixed(2)).join(' x ')} mm · {item.coverageMm.toFixed(0)} mm ·{' '}
                  {item.orientation}
                </span>
                {item.unusable && <span className="series-sub warn-text">{item.unusable}</span>}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <FileReasonList files={nonImages} label="non-image object(s) / localizer(s)" />
    </div>
  );
}
