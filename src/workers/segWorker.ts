/// <reference lib="webworker" />
/**
 * The case's no-go Segmentation off the main thread (issue 20: ~1.3 s and 26 MB of voxel runs for the
 * spine analysis's 27 structures on a pancreas CT): the plan's painted regions, the CT's geometry and the
 * analysis's label grid arrive as copies (the page keeps its own), the file goes back transferred.
 */

import { type RpcScope, serveRpc } from '../core/workerRpc';
import {
  type CaseSegmentationFile,
  type CaseSegmentationInput,
  caseSegmentationFile,
  caseSegmentationTransferables,
} from './caseSegmentation';

export type SegRequest = CaseSegmentationInput;
export type SegResult = CaseSegmentationFile | null;

serveRpc<SegRequest, SegResult, never>(
  self as unknown as RpcScope,
  'no-go Segmentation',
  caseSegmentationFile,
  caseSegmentationTransferables,
);
