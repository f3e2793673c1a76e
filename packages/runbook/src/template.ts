import { UnsafeValue } from './errors.js';

/**
 * Safe templating for runbook actions. A template is literal text with `{{ns.name}}` placeholders where
 * ns is `params` (values taken from the incident and its alerts: untrusted), `request` (id, incidentId,
 * runbookId, ciId: ids we derived, still treated as untrusted) or `settings` (operator configuration of
 * the runner: trusted). There is deliberately no shell, no expression language and no filter syntax:
 * where a value goes decides how it is encoded, and values that cannot be placed safely are refused:
 *
 * - URL: scheme and host only from literals and settings; every other value is encodeURIComponent-ed
 *   (so it cannot add a path segment, a query key or a fragment), and a rendered path the URL parser
 *   would normalise (`.`/`..` segments) is refused.
 * - header value: only visible ASCII, space and tab (no CR/LF: no header injection).
 * - JSON body / Kafka value: values become JSON strings through JSON.stringify.
 * - argv: each element stays one argument; argv[0] is literal; a value that begins an element may not
 *   start with `-` (it would read as an option).
 * - env: the value as is (never interpreted by a shell).
 * Every value is refused if it contains a NUL byte.
 */

export const PLACEHOLDER = /\{\{\s*([a-zA-Z]+)\.([A-Za-z0-9_.-]+)\s*\}\}/g;
const ANY_BRACES = /\{\{|\}\}/;

export type Namespace = 'params' | 'request' | 'settings';

export interface TemplateContext {
  readonly params: Readonly<Record<string, string>>;
  readonly request: { readonly id: string; readonly incidentId: string; readonly runbookId: string; readonly ciId: string };
  readonly settings: Readonly<Record<string, string>>;
}

export interface Placeholder {
  readonly ns: string;
  readonly name: string;
}

/** placeholders lists the references in a template; `malformed` is true when braces are left over. */
export function placeholders(tpl: string): { refs: Placeholder[]; malformed: boolean } {
  const refs: Placeholder[] = [];
  for (const m of tpl.matchAll(PLACEHOLDER)) refs.push({ ns: m[1] as string, name: m[2] as string });
  const rest = tpl.replace(PLACEHOLDER, '');
  return { refs, malformed: ANY_BRACES.test(rest) };
}

const REQUEST_FIELDS = new Set(['id', 'incidentId', 'runbookId', 'ciId']);

/** checkTemplate returns why a template is invalid for the declared params, or null. */
export function checkTemplate(tpl: string, declaredParams: ReadonlySet<string>, allowed: readonly Namespace[]): string | null {
  const { refs, malformed } = placeholders(tpl);
  if (malformed) return 'malformed placeholder: use {{params.name}}, {{request.id}} or {{settings.name}}';
  for (const r of refs) {
    if (!(allowed as readonly string[]).includes(r.ns)) return `{{${r.ns}.${r.name}}} is not allowed here (allowed: ${allowed.join(', ') || 'literals only'})`;
    if (r.ns === 'params' && !declaredParams.has(r.name)) return `{{params.${r.name}}} is not a declared parameter`;
    if (r.ns === 'request' && !REQUEST_FIELDS.has(r.name)) return `{{request.${r.name}}}: request has id, incidentId, runbookId, ciId`;
  }
  return null;
}

function lookup(ctx: TemplateContext, ns: string, name: string, where: string): string {
  let v: string | undefined;
  if (ns === 'params') v = Object.hasOwn(ctx.params, name) ? ctx.params[name] : undefined;
  else if (ns === 'settings') v = Object.hasOwn(ctx.settings, name) ? ctx.settings[name] : undefined;
  else if (ns === 'request' && REQUEST_FIELDS.has(name)) v = ctx.request[name as keyof TemplateContext['request']];
  if (v === undefined) throw UnsafeValue(where, `{{${ns}.${name}}} has no value`);
  if (v.includes('\u0000')) throw UnsafeValue(where, 'NUL byte');
  return v;
}

function render(tpl: string, ctx: TemplateContext, where: string, encode: (v: string, ns: string, atStart: boolean) => string): string {
  let out = '';
  let last = 0;
  for (const m of tpl.matchAll(PLACEHOLDER)) {
    const idx = m.index;
    out += tpl.slice(last, idx);
    out += encode(lookup(ctx, m[1] as string, m[2] as string, where), m[1] as string, idx === 0);
    last = idx + m[0].length;
  }
  return out + tpl.slice(last);
}

/** renderText renders a template verbatim (JSON string leaves, env values, Kafka keys). */
export function renderText(tpl: string, ctx: TemplateContext, where: string): string {
  return render(tpl, ctx, where, (v) => v);
}

