import http from 'node:http';
import https from 'node:https';

export interface ObservedResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
}

export type ResponseObserver = (response: ObservedResponse) => void;

type AddRequest = (req: http.ClientRequest, options: unknown) => void;

/**
 * The keep-alive agent every PagerDuty request goes through, with a hook that sees each HTTP response before
 * pdjs does.
 *
 * Why: pdjs 2.2.4 answers a 429 by sleeping a fixed `retryTimeout` (20 s by default) and sending the request
 * again, up to 3 times, without ever showing us the response, so `ratelimit-reset` is ignored and the retries
 * are invisible. Seeing the 429 first lets the client abort that call (pdjs then rejects at once instead of
 * sleeping) and wait for as long as PagerDuty asked. The same hook counts the HTTP requests really sent.
 *
 * How: node-fetch (pdjs's transport) accepts `agent` as a function, which it calls synchronously right before
 * `http.request`, and Node calls `agent.addRequest(req)` synchronously inside `http.request`. The observer
 * handed over by the first is attached to the request in the second; nothing can run in between. Should a
 * future pdjs stop using node-fetch, the hook simply never fires and pdjs's own (short) 429 retry remains.
 */
export class ObservingAgent {
  readonly #agent: http.Agent;
  #pending: ResponseObserver | undefined;
  #sent = 0;

  constructor(protocol: string) {
    this.#agent =
      protocol === 'https:' ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    const addRequest: unknown = Reflect.get(this.#agent, 'addRequest');
    if (typeof addRequest !== 'function') return;
    const observe: AddRequest = (req, options) => {
      const observer = this.#pending;
      this.#pending = undefined;
      if (observer)
        req.once('response', (res) => observer({ status: res.statusCode ?? 0, headers: res.headers }));
      Reflect.apply(addRequest, this.#agent, [req, options]);
    };
    Reflect.set(this.#agent, 'addRequest', observe);
  }

  /** The `agent` option for one logical call: node-fetch calls it once per HTTP attempt. */
  for(observer: ResponseObserver): () => http.Agent {
    return () => {
      this.#sent += 1;
      this.#pending = observer;
      return this.#agent;
    };
  }

  /** HTTP requests sent so far, including any retry pdjs made on its own. */
  get sent(): number {
    return this.#sent;
  }

  /** Closes the pooled keep-alive sockets (idle ones are unref'd by Node and do not hold the process open). */
  destroy(): void {
    this.#agent.destroy();
  }
}
