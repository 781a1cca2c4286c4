import { strict as assert } from 'node:assert';
import { parseReport } from '../../server/out/service/index';
import { SupportIndex } from '../../server/out/service/support';
import { readSharedReport, sharedReportFiles } from '../helpers/shared';

describe('support of recommendations by findings', function () {
  it('isSupported (the check behind OFS020, which stops at the first match) agrees with supporting on every recommendation of every shared report', function () {
    let checked = 0;
    const differing: string[] = [];
    for (const file of sharedReportFiles()) {
      const report = parseReport(readSharedReport(file));
      const support = new SupportIndex(report.findings);
      for (const recommendation of report.recommendations) {
        checked++;
        // Asked twice, so that the scratch counts left by the first call would show in the second.
        for (let round = 0; round < 2; round++) {
          if (support.isSupported(recommendation) !== support.supporting(recommendation).length > 0) differing.push(`${file}: ${recommendation.text}`);
        }
      }
    }
    assert.deepStrictEqual(differing, []);
    assert.ok(checked > 100, `${checked} recommendations checked`);
  });
});
