import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One line over time: x in seconds since the epoch, a gap where a value is null. */
export interface TimeSeriesData {
  at: readonly number[];
  values: readonly (number | null)[];
}

export interface TimeChartProps {
  /** What the figure shows, for screen readers (the page writes the figures out as text too). */
  label: string;
  /** The line's name, also the y axis title. */
  series: string;
  data: TimeSeriesData;
  color?: string;
  /** How a y value reads on the axis and in the cursor's readout (`$1.20`, `97%`). */
  formatValue?: (value: number) => string;
  /** A fixed y range (0–100 for a percentage); by default it follows the data. */
  range?: readonly [number, number];
}

const HEIGHT = 180;
const MAX_WIDTH = 900;

/**
 * A small uPlot line chart that fits its box and follows it when the box resizes (a phone turned
 * sideways). Loaded lazily by the pages that show one, so uPlot stays out of the first load.
 */
export default function TimeChart({ label, series, data, color = '#2a7d4f', formatValue, range }: TimeChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | undefined>(undefined);
  const format = useRef(formatValue);
  format.current = formatValue;
  const [low, high] = range ?? [];

  useEffect(() => {
    const box = holder.current;
    if (!box) return;
    const width = () => Math.min(box.clientWidth || 600, MAX_WIDTH);
    const show = (value: number | null) => (value === null ? '–' : (format.current?.(value) ?? String(value)));
    chart.current = new uPlot(
      {
        width: width(),
        height: HEIGHT,
        series: [{}, { label: series, stroke: color, width: 2, spanGaps: false, value: (_chart, value) => show(value) }],
        axes: [{}, { label: series, size: 60, values: (_chart, ticks) => ticks.map(show) }],
        legend: { show: false },
        ...(low !== undefined && high !== undefined ? { scales: { y: { range: [low, high] as uPlot.Range.MinMax } } } : {}),
      },
      [[], []],
      box,
    );
    const resized = typeof ResizeObserver === 'undefined' ? undefined : new ResizeObserver(() => chart.current?.setSize({ width: width(), height: HEIGHT }));
    resized?.observe(box);
    return () => {
      resized?.disconnect();
      chart.current?.destroy();
    };
  }, [series, color, low, high]);

  useEffect(() => {
    chart.current?.setData([[...data.at], [...data.values]] as uPlot.AlignedData);
  }, [data]);

  return <div ref={holder} role="img" aria-label={label} className="time-chart" />;
}
