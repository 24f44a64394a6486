import type { FastifyBaseLogger } from 'fastify';
import { request } from 'undici';
import type { PolicyAlert } from '../policy/enforcer.js';

/**
 * Where budget alerts go: always the log, and a webhook when configured
 * (POST, JSON body, five-second timeout). Delivery runs off the request
 * path; a failed delivery is logged, not retried.
 */
export function createAlertNotifier(options: { logger: FastifyBaseLogger; webhookUrl?: string }): (alert: PolicyAlert) => void {
  return (alert) => {
    options.logger.warn({ alert }, `budget alert: key ${alert.keyId} used ${alert.thresholdPercent} % of its ${alert.metric} limit`);
    const url = options.webhookUrl;
    if (url === undefined) return;
    const body = JSON.stringify({ type: 'budget.threshold', ...alert, periodStart: new Date(alert.periodStart).toISOString(), at: new Date(alert.at).toISOString() });
    request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, headersTimeout: 5000, bodyTimeout: 5000 })
      .then((response) => response.body.dump())
      .catch((error: unknown) => options.logger.error({ err: error, url }, 'budget alert webhook failed'));
  };
}
