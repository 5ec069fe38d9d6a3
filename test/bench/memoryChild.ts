/**
 * One ingest in a fresh process, for the memory stage: prints peak RSS and what the heap holds with the
 * volume alive. A fresh process per side keeps one side's heap growth from showing up in another's peak.
 * Usage (by stages/memory.ts): node --import tsx test/bench/memoryChild.ts <side> <series dir>
 */
import { seriesOnDisk } from './ingest/readFiles';
import {
  daikonPeer,
  dcmjsPeer,
  dicomParserPlain,
  floorPlan,
  floorSide,
  type IngestSide,
  oursOpen,
} from './ingest/sides';
import { collectGarbage } from './lib/stats';

const [sideName, dir] = process.argv.slice(2);
const series = seriesOnDisk('series', dir!, 'native');
// Ours as the app opens files (openSources on file-backed Blobs: header first, frames into the volume).
const sides: IngestSide[] = [oursOpen, dicomParserPlain, dcmjsPeer, daikonPeer];
const side = sideName === 'floor' ? floorSide(floorPlan(series)) : sides.find((s) => s.name === sideName);
if (!side) throw new Error(`no side "${sideName}"`);
/** ArrayBuffer backing stores are released after the collection, so let a turn pass and collect again. */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};
await settle();
const before = process.memoryUsage();
const made = await side.run(series);
const maxRssBytes = process.resourceUsage().maxRSS * 1024;
await settle();
const after = process.memoryUsage();
console.log(
  JSON.stringify({
    side: side.name,
    baselineRssBytes: before.rss,
    peakRssBytes: maxRssBytes,
    retainedBytes: after.heapUsed + after.arrayBuffers - (before.heapUsed + before.arrayBuffers),
    kept: made !== undefined,
  }),
);
