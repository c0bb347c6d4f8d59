import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface RateSample {
  /** Seconds since the epoch. */
  at: number;
  rate: number;
}

/**
 * The campaign's send rate over time as the stream reported it (uPlot, loaded with the campaign page
 * only). The figure is described in its label; the current rate is also written out as text beside it.
 */
export default function RateChart({ samples }: { samples: readonly RateSample[] }) {
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

  return <div ref={holder} role="img" aria-label="Send rate over time, in messages per second" className="rate-chart" />;
}
