// The progress notification is updated at most once per interval, and always for the last item.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReportThrottle } from '../../../src/extension/jobs/reportThrottle';

test('one update per interval, the first at once and the last always', () => {
  let now = 1000;
  const throttle = new ReportThrottle(250, () => now);
  assert.equal(throttle.shouldShow(1, 3600), true, 'the first update');
  now += 10;
  assert.equal(throttle.shouldShow(2, 3600), false);
  now += 200;
  assert.equal(throttle.shouldShow(40, 3600), false);
  now += 40;
  assert.equal(throttle.shouldShow(48, 3600), true, '250 ms after the last shown');
  now += 1;
  assert.equal(throttle.shouldShow(3600, 3600), true, 'the total is always shown');
  now += 1;
  assert.equal(throttle.shouldShow(3599, 3600), false, 'and counts as shown');
});

test('a burst of 3600 updates in one second is shown about four times', () => {
  let now = 0;
  const throttle = new ReportThrottle(250, () => now);
  let shown = 0;
  for (let item = 1; item <= 3600; item++) {
    now = (item / 3600) * 1000;
    if (throttle.shouldShow(item, 3600)) shown++;
  }
  assert.ok(shown >= 4 && shown <= 6, `shown ${shown} times`);
});
