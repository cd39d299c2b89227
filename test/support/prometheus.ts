// parse-prometheus-text-format ships no types: this is its documented result shape.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('parse-prometheus-text-format') as (text: string) => MetricFamily[];

export interface MetricSample {
  readonly labels?: Record<string, string>;
  /** Counters and gauges. */
  readonly value?: string;
  /** Histograms. */
  readonly count?: string;
  readonly sum?: string;
  readonly buckets?: Record<string, string>;
}

export interface MetricFamily {
  readonly name: string;
  readonly help: string;
  readonly type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED';
  readonly metrics: readonly MetricSample[];
}

/** Parses a Prometheus text exposition with an independent parser, by family name. */
export function parsePrometheus(text: string): Map<string, MetricFamily> {
  return new Map(parse(text).map((family) => [family.name, family]));
}
