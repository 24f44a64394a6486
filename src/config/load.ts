import { readFileSync, existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.js';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /** Path of a YAML file; default SWITCHYARD_CONFIG, then ./switchyard.yaml if it exists. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Values that win over file and environment (tests, CLI flags). */
  overrides?: Record<string, unknown>;
}

export interface LoadedConfig extends Config {
  dataDir: string;
  /** The file the configuration came from, if any. */
  source?: string;
}

const envPrefix = 'SWITCHYARD_';
/** Environment variables with the prefix that are not configuration keys. */
const envNotConfig = new Set(['SWITCHYARD_CONFIG']);

function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

/** A scalar from the environment: YAML rules, so "8080" is a number and "true" a boolean. */
function parseEnvValue(raw: string): unknown {
  try {
    return parseYaml(raw) as unknown;
  } catch {
    return raw;
  }
}

/**
 * SWITCHYARD_PORT=9000 sets `port`; nested keys use a double underscore
 * (SWITCHYARD_ALIASES__FAST=openai/gpt-4o-mini sets aliases.fast).
 */
function configFromEnv(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(envPrefix) || envNotConfig.has(name) || raw === undefined) continue;
    const path = name.slice(envPrefix.length).split('__');
    let target = result;
    path.forEach((segment, position) => {
      // Record keys (alias names) keep their spelling; object keys become camelCase.
      const key = position === 0 ? camelCase(segment) : segment.toLowerCase();
      if (position === path.length - 1) {
        target[key] = key === 'adminToken' || key === 'masterKey' ? raw : parseEnvValue(raw);
      } else {
        const next = (target[key] as Record<string, unknown> | undefined) ?? {};
        target[key] = next;
        target = next;
      }
    });
  }
  return result;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = result[key];
    result[key] = isPlainObject(current) && isPlainObject(value) ? merge(current, value) : value;
  }
  return result;
}

function describeIssues(error: z.ZodError, fromEnv: Set<string>): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys
          .map((key) => {
            const full = path ? `${path}.${key}` : key;
            const hint = fromEnv.has(key) ? ` (from environment variable ${envPrefix}${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()})` : '';
            return `unknown configuration key "${full}"${hint}`;
          })
          .join('; ');
      }
      return `${path || '(root)'}: ${issue.message}`;
    })
    .join('; ');
}

export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.HOME ?? homedir(), '.switchyard');
}

export function loadConfig(options: LoadConfigOptions = {}): LoadedConfig {
  const env = options.env ?? process.env;
  let file = options.file ?? (env.SWITCHYARD_CONFIG === '' ? undefined : env.SWITCHYARD_CONFIG);
  if (file === undefined && existsSync('switchyard.yaml')) file = 'switchyard.yaml';
  let fromFile: Record<string, unknown> = {};
  if (file !== undefined) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new ConfigError(`cannot read configuration file ${file}: ${(error as Error).message}`);
    }
    let parsed: unknown;
    try {
      parsed = parseYaml(text);
    } catch (error) {
      throw new ConfigError(`configuration file ${file} is not valid YAML: ${(error as Error).message}`);
    }
    if (parsed !== null && parsed !== undefined && !isPlainObject(parsed)) {
      throw new ConfigError(`configuration file ${file} must hold a mapping of keys to values`);
    }
    fromFile = (parsed as Record<string, unknown> | null) ?? {};
  }
  const fromEnv = configFromEnv(env);
  const merged = merge(merge(fromFile, fromEnv), options.overrides ?? {});
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const where = file === undefined ? '' : ` (file ${file})`;
    throw new ConfigError(`invalid configuration${where}: ${describeIssues(result.error, new Set(Object.keys(fromEnv)))}`);
  }
  const config = result.data;
  const dataDir = resolve(config.dataDir ?? defaultDataDir(env));
  return { ...config, dataDir, ...(file === undefined ? {} : { source: resolve(file) }) };
}
