import { DataSource } from 'typeorm';
import { MAX_OPERATION_NAMES, MetricsService } from './metrics.service';

const pool = { totalCount: 3, idleCount: 2, waitingCount: 1, options: { max: 10 } };
const service = () => new MetricsService({ driver: { master: pool } } as unknown as DataSource);

async function values(m: MetricsService, name: string): Promise<{ labels: Record<string, string | number>; value: number }[]> {
  return (await m.registry.getSingleMetric(name)!.get()).values as { labels: Record<string, string | number>; value: number }[];
}

describe('MetricsService', () => {
  it('keeps at most MAX_OPERATION_NAMES operation names as labels; later and malformed names are "other"', async () => {
    const m = service();
    for (let i = 0; i < MAX_OPERATION_NAMES + 5; i++) m.observeOperation(`Op${i}`, 'query', true, 0.01);
    m.observeOperation('Op0', 'query', true, 0.01);
    m.observeOperation('not a name', 'query', true, 0.01);
    m.observeOperation(null, 'mutation', false, 0.01);
    m.observeOperation('Op1', 'bogus', true, 0.01);
    const counts = (await values(m, 'asgm_graphql_operation_duration_seconds')).filter((v) => (v as { metricName?: string }).metricName?.endsWith('_count'));
    const names = new Set(counts.map((v) => v.labels.operation));
    expect(names.size).toBe(MAX_OPERATION_NAMES + 2); // the kept names, "other" and "anonymous"
    expect(counts.find((v) => v.labels.operation === 'other')!.value).toBe(6);
    expect(counts.find((v) => v.labels.operation === 'Op0')!.value).toBe(2);
    expect(counts.find((v) => v.labels.operation === 'anonymous' && v.labels.outcome === 'error')!.labels.type).toBe('mutation');
    expect(counts.find((v) => v.labels.operation === 'Op1' && v.labels.type === 'unknown')).toBeDefined();
    m.onModuleDestroy();
  });

  it('reads the pool and the socket server when scraped', async () => {
    const m = service();
    m.observeSockets({ of: () => ({ sockets: { size: 7 } }) });
    const text = (await m.scrape()).body;
    expect(text).toContain('asgm_db_pool_connections 3');
    expect(text).toContain('asgm_db_pool_idle_connections 2');
    expect(text).toContain('asgm_db_pool_waiting_requests 1');
    expect(text).toContain('asgm_db_pool_max_connections 10');
    expect(text).toContain('asgm_socketio_connected_sockets 7');
    m.onModuleDestroy();
  });

  it('counts after-commit work in flight and observes its lag once finished', async () => {
    const m = service();
    const done = m.afterCommitStarted();
    expect((await values(m, 'asgm_outbox_publish_pending'))[0].value).toBe(1);
    done();
    expect((await values(m, 'asgm_outbox_publish_pending'))[0].value).toBe(0);
    expect((await m.scrape()).body).toContain('asgm_outbox_publish_lag_seconds_count 1');
    m.onModuleDestroy();
  });
});
