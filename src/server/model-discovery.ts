import { listProviderModels } from '../providers/discovery/list-models.js';
import type { StateHolder } from './state.js';

/**
 * Model discovery: fetch providers' model lists on demand (refresh) and on
 * a schedule, and merge them into the in-memory snapshot, so a model a
 * provider starts serving is routable without a restart. A provider that
 * fails to answer keeps the models it had.
 */
export interface DiscoveryResult {
  provider: string;
  models?: string[];
  error?: string;
}

export interface ModelDiscovery {
  /** One provider, or every enabled provider that can list its models. */
  refresh(providerId?: string): Promise<DiscoveryResult[]>;
  close(): void;
}

export function createModelDiscovery(options: { state: StateHolder; intervalMs: number; onError?(result: DiscoveryResult): void }): ModelDiscovery {
  const refresh = async (providerId?: string): Promise<DiscoveryResult[]> => {
    const providers = [...options.state.current().providers.values()].filter(
      (provider) => (providerId === undefined ? provider.enabled : provider.id === providerId) && (provider.discovery ?? 'none') !== 'none',
    );
    return Promise.all(
      providers.map(async (provider): Promise<DiscoveryResult> => {
        try {
          const models = await listProviderModels(provider);
          options.state.setDiscoveredModels(provider.id, models);
          return { provider: provider.id, models };
        } catch (error) {
          const result = { provider: provider.id, error: (error as Error).message };
          options.onError?.(result);
          return result;
        }
      }),
    );
  };
  let running: Promise<unknown> | undefined;
  // The first scheduled run waits one interval: a start never blocks on, or fails for, a provider's listing.
  const timer =
    options.intervalMs > 0
      ? setInterval(() => {
          running ??= refresh().finally(() => {
            running = undefined;
          });
        }, options.intervalMs)
      : undefined;
  timer?.unref();
  return {
    refresh,
    close: () => clearInterval(timer),
  };
}
