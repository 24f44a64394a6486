import { ConfigError } from '../config/load.js';
import { GatewayError } from '../core/errors.js';
import * as service from '../server/admin/service.js';
import { setAdminPassword } from '../server/admin/session.js';

/**
 * The admin commands of the CLI: each one is the same service call the
 * admin API makes (validation, reference checks, state announcement), so a
 * running gateway picks the change up within a second.
 */
export interface CliFlags {
  json?: boolean;
  name?: string;
  group?: string;
  plan?: string;
  'default-model'?: string;
  allow?: string[];
  'system-prompt'?: string;
  tag?: string[];
  expires?: string;
  'spend-usd'?: string;
  tokens?: string;
  rpm?: string;
  tpm?: string;
  concurrency?: string;
  'per-hour'?: string;
  'per-day'?: string;
  'max-input'?: string;
  'max-output'?: string;
  period?: string;
  'alert-percent'?: string;
  soft?: boolean;
  'default-plan'?: string;
  id?: string;
  'base-url'?: string;
  protocol?: string;
  model?: string[];
  'api-key'?: string;
  by?: string;
  key?: string;
  since?: string;
  password?: string;
}

type Print = (text: string) => void;

function number(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) throw new ConfigError(`--${flag} must be a number, not "${value}"`);
  return parsed;
}

function required(value: string | undefined, what: string): string {
  if (value === undefined || value === '') throw new ConfigError(`missing ${what}`);
  return value;
}

function defined<T extends Record<string, unknown>>(object: T): Partial<T> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as Partial<T>;
}

function keySettings(flags: CliFlags): Record<string, unknown> {
  return defined({
    name: flags.name,
    groupId: flags.group,
    planId: flags.plan,
    defaultModel: flags['default-model'],
    allowedModels: flags.allow,
    systemPrompt: flags['system-prompt'],
    tags: flags.tag,
    expiresAt: flags.expires,
  });
}

function table(print: Print, rows: Array<Array<string | number>>): void {
  for (const row of rows) print(row.join('\t'));
}

const usd = (micros: number | null): string => (micros === null ? '-' : `$${(micros / 1_000_000).toFixed(2)}`);

