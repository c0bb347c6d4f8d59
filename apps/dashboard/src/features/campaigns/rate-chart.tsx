import { useMemo } from 'react';
import TimeChart from '../../components/time-chart';

export interface RateSample {
  /** Seconds since the epoch. */
  at: number;
  rate: number;
}

/**
 * The campaign's send rate over time as the stream reported it (loaded with the campaign page only).
 * The current rate is also written out as text beside it.
 */
export default function RateChart({ samples }: { samples: readonly RateSample[] }) {
  const data = useMemo(() => ({ at: samples.map((sample) => sample.at), values: samples.map((sample) => sample.rate) }), [samples]);
  return <TimeChart label="Send rate over time, in messages per second" series="messages/s" data={data} />;
}
