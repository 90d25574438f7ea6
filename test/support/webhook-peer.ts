import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** A request the peer received, as it arrived. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * How the peer answers the next request: a status code (with an optional body), or `hang` (it
 * never answers: the sender's timeout must give up), or `slow` (it answers once `release` is called).
 */
export type PeerAnswer = { status: number; body?: string } | { hang: true } | { slow: true };

/**
 * A real HTTP endpoint on 127.0.0.1 for outgoing webhooks: records every request and answers as
 * told — a queue of answers, then the default (200).
 */
export class WebhookPeer {
  readonly requests: ReceivedRequest[] = [];
  private readonly answers: PeerAnswer[] = [];
  private readonly waiting: (() => void)[] = [];
  private readonly sockets = new Set<Socket>();
  private server: http.Server | null = null;
  /** Requests being held (hang or slow) right now. */
  holding = 0;

  static async start(): Promise<WebhookPeer> {
    const peer = new WebhookPeer();
    const server = http.createServer((req, res) => peer.handle(req, res));
    server.on('connection', (s) => {
      peer.sockets.add(s);
      s.on('close', () => peer.sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    peer.server = server;
    return peer;
  }

  get url(): string {
    const { port } = this.server!.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** Answers for the next requests, in order. */
  answerNext(...answers: PeerAnswer[]): void {
    this.answers.push(...answers);
  }

  /** Lets the held `slow` requests answer 200. */
  release(): void {
    for (const go of this.waiting.splice(0)) go();
  }

  async close(): Promise<void> {
    this.release();
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      this.requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const answer = this.answers.shift() ?? { status: 200 };
      if ('hang' in answer) {
        this.holding++;
        res.on('close', () => this.holding--);
        return;
      }
      if ('slow' in answer) {
        this.holding++;
        res.on('close', () => this.holding--);
        this.waiting.push(() => res.writeHead(200).end('ok'));
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
    });
  }
}
