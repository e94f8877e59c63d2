/**
 * Sent on every response, 404s and errors included: the proxy serves nothing but attachments,
 * so nothing it answers may be sniffed, framed, cached, or leak the token URL as a referrer.
 */
export function securityHeaders(https: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer'
  };
  // No includeSubDomains: the proxy cannot speak for the other hosts of the Polarity domain.
  if (https) headers['Strict-Transport-Security'] = 'max-age=31536000';
  return headers;
}
