import type { RunbookAction } from './catalog.js';
import { renderArgv, renderEnv, renderHeaderValue, renderJson, renderText, renderUrl, type TemplateContext } from './template.js';

/** RenderedAction is an action with every value placed: what will run, and what a dry run records. */
export type RenderedAction =
  | {
      readonly type: 'http';
      readonly name: string;
      readonly method: string;
      readonly url: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string | undefined;
      readonly successStatus: readonly number[] | undefined;
      readonly timeoutMs: number | undefined;
    }
  | {
      readonly type: 'command';
      readonly name: string;
      readonly file: string;
      readonly args: readonly string[];
      readonly env: Readonly<Record<string, string>>;
      readonly successExitCodes: readonly number[];
      readonly retryableExitCodes: readonly number[];
      readonly timeoutMs: number | undefined;
    }
  | { readonly type: 'kafka'; readonly name: string; readonly topic: string; readonly key: string | null; readonly value: string };

/** renderAction places the context's values into one action; throws UnsafeValue when it cannot. */
export function renderAction(action: RunbookAction, ctx: TemplateContext, index: number): RenderedAction {
  const where = `actions[${index}]`;
  switch (action.type) {
    case 'http': {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(action.headers)) headers[k.toLowerCase()] = renderHeaderValue(v, ctx, `${where}.headers.${k}`);
      const body = action.body === undefined ? undefined : JSON.stringify(renderJson(action.body, ctx, `${where}.body`));
      if (body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      return {
        type: 'http',
        name: action.name,
        method: action.method,
        url: renderUrl(action.url, ctx, `${where}.url`).href,
        headers,
        body,
        successStatus: action.successStatus,
        timeoutMs: action.timeoutMs,
      };
    }
    case 'command': {
      const argv = renderArgv(action.argv, ctx, `${where}.argv`);
      return {
        type: 'command',
        name: action.name,
        file: argv[0] as string,
        args: argv.slice(1),
        env: renderEnv(action.env, ctx, `${where}.env`),
        successExitCodes: action.successExitCodes,
        retryableExitCodes: action.retryableExitCodes,
        timeoutMs: action.timeoutMs,
      };
    }
    case 'kafka':
      return {
        type: 'kafka',
        name: action.name,
        topic: action.topic,
        key: action.key === undefined ? null : renderText(action.key, ctx, `${where}.key`),
        value: JSON.stringify(renderJson(action.value, ctx, `${where}.value`)),
      };
  }
}
