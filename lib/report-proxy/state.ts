import type { ReportProxy } from './server';

/**
 * The proxy this process runs, if any. Kept apart from the server module so lookups can ask
 * "is Download available?" without loading it.
 */
let active: ReportProxy | undefined;

export function setActiveReportProxy(proxy: ReportProxy | undefined): void {
  active = proxy;
}

export function activeReportProxy(): ReportProxy | undefined {
  return active?.listening ? active : undefined;
}

/** True while the proxy is listening: the overlay then offers Download for PDF-capable groups. */
export function isReportProxyEnabled(): boolean {
  return activeReportProxy() !== undefined;
}
