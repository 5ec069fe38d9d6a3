/** First step of `npm test`: stop at once, saying what is missing and where it comes from, when the real data is absent. */
import { missingTestData, TEST_DATA_DIR } from '../testData';

const missing = missingTestData();
if (missing) {
  process.stderr.write(`${missing}\n`);
  process.exitCode = 1;
} else process.stdout.write(`Test data: ${TEST_DATA_DIR}\n`);