export async function runAdminCommand(options: { context: service.AdminContext; command: string; action: string | undefined; target: string | undefined; flags: CliFlags; print: Print }): Promise<void> {
  const { context, command, action, target, flags, print } = options;
  const show = (value: unknown, human: () => void): void => (flags.json === true ? print(JSON.stringify(value, null, 2)) : human());
  try {
    switch (`${command} ${action ?? ''}`) {
      case 'keys create': {
        const created = await service.createKey(context, keySettings(flags));
        show(created, () => print(`Created key ${created.key.id} (${created.key.name}). It is shown once; store it now:\n${created.secret}`));
        return;
      }
      case 'keys list': {
        const keys = await service.listKeys(context);
        show(keys, () =>
          table(print, keys.map((key) => [key.id, key.name, `${key.prefix}…`, key.enabled ? 'enabled' : 'disabled', key.groupId ?? '-', key.planId ?? '-', key.expiresAt === null ? '-' : new Date(key.expiresAt).toISOString()])),
        );
        return;
      }
      case 'keys update': {
        const key = await service.updateKey(context, required(target, 'key id'), keySettings(flags));
        show(key, () => print(`Updated key ${key.id}`));
        return;
      }
      case 'keys disable':
      case 'keys enable': {
        const key = await service.updateKey(context, required(target, 'key id'), { enabled: action === 'enable' });
        show(key, () => print(`Key ${key.id} is now ${key.enabled ? 'enabled' : 'disabled'}`));
        return;
      }
      case 'keys rotate': {
        const rotated = await service.rotateKey(context, required(target, 'key id'));
        show(rotated, () => print(`Rotated key ${rotated.key.id}; the old secret no longer works. New secret (shown once):\n${rotated.secret}`));
        return;
      }
      case 'keys delete':
        await service.deleteKey(context, required(target, 'key id'));
        print(`Deleted key ${target ?? ''}`);
        return;
      case 'plans create': {
        const plan = await service.createPlan(
          context,
          defined({
            name: required(flags.name, '--name'),
            spendLimitUsd: number(flags['spend-usd'], 'spend-usd'),
            tokenLimit: number(flags.tokens, 'tokens'),
            rpm: number(flags.rpm, 'rpm'),
            tpm: number(flags.tpm, 'tpm'),
            concurrency: number(flags.concurrency, 'concurrency'),
            requestsPerHour: number(flags['per-hour'], 'per-hour'),
            requestsPerDay: number(flags['per-day'], 'per-day'),
            maxInputTokens: number(flags['max-input'], 'max-input'),
            maxOutputTokens: number(flags['max-output'], 'max-output'),
            resetPeriod: flags.period,
            allowedModels: flags.allow,
            alertThresholdPercent: number(flags['alert-percent'], 'alert-percent'),
            hardCutoff: flags.soft === true ? false : undefined,
          }),
        );
        show(plan, () => print(`Created plan ${plan.id} (${plan.name})`));
        return;
      }
      case 'plans list': {
        const plans = await service.listPlanViews(context);
        show(plans, () =>
          table(print, plans.map((plan) => [plan.id, plan.name, usd(plan.spendLimitMicros), plan.resetPeriod, `rpm ${plan.rpm ?? '-'}`, `tpm ${plan.tpm ?? '-'}`, `concurrency ${plan.concurrency ?? '-'}`, plan.hardCutoff ? 'hard' : 'soft'])),
        );
        return;
      }
      case 'plans delete':
        await service.removePlan(context, required(target, 'plan id'));
        print(`Deleted plan ${target ?? ''}`);
        return;
      case 'groups create': {
        const group = await service.putGroup(context, defined({ id: required(target ?? flags.id, 'group id'), name: flags.name, defaultPlanId: flags['default-plan'] }));
        show(group, () => print(`Saved group ${group.id}`));
        return;
      }
      case 'groups list': {
        const groups = await service.listGroupViews(context);
        show(groups, () => table(print, groups.map((group) => [group.id, group.name, group.defaultPlanId ?? '-'])));
        return;
      }
      case 'providers add': {
        const id = required(target ?? flags.id, 'provider id');
        const provider = await service.putProvider(context, defined({ id, baseUrl: required(flags['base-url'], '--base-url'), protocol: flags.protocol, models: flags.model, groupId: flags.group, name: flags.name }));
        if (flags['api-key'] !== undefined) await service.addProviderCredential(context, id, defined({ secret: flags['api-key'], groupId: flags.group }));
        const view = await service.getProviderView(context, provider.id);
        show(view, () => print(`Saved provider ${view.id} (${view.protocol}, ${view.baseUrl}) with ${view.credentials.length} credential(s)`));
        return;
      }
      case 'providers list': {
        const providers = await service.listProviderViews(context);
        show(providers, () =>
          table(print, providers.map((provider) => [provider.id, provider.protocol, provider.baseUrl, provider.models.join(','), provider.groupId ?? '-', provider.credentials.map((credential) => credential.hint).join(',') || '-'])),
        );
        return;
      }
      case 'usage ':
      case 'usage summary': {
        const since = flags.since === undefined ? undefined : Date.parse(flags.since);
        if (since !== undefined && Number.isNaN(since)) throw new ConfigError(`--since must be a date, not "${flags.since ?? ''}"`);
        const rows = await service.queryAggregates(context, defined({ by: flags.by ?? 'day', keyId: flags.key, from: since === undefined ? undefined : String(since) }));
        show(rows, () => {
          print(['bucket', 'requests', 'errors', 'input', 'output', 'cost'].join('\t'));
          table(print, rows.map((row) => [row.bucket || '(none)', row.requests, row.errors, row.inputTokens, row.outputTokens, usd(row.costMicros)]));
        });
        return;
      }
      case 'admin password': {
        await setAdminPassword(context.db, service.parseInput((await import('../server/admin/schemas.js')).passwordSchema, { password: required(flags.password, '--password') }).password);
        print('Dashboard password set; existing sessions are signed out.');
        return;
      }
      default:
        throw new ConfigError(`unknown command "${command} ${action ?? ''}". Run switchyard --help.`);
    }
  } catch (error) {
    // Validation and not-found errors read the same as from the admin API.
    if (error instanceof GatewayError) throw new ConfigError(error.message);
    throw error;
  }
}
