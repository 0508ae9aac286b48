import * as assert from 'node:assert/strict';
import { accuracyColour, accuracyDomain, scalePosition } from '../../../webview/lib/accuracyScale';

describe('the accuracy colour scale (lineage and archive)', () => {
  it('spans the accuracies shown, ignoring unknown ones', () => {
    assert.deepEqual(accuracyDomain([0.8, null, 0.9, Number.NaN, 0.85]), { low: 0.8, high: 0.9 });
    assert.equal(accuracyDomain([null, Number.NaN]), undefined);
  });

  it('runs from red at the lowest to green at the highest, the middle for a single value', () => {
    const domain = { low: 0.8, high: 0.9 };
    assert.equal(accuracyColour(0.8, domain), 'hsl(0, 65%, 42%)');
    assert.equal(accuracyColour(0.9, domain), 'hsl(120, 65%, 42%)');
    assert.equal(accuracyColour(0.85, domain), 'hsl(60, 65%, 42%)');
    assert.equal(scalePosition(0.7, { low: 0.7, high: 0.7 }), 0.5);
    assert.equal(scalePosition(2, domain), 1, 'clamped');
  });
});
