import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  answerBody,
  apiKeyOf,
  dialectOf,
  errorBody,
  type LlmDialect,
  type LlmStandInUsage,
  openAiStreamEvents,
  promptTextOf,
  responseFormatOf,
} from './dialects';

/** What the stand-in answers to one request. */
export type LlmStandInReply =
  /** The model's text is this value as JSON; sent after `delayMs` when given (a slow model). */
  | { json: unknown; usage?: LlmStandInUsage; delayMs?: number }
  /** The model's text as given: fenced JSON, malformed JSON, prose... */
  | { text: string; usage?: LlmStandInUsage; delayMs?: number }
  /** An HTTP error in the dialect's shape, with an optional `Retry-After` header. */
  | { status: number; retryAfter?: string; message?: string }
  /** A response body that is not JSON at all (a broken proxy). */
  | { rawBody: string; status?: number }
  /** Never answers; the connection stays open until the client gives up or the stand-in stops. */
  | { hang: true };

export interface LlmStandInRule {
  /** The rule applies when the request's prompt text contains this string (or matches this pattern). */
  match?: string | RegExp;
  model?: string;
  dialect?: LlmDialect;
  /** How many requests the rule answers; unlimited when absent. */
  times?: number;
  reply: LlmStandInReply;
}

export interface LlmStandInOptions {
  /** When set, a request without exactly this key gets a 401 (whose message echoes the key received, as some providers do). */
  apiKey?: string;
  /** Usage reported when a reply names none. */
  defaultUsage?: LlmStandInUsage;
}

/** One request the stand-in received, and how it answered. */
export interface LlmRecordedRequest {
  dialect: LlmDialect;
  path: string;
  model: string;
  stream: boolean;
  /** The JSON body as sent. */
  body: Record<string, unknown>;
  /** System and user message text, joined. */
  promptText: string;
  /** OpenAI `response_format`, Anthropic output format (or tools), Google `responseMimeType`/`responseJsonSchema`. */
  responseFormat: unknown;
  status: number;
  /** Usage reported in the answer (absent for errors and hangs). */
  usage?: LlmStandInUsage;
  /** When the request arrived (epoch ms). */
  receivedAt: number;
  /** When the answer was sent (epoch ms; absent for hangs). */
  answeredAt?: number;
}

const DEFAULT_USAGE: LlmStandInUsage = { inputTokens: 100, outputTokens: 10, cachedInputTokens: 0 };

/**
 * A language-model API on 127.0.0.1 for tests, with no network and no key: OpenAI chat completions (plain
 * and streaming), Anthropic messages and Google generateContent, answering what the test scripted by prompt
 * content, recording every request.
 */
export class LlmStandIn {
  readonly requests: LlmRecordedRequest[] = [];
  /** The most requests that were open at the same time (hanging ones included). */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly rules: LlmStandInRule[] = [];
  private server: Server | undefined;
  private port = 0;

  constructor(private readonly options: LlmStandInOptions = {}) {}

  /** Adds a rule; rules are tried in the order added, and the first that matches answers. */
  script(rule: LlmStandInRule): this {
    this.rules.push({ ...rule });
    return this;
  }

  /** `listen`: where to listen (default 127.0.0.1 on a free port); a container serves on 0.0.0.0. */
  async start(listen: { host?: string; port?: number } = {}): Promise<this> {
    const server = createServer((req, res) => {
      this.inFlight++;
      this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
      res.once('close', () => this.inFlight--);
      this.handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `stand-in failure: ${String(error)}` } }));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(listen.port ?? 0, listen.host ?? '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address !== 'object') throw new Error('llm stand-in: no port assigned');
    this.port = address.port;
    this.server = server;
    return this;
  }

  /** The API root to give a client as its base URL (the version path included). */
  get url(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** Closes the server and every open connection, hanging ones included. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** The usage the stand-in reported across all successful answers. */
  usageSent(): Required<LlmStandInUsage> & { answers: number } {
    const total = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, answers: 0 };
    for (const request of this.requests) {
      if (!request.usage) continue;
      total.answers++;
      total.inputTokens += request.usage.inputTokens;
      total.outputTokens += request.usage.outputTokens;
      total.cachedInputTokens += request.usage.cachedInputTokens ?? 0;
    }
    return total;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const route = req.method === 'POST' ? dialectOf(url.pathname) : undefined;
    if (!route) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no such route: ${req.method} ${url.pathname}` } }));
      return;
    }
    let text = '';
    for await (const chunk of req) text += String(chunk);
    const body = JSON.parse(text) as Record<string, unknown>;
    const { dialect } = route;
    const model = route.pathModel ?? String(body.model ?? '');
    const promptText = promptTextOf(dialect, body);
    const record: LlmRecordedRequest = {
      dialect,
      path: url.pathname,
      model,
      stream: body.stream === true || route.stream === true,
      body,
      promptText,
      responseFormat: responseFormatOf(dialect, body),
      status: 0,
      receivedAt,
    };
    res.once('finish', () => {
      record.answeredAt = Date.now();
    });
    this.requests.push(record);

    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const key = apiKeyOf(dialect, headers, url.searchParams);
    if (this.options.apiKey !== undefined && key !== this.options.apiKey) {
      this.sendJson(res, record, 401, errorBody(dialect, 401, `Incorrect API key provided: ${key}`));
      return;
    }
    const reply = this.take(dialect, model, promptText)?.reply ?? { json: { suggestions: [] } };
    if ('hang' in reply) {
      record.status = -1;
      res.flushHeaders(); // headers out, body never: the client's timeout or abort has to end it
      return;
    }
    if ('status' in reply && !('rawBody' in reply)) {
      const headers: Record<string, string> = {};
      if (reply.retryAfter !== undefined) headers['retry-after'] = reply.retryAfter;
      const message = reply.message ?? `scripted ${reply.status}`;
      this.sendJson(res, record, reply.status, errorBody(dialect, reply.status, message), headers);
      return;
    }
    if ('rawBody' in reply) {
      record.status = reply.status ?? 200;
      res.writeHead(record.status, { 'content-type': 'application/json' });
      res.end(reply.rawBody);
      return;
    }
    if (reply.delayMs !== undefined) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    const content = 'json' in reply ? JSON.stringify(reply.json) : reply.text;
    const usage = reply.usage ?? this.options.defaultUsage ?? DEFAULT_USAGE;
    record.usage = usage;
    if (record.stream && dialect === 'openai') {
      record.status = 200;
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      for (const event of openAiStreamEvents(model, content, usage, body)) res.write(event);
      res.end();
      return;
    }
    this.sendJson(res, record, 200, answerBody(dialect, model, content, usage, body));
  }

  private take(dialect: LlmDialect, model: string, promptText: string): LlmStandInRule | undefined {
    const rule = this.rules.find(
      (r) =>
        (r.times === undefined || r.times > 0) &&
        (r.dialect === undefined || r.dialect === dialect) &&
        (r.model === undefined || r.model === model) &&
        (r.match === undefined ||
          (typeof r.match === 'string' ? promptText.includes(r.match) : r.match.test(promptText))),
    );
    if (rule?.times !== undefined) rule.times--;
    return rule;
  }

  private sendJson(
    res: ServerResponse,
    record: LlmRecordedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    record.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }
}
