import { useMemo } from 'react';
import TimeChart from './time-chart';

export interface RateSample {
  /** Seconds since the epoch. */
  at: number;
  rate: number;
}

/**
 * A rate over time in messages per second (loaded lazily by the pages that draw one, so uPlot is not
 * in the app's first load). The pages write the current rate out as text beside it.
 */
export default function RateChart({ samples, label = 'Send rate over time, in messages per second' }: { samples: readonly RateSample[]; label?: string }) {
  const data = useMemo(() => ({ at: samples.map((sample) => sample.at), values: samples.map((sample) => sample.rate) }), [samples]);
  return <TimeChart label={label} series="messages/s" data={data} />;
}
