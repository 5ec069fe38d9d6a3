/**
 * "Plans without a crash" at every size (issue 20, scale): on a case open in the app, wait for the spine
 * analysis to end, place a trajectory through the crosshair from 80 mm behind it, and check that the plan
 * panel's readouts and the needle-locked slice views appear. What it reports is what a specialist would see:
 * the analysis' own summary line, the readouts' text, and any page error.
 */
import type { Page } from 'playwright-core';

export interface PlanProbe {
  /** The analysis' end state ('done', 'failed', 'cancelled', or 'running' when it did not end in time). */
  analysisStatus: string;
  /** Its one-line summary or its error message. */
  analysisSummary: string;
  /** Seconds from the probe's start until the analysis ended. */
  analysisWaitS: number;
  /** Vertebrae the analysis named. */
  vertebrae: number;
  /** The needle length readout's text (empty when the readouts did not appear). */
  lengthReadout: string;
  /** The first slice view's title after switching to the needle-locked layout ('Needle in-plane A'). */
  needleViewTitle: string;
}

const ANALYSIS_WAIT_MS = 600_000;

export async function probePlanning(page: Page): Promise<PlanProbe> {
  const start = performance.now();
  // A function, not a string: the app's CSP forbids eval, which a polled string needs.
  await page
    .waitForFunction(
      () => {
        const hooks = window as unknown as {
          __spineplan: { analysisStore: { getState: () => { status: string } } };
        };
        const status = hooks.__spineplan.analysisStore.getState().status;
        return status !== 'running' && status !== 'idle';
      },
      undefined,
      { timeout: ANALYSIS_WAIT_MS, polling: 500 },
    )
    .catch((error: unknown) =>
      console.log(`  plan probe: ${error instanceof Error ? error.message.split('\n')[0] : error}`),
    );
  const analysisWaitS = (performance.now() - start) / 1000;
  const analysis = (await page.evaluate(`(() => {
    const a = window.__spineplan.analysisStore.getState();
    return { status: a.status, summary: a.analysis ? a.analysis.summary : (a.error ?? ''),
      vertebrae: a.analysis ? a.analysis.vertebrae.length : 0 };
  })()`)) as { status: string; summary: string; vertebrae: number };
  await page.evaluate(`(() => {
    const s = window.__spineplan;
    const c = s.sliceStore.getState().crosshairLps;
    s.planStore.getState().addTrajectory({ name: 'Scale probe', targetLps: c, entryLps: [c[0], c[1] + 80, c[2]] });
    s.sliceStore.getState().setLayout('needle');
  })()`);
  const length = page.getByTestId('readout-length');
  const lengthReadout = await length
    .first()
    .textContent({ timeout: 60_000 })
    .catch(() => '');
  const needleViewTitle = await page
    .getByTestId('viewport-title-axial')
    .textContent({ timeout: 10_000 })
    .catch(() => '');
  return {
    analysisStatus: analysis.status,
    analysisSummary: analysis.summary,
    analysisWaitS,
    vertebrae: analysis.vertebrae,
    lengthReadout: (lengthReadout ?? '').trim(),
    needleViewTitle: (needleViewTitle ?? '').trim(),
  };
}
