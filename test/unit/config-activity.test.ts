// The `activity` section of latchkey.yml: optional, an event data store ARN or id, a delay of 15 minutes
// unless said; anything else refused at its path.

import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { readmeConfigWith } from '../support/config.js';

const EDS = 'arn:aws:cloudtrail:eu-west-1:111111111111:eventdatastore/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';
const withActivity = (activity: unknown) =>
  readmeConfigWith((doc) => {
    doc.activity = activity;
  });

describe('config: activity', () => {
  it('is off when absent', () => {
    expect(parseConfig(readmeConfigWith(() => undefined)).activity).toBeUndefined();
  });

  it('takes an event data store ARN or id, with a 15-minute delay by default', () => {
    expect(parseConfig(withActivity({ eventDataStore: EDS })).activity).toEqual({
      eventDataStore: EDS,
      delay: 900,
    });
    expect(parseConfig(withActivity({ eventDataStore: 'a1b2c3d4-5678', delay: '30s' })).activity).toEqual({
      eventDataStore: 'a1b2c3d4-5678',
      delay: 30,
    });
  });

  it.each([
    [{ eventDataStore: "x'; DROP" }, 'activity.eventDataStore'],
    [{ eventDataStore: 'arn:aws:s3:::bucket' }, 'activity.eventDataStore'],
    [{ eventDataStore: EDS, delay: 'soon' }, 'activity.delay'],
    [{ eventDataStore: EDS, lag: '1m' }, 'activity'],
    [{ delay: '1m' }, 'activity.eventDataStore'],
  ])('refuses %j at %s', (activity, path) => {
    expect(() => parseConfig(withActivity(activity))).toThrow(path);
  });
});
