import { readFileSync } from 'fs';
import { resolve } from 'path';
import NodeCache from 'node-cache';
import { TcClient } from './tc/client';
import {
  loadTransportDefaults,
  type ConfigRequestBlock,
  type TransportDefaults
} from './tc/request-defaults';
import { currentLimiter, limiterFor } from './limiter';
import { createLinkRewriter, type LinkRewriter } from './links';
import type { Settings } from './settings';

/** The integration folder: config paths are relative to it. */
export const INTEGRATION_ROOT = resolve(__dirname, '..');
const CONFIG_PATH = resolve(INTEGRATION_ROOT, 'config', 'config.json');

interface IntegrationConfig {
  request?: ConfigRequestBlock;
  settings?: { threatConnectPort?: unknown };
}

/** Clients are cheap; they are cached only so their limiter and settings are reused. */
const clients = new NodeCache({ stdTTL: 600, useClones: false });

let config: IntegrationConfig | undefined;
let transport: TransportDefaults = { rejectUnauthorized: true };
let configError: unknown;

/**
 * Reads config/config.json. A broken request block (say, an unreadable CA file) must not crash
 * the integration process: it is kept and reported by every lookup until fixed.
 */
export function loadConfig(configOverride?: IntegrationConfig): void {
  configError = undefined;
  // Clients hold the TLS and proxy options they were made with.
  clients.flushAll();
  try {
    config = configOverride ?? (JSON.parse(readFileSync(CONFIG_PATH, 'utf8')) as IntegrationConfig);
    transport = loadTransportDefaults(config.request, INTEGRATION_ROOT);
  } catch (err) {
    config = configOverride ?? {};
    configError = err;
  }
}

function ensureConfig(): IntegrationConfig {
  if (config === undefined) loadConfig();
  if (configError !== undefined) throw configError;
  return config as IntegrationConfig;
}

/** The startup failure, if any, so startup can log it. */
export function configFailure(): unknown {
  return configError;
}

export function linkRewriterFor(settings: Settings): LinkRewriter {
  return createLinkRewriter(settings.url, ensureConfig().settings?.threatConnectPort);
}

export function clientFor(settings: Settings): TcClient {
  ensureConfig();
  const limits = {
    maxConcurrent: settings.maxConcurrent,
    minTime: settings.minTime,
    highWater: settings.maxQueuedRequests
  };
  // Every call brings the options Polarity passed now: they configure the Access ID's limiter.
  limiterFor(settings.accessId, limits);
  const key = [settings.url, settings.accessId, settings.apiKey, settings.requestTimeoutMs].join('\u0000');
  const cached = clients.get<TcClient>(key);
  if (cached) return cached;
  const client = new TcClient({
    url: settings.url,
    credentials: { accessId: settings.accessId, apiKey: settings.apiKey },
    transport,
    limiter: () => currentLimiter(settings.accessId) ?? limiterFor(settings.accessId, limits),
    timeoutMs: settings.requestTimeoutMs
  });
  clients.set(key, client);
  return client;
}

export function resetContext(): void {
  clients.flushAll();
}