const URL_HEAD = /^(https?:\/\/[^/?#]*)(.*)$/s;

/** checkUrlTemplate: scheme://host must be literal or settings; returns a reason or null. */
export function checkUrlTemplate(tpl: string, declaredParams: ReadonlySet<string>): string | null {
  const m = URL_HEAD.exec(tpl);
  if (m === null) {
    // allow a settings value to supply scheme://host: {{settings.base}}/path
    const lead = /^\{\{\s*settings\.[A-Za-z0-9_.-]+\s*\}\}/.exec(tpl);
    if (lead === null) return 'url must start with http:// or https:// or {{settings.<name>}}';
    return checkTemplate(tpl.slice(lead[0].length), declaredParams, ['params', 'request', 'settings']);
  }
  const head = checkTemplate(m[1] as string, declaredParams, ['settings']);
  if (head !== null) return `scheme and host: ${head}`;
  return checkTemplate(m[2] as string, declaredParams, ['params', 'request', 'settings']);
}

function encodeComponent(v: string, where: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    throw UnsafeValue(where, 'not well-formed unicode');
  }
}

/** renderUrl builds a URL whose origin comes only from the template and settings. */
export function renderUrl(tpl: string, ctx: TemplateContext, where = 'url'): URL {
  const m = URL_HEAD.exec(tpl);
  let origin: string;
  let rest: string;
  if (m !== null) {
    origin = renderText(m[1] as string, { ...ctx, params: {} }, where);
    rest = m[2] as string;
  } else {
    const lead = /^\{\{\s*settings\.[A-Za-z0-9_.-]+\s*\}\}/.exec(tpl);
    if (lead === null) throw UnsafeValue(where, 'url must start with a scheme or {{settings.<name>}}');
    origin = renderText(lead[0], { ...ctx, params: {} }, where).replace(/\/+$/, '');
    rest = tpl.slice(lead[0].length);
  }
  let base: URL;
  try {
    base = new URL(`${origin}/`);
  } catch {
    throw UnsafeValue(where, 'scheme and host do not form a URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw UnsafeValue(where, 'only http and https');
  if (base.pathname !== '/' || base.search !== '' || base.hash !== '') throw UnsafeValue(where, 'settings must give only scheme://host[:port]');
  // settings values in the path are trusted text; params/request values are encoded as one component.
  const renderedRest = render(rest, ctx, where, (v, ns) => (ns === 'settings' ? v : encodeComponent(v, where)));
  const full = `${base.origin}${renderedRest.startsWith('/') || renderedRest.startsWith('?') || renderedRest === '' ? '' : '/'}${renderedRest}`;
  let url: URL;
  try {
    url = new URL(full);
  } catch {
    throw UnsafeValue(where, 'rendered URL does not parse');
  }
  if (url.origin !== base.origin) throw UnsafeValue(where, 'a value changed the host');
  const rawPath = renderedRest.split(/[?#]/, 1)[0] ?? '';
  const expectPath = rawPath === '' ? '/' : rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  if (url.pathname !== expectPath) throw UnsafeValue(where, 'a value would change the path (dot segments)');
  return url;
}

const HEADER_VALUE_OK = /^[\x20-\x7E\t]*$/;

/** renderHeaderValue refuses anything but visible ASCII, space and tab: no CR/LF, no obs-text. */
export function renderHeaderValue(tpl: string, ctx: TemplateContext, where: string): string {
  const v = renderText(tpl, ctx, where);
  if (!HEADER_VALUE_OK.test(v)) throw UnsafeValue(where, 'header values may hold only visible ASCII, space and tab');
  if (v.length > 8192) throw UnsafeValue(where, 'header value longer than 8192');
  return v;
}

/** renderJson renders every string leaf of a JSON template; keys are literal. */
export function renderJson(value: unknown, ctx: TemplateContext, where: string): unknown {
  if (typeof value === 'string') return renderText(value, ctx, where);
  if (Array.isArray(value)) return value.map((v, i) => renderJson(v, ctx, `${where}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = renderJson(v, ctx, `${where}.${k}`);
    return out;
  }
  return value;
}

/** renderArgv keeps each element one argument; argv[0] must be a literal (checked at load). */
export function renderArgv(argv: readonly string[], ctx: TemplateContext, where = 'argv'): string[] {
  return argv.map((tpl, i) => {
    if (i === 0) {
      if (placeholders(tpl).refs.length > 0) throw UnsafeValue(`${where}[0]`, 'the executable must be literal');
      return tpl;
    }
    return render(tpl, ctx, `${where}[${i}]`, (v, ns, atStart) => {
      if (atStart && ns !== 'settings' && v.startsWith('-')) throw UnsafeValue(`${where}[${i}]`, 'a value may not start an argument with "-"');
      return v;
    });
  });
}

/** renderEnv renders environment values (names are literal, checked by the schema). */
export function renderEnv(env: Readonly<Record<string, string>>, ctx: TemplateContext, where = 'env'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, tpl] of Object.entries(env)) out[k] = renderText(tpl, ctx, `${where}.${k}`);
  return out;
}
