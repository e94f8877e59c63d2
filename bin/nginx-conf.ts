#!/usr/bin/env node
/**
 * Prints the nginx `location` block for the report download proxy as configured in
 * config/report-proxy-server.json. It lives in bin/ rather than dev/ because admins run it on the
 * Polarity server from the installed integration; stdout carries the block only, so it can be
 * redirected straight into the nginx include file.
 */
import { parseArgs } from 'util';
import { readReportProxyConfig, REPORT_PROXY_CONFIG_PATH } from '../lib/report-proxy/config';
import { nginxLocationBlock } from '../lib/report-proxy/nginx';

const USAGE = `Usage: nginx-conf [--config <path>]

Prints the nginx location block that routes /_int/threatconnect/download/<token> to the
ThreatConnect report download proxy, and nothing else, on stdout.

Exit status: 0 printed, 1 invalid configuration, 2 usage error or --config file not found.

Options:
  --config <path>  report-proxy-server.json to read; it must exist
                   (default: ${REPORT_PROXY_CONFIG_PATH}, where a missing file means disabled)
  -h, --help       Show this help`;

export interface CliIo {
  out: (text: string) => void;
  err: (line: string) => void;
}

export function main(argv: string[], io: CliIo): number {
  let values: { config?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } }
    }));
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  if (values.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const path = values.config ?? REPORT_PROXY_CONFIG_PATH;
  try {
    // A file the admin named must be there: printing the defaults instead would hide a typo.
    const config = readReportProxyConfig(path, { mustExist: values.config !== undefined });
    if (!config.enabled) {
      io.err(`Note: the proxy is disabled in ${path}; set "enabled": true and restart the integration.`);
    }
    io.out(nginxLocationBlock(config));
    return 0;
  } catch (err) {
    io.err((err as Error).message);
    return (err as { code?: unknown }).code === 'ENOENT' ? 2 : 1;
  }
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (line) => process.stderr.write(line + '\n')
  });
}
