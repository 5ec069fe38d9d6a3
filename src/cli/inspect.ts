/**
 * `npm run -s inspect -- <path> [--json] [--spine]`: what a folder (or file, or .zip) of DICOM holds and the
 * volumes it makes; `--spine` adds the automatic spine analysis of each CT series (issue 16). Exit code 0
 * when at least one volume formed, 1 otherwise (the reason on stderr).
 */
import { errorMessage } from '../core/errors';
import { buildVolume, scanFiles } from '../dicom/ingest';
import { reasonText } from '../dicom/skipReason';
import type { SkipReason } from '../dicom/types';
import { readTree } from './readTree';
import { formatText, type InspectReport, seriesReport } from './report';
import { analyseForReport } from './spineReport';

/** Parse messages start with the path; the report has a path column already. */
const reasonOf = (s: SkipReason): string => reasonText(s.path, s.message);

export async function inspect(root: string, options: { spine?: boolean } = {}): Promise<InspectReport> {
  const { files, refused, budget } = await readTree(root);
  const scan = scanFiles(files, budget);
  const report: InspectReport = {
    series: [],
    skipped: [...refused, ...scan.nonImages, ...scan.skipped].map((s) => ({
      path: s.path,
      reason: reasonOf(s),
    })),
  };
  for (const candidate of scan.candidates) {
    try {
      const volume = await buildVolume(candidate);
      const series = seriesReport(volume);
      if (options.spine) {
        try {
          series.spine = analyseForReport(volume);
        } catch (thrown) {
          series.spine = {
            found: false,
            lumbarCount: null,
            lastRibLevel: null,
            levels: [],
            warnings: [`spine analysis failed: ${errorMessage(thrown)}`],
          };
        }
      }
      report.series.push(series);
    } catch (thrown) {
      const paths = candidate.instances.map((p) => p.instance.path);
      report.skipped.push({
        path: paths.length === 1 ? paths[0]! : `${paths[0]} (+${paths.length - 1} more)`,
        reason: errorMessage(thrown),
      });
    }
  }
  report.skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return report;
}

async function main(args: readonly string[]): Promise<number> {
  const json = args.includes('--json');
  const spine = args.includes('--spine');
  const paths = args.filter((a) => !a.startsWith('--'));
  if (paths.length !== 1) {
    process.stderr.write('usage: npm run -s inspect -- <folder, file or .zip> [--json] [--spine]\n');
    return 1;
  }
  const report = await inspect(paths[0]!, { spine });
  process.stdout.write(`${json ? JSON.stringify(report) : formatText(report)}\n`);
  if (report.series.length > 0) return 0;
  process.stderr.write(
    report.skipped.length === 0
      ? `no files found under ${paths[0]}\n`
      : `no volume could be formed: ${report.skipped.length} file(s) skipped, see "skipped"\n`,
  );
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
