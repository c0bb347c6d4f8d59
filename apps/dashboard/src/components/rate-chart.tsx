import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface RateSample {
  /** Seconds since the epoch. */
  at: number;
  rate: number;
}

/**
 * A rate over time in messages per second (uPlot, loaded lazily by the pages that draw one, so it is
 * not in the app's first load). The figure is described in its label; the pages write the current
 * rate out as text beside it.
 */
export default function RateChart({ samples, label = 'Send rate over time, in messages per second' }: { samples: readonly RateSample[]; label?: string }) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);

  useEffect(() => {
    if (!holder.current) return;
    chart.current = new uPlot(
      {
        width: Math.min(holder.current.clientWidth || 600, 900),
        height: 180,
        series: [{}, { label: 'messages/s', stroke: '#2a7d4f', width: 2 }],
        axes: [{}, { label: 'messages/s' }],
        legend: { show: false },
      },
      [[], []],
      holder.current,
    );
    return () => chart.current?.destroy();
  }, []);

  useEffect(() => {
    chart.current?.setData([samples.map((sample) => sample.at), samples.map((sample) => sample.rate)]);
  }, [samples]);

  return <div ref={holder} role="img" aria-label={label} className="rate-chart" />;
}
