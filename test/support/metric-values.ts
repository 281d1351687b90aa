import type { Registry } from 'prom-client';

/**
 * The value of one series of a metric in `registry` (0 when the series does not exist yet), read
 * through prom-client's `get()`, which runs the metric's collect(). `suffix` picks a histogram's
 * `_count` or `_sum` series.
 */
export async function metricValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
  suffix?: '_count' | '_sum',
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) throw new Error(`no metric ${name} in the registry`);
  const { values } = await metric.get();
  const wanted = Object.entries(labels);
  const found = values.find(
    (value) =>
      (suffix === undefined || (value as { metricName?: string }).metricName === `${name}${suffix}`) &&
      wanted.every(([key, label]) => String(value.labels[key]) === label),
  );
  return found?.value ?? 0;
}
