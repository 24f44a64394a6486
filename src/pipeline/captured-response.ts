import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';

/**
 * A stand-in for the client's HTTP response, for requests the gateway makes
 * of itself (probes): the real pipeline writes into it, and the caller reads
 * status and body afterwards. It implements the part of ServerResponse the
 * pipeline uses (writeHead/write/end, the sent/ended flags, drain/close).
 */
export class CapturedResponse extends EventEmitter {
  statusCode = 0;
  headers: Record<string, string> = {};
  headersSent = false;
  writableEnded = false;
  writableFinished = false;
  destroyed = false;
  #chunks: string[] = [];

  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    for (const [name, value] of Object.entries(headers)) this.headers[name.toLowerCase()] = String(value);
    this.headersSent = true;
    return this;
  }

  write(chunk: string | Buffer): boolean {
    if (!this.headersSent) this.writeHead(200);
    this.#chunks.push(chunk.toString());
    return true;
  }

  end(chunk?: string | Buffer): this {
    if (chunk !== undefined) this.write(chunk);
    if (!this.headersSent) this.writeHead(200);
    this.writableEnded = true;
    this.writableFinished = true;
    this.emit('finish');
    this.emit('close');
    return this;
  }

  text(): string {
    return this.#chunks.join('');
  }

  /** The pipeline's parameter type; only the members above are used. */
  asServerResponse(): ServerResponse {
    return this as unknown as ServerResponse;
  }
}
