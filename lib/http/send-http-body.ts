import type { ArgumentsHost } from '@nestjs/common';

/**
 * The part of the platform's response object Tasker's filters use: Express (`status().json()`) and
 * Fastify (`status().send()`) both have it, so no platform types are needed at run time.
 */
interface HttpResponse {
  headersSent?: boolean;
  sent?: boolean;
  status(code: number): HttpResponse;
  json?(body: unknown): unknown;
  send?(body: unknown): unknown;
}

/** Answers the request of `host` with `status` and the JSON `body`, unless an answer already went out. */
export function sendHttpBody(host: ArgumentsHost, status: number, body: unknown): void {
  const response = host.switchToHttp().getResponse<HttpResponse>();
  if (response.headersSent === true || response.sent === true) return;
  const answer = response.status(status);
  if (typeof answer.json === 'function') answer.json(body);
  else if (typeof answer.send === 'function') answer.send(body);
}
