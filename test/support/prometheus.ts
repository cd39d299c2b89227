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

/**
 * The series of a labelled histogram: the parser folds every series of a histogram into one
 * (it supports unlabelled histograms only), so its `_count` and `_sum` samples are read as the
 * plain samples they also are, one per label set.
 */
export function histogramSeries(
  text: string,
  name: string,
): { labels: Record<string, string>; count: number; sum: number }[] {
  const plain = text
    .split('\n')
    .filter((line) => !line.startsWith(`# TYPE ${name} `) && !line.startsWith(`# HELP ${name} `))
    .join('\n');
  // Series follow each other, so each `_count` (and `_sum`) sample comes as a family of its own.
  const samples = (suffix: string) =>
    parse(plain)
      .filter((f) => f.name === `${name}${suffix}`)
      .flatMap((f) => f.metrics);
  const key = (labels: Record<string, string> | undefined) => JSON.stringify(labels ?? {});
  const sums = new Map(samples('_sum').map((m) => [key(m.labels), Number(m.value)]));
  return samples('_count').map((m) => ({
    labels: m.labels ?? {},
    count: Number(m.value),
    sum: sums.get(key(m.labels)) ?? NaN,
  }));
}
