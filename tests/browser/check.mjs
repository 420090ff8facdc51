#!/usr/bin/env node
// Real-browser check of sanitizer output: Chromium, not html5ever, decides
// what a reader's page does.
//
//   node tests/browser/check.mjs CASES.json
//
// CASES.json is either
//   { "policy": { "elements": { "a": ["href", "title"], ... },
//                 "url_attributes": { "a": ["href"], ... },
//                 "url_schemes": ["http", "https", "mailto"],
//                 "attribute_schemes": { "img src": ["http", "https"], ... },
//                 "link_rel": "nofollow ugc" },
//     "cases": [ { "id": "...", "output": "...", "input": "..." }, ... ] }
// or a bare array of cases (then the WordPress comment allowlist below is used).
//
// Every case's output is put into a page of headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core; no browser is downloaded) in
// two ways, each in batches:
//   * "innerHTML": `div.innerHTML = output` on a fresh <div> per case;
//   * "document":  the page's own HTML holds `<div>OUTPUT</div>` per case, as a
//     blog's server renders comments (parser-inserted scripts would run here).
// The page is served from an intercepted https origin with a strict CSP
// (`default-src 'none'; script-src 'nonce-...'`), and hooks alert, confirm,
// prompt, print, console, fetch, XMLHttpRequest, sendBeacon, window.open,
// WebSocket, EventSource, workers, the Navigation API, errors and
// `securitypolicyviolation`; the browser context records every request and
// every popup. After insertion it waits, dispatches mouse/focus/click/...
// events on every element, waits again, and then requires, per case:
//   * the DOM holds only elements of the allowlist, in the HTML namespace,
//     with only their allowed attributes (plus `rel` on `a`, which must be
//     the policy's link rel when `href` is kept), and only element and text
//     nodes;
//   * every URL attribute, as the browser itself parses it (`a.href`,
//     `q.cite`, `new URL`), has an allowed scheme (never javascript:, data:,
//     vbscript:, ...);
//   * `div.innerHTML` equals the output byte for byte (the browser reads the
//     output as the tree the sanitizer meant), but for one line break
//     right after a `<pre>` or `<listing>` start tag: a parser drops it,
//     and `innerHTML` does not write it back, so the sanitizer writes a
//     second one where the text in a pre starts with a line break;
//   * nothing ran and nothing tried to: no hook call, no CSP violation, no
//     request, no navigation, no page error (with `img` in the policy, an
//     image asking for its allowed URL is expected: see IMAGES).
// Known-bad control cases run first in the same machinery: if any is not
// caught, the harness itself is broken and the check fails.
//
// Prints one JSON object (summary and failures) on stdout. Exit status: 0 all
// passed, 1 some case failed, 2 the harness could not run or is broken.

import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ORIGIN = 'https://blog.test';
const PAGE_PATH = '/post/1';
const BATCH = Number(process.env.BROWSER_CHECK_BATCH || 400);
const SETTLE_MS = Number(process.env.BROWSER_CHECK_SETTLE_MS || 100);
const MAX_RERUNS = 600;
const XHTML_NS = 'http://www.w3.org/1999/xhtml';

const DEFAULT_POLICY = {
  elements: {
    a: ['href', 'title'], abbr: ['title'], acronym: ['title'], b: [], blockquote: ['cite'],
    cite: [], code: [], del: ['datetime'], em: [], i: [], q: ['cite'], s: [], strike: [], strong: [],
  },
  url_attributes: { a: ['href'], blockquote: ['cite'], q: ['cite'] },
  url_schemes: ['http', 'https', 'mailto'],
  link_rel: 'nofollow ugc',
};

function fail(message) {
  process.stdout.write(JSON.stringify({ ok: false, harness_error: message }, null, 1) + '\n');
  process.exit(2);
}

// ---------------------------------------------------------------- input ---

const file = process.argv[2];
if (!file) fail('usage: node check.mjs CASES.json');
let parsed;
try {
  parsed = JSON.parse(readFileSync(file, 'utf8'));
} catch (err) {
  fail(`cannot read ${file}: ${err.message}`);
}
const policy = Array.isArray(parsed) ? DEFAULT_POLICY : { ...DEFAULT_POLICY, ...(parsed.policy || {}) };
const cases = (Array.isArray(parsed) ? parsed : parsed.cases || []).map((c, i) => ({
  id: String(c.id ?? `case-${i}`),
  input: c.input,
  output: String(c.output),
  same_output_as: Array.isArray(c.same_output_as) ? c.same_output_as : [],
}));
if (cases.length === 0) fail('no cases');

// A policy that keeps `img` lets comments show images: each one asks for its
// URL (the CSP blocks it, `img-src 'none'`, and it fails to load). That
// request is what the policy allows, not something that ran, so with `img`
// allowed the image's CSP report and load error are not problems; its
// attributes and its URL's scheme are still checked like any other.
const IMAGES = Object.prototype.hasOwnProperty.call(policy.elements, 'img');

// Control cases: known-bad outputs that each check must catch. `expect`
// lists, per mode, problem kinds of which at least one must be reported.
const NONCE = randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
const CONTROLS = [
  { id: 'control:img-onerror', output: '<img src="x" onerror="alert(1)">',
    expect: { innerHTML: ['element', 'attribute'], document: ['element', 'attribute'] } },
  { id: 'control:inline-handler-fires', output: '<b onmouseover="alert(1)">x</b>',
    expect: { innerHTML: ['csp'], document: ['csp'] } },
  { id: 'control:javascript-url', output: '<a href=" java\tscript:alert(1)" rel="nofollow ugc">x</a>',
    expect: { innerHTML: ['url'], document: ['url'] } },
  { id: 'control:unbalanced', output: '<b>x',
    expect: { innerHTML: ['innerHTML'], document: ['innerHTML'] } },
  { id: 'control:foreign', output: '<svg><title>t</title></svg>',
    expect: { innerHTML: ['namespace'], document: ['namespace'] } },
  { id: 'control:comment-node', output: 'a<!--c-->b',
    expect: { innerHTML: ['node'], document: ['node'] } },
  { id: 'control:rel-missing', output: '<a href="/x">x</a>',
    expect: { innerHTML: ['rel'], document: ['rel'] } },
  // A parser-inserted script carrying the page's nonce does run: the hooks
  // must see it (proves that script which runs is caught, not only blocked).
  { id: 'control:script-runs', output: `<script nonce="${NONCE}">alert('control')</script>`,
    expect: { document: ['alert'] } },
  { id: 'control:fetch', output: `<script nonce="${NONCE}">fetch('/x')</script>`,
    expect: { document: ['fetch'] } },
].map((c) => ({ ...c, control: true }));

// ----------------------------------------------------------------- page ---

const CSP = [
  "default-src 'none'",
  `script-src 'nonce-${NONCE}'`,
  "script-src-attr 'none'",
  "style-src 'none'",
  "img-src 'none'",
  "media-src 'none'",
  "font-src 'none'",
  "connect-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "worker-src 'none'",
  "object-src 'none'",
  "manifest-src 'none'",
  "form-action 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Installed before any document script (addInitScript is not subject to CSP).
// Everything is recorded in window.__harness.log; entries carry the case id
// found from the event target where there is one.
const HOOKS = String.raw`(() => {
  // Only the check's own page (not the about:blank a new tab starts with,
  // whose navigate event would otherwise cancel page.goto).
  if (window.__harness || location.origin !== ${JSON.stringify(ORIGIN)}) return;
  const log = [];
  const caseOf = (node) => {
    try {
      const el = node && (node.nodeType === 1 ? node : node.parentElement);
      const holder = el && el.closest && el.closest('[data-case]');
      return holder ? holder.getAttribute('data-case') : null;
    } catch (_) { return null; }
  };
  const str = (v) => { try { return String(v).slice(0, 300); } catch (_) { return '?'; } };
  const rec = (kind, detail, target) => {
    log.push({ kind, detail: str(detail), case: caseOf(target) ?? (window.__harness && window.__harness.current) ?? null });
  };
  Object.defineProperty(window, '__harness', { value: { log, current: null, rec }, configurable: false, writable: false });
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    window[name] = function (...args) { rec(name, args.map(str).join(' '), document.currentScript); return null; };
  }
  for (const m of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'dirxml', 'table', 'group', 'assert', 'count', 'time']) {
    console[m] = function (...args) { rec('console', m + ': ' + args.map(str).join(' '), document.currentScript); };
  }
  window.fetch = function (resource) {
    rec('fetch', resource && resource.url ? resource.url : resource, document.currentScript);
    return new Promise(() => {});
  };
  const xhrOpen = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    rec('xhr', method + ' ' + url, document.currentScript);
    return xhrOpen.call(this, method, 'about:blank', ...rest);
  };
  XMLHttpRequest.prototype.send = function () { rec('xhr', 'send', document.currentScript); };
  navigator.sendBeacon = function (url) { rec('sendBeacon', url, document.currentScript); return false; };
  window.open = function (url) { rec('window.open', url, document.currentScript); return null; };
  for (const name of ['WebSocket', 'EventSource', 'Worker', 'SharedWorker']) {
    if (typeof window[name] === 'function') {
      window[name] = function (url) { rec(name, url, document.currentScript); throw new TypeError('blocked by the browser check'); };
    }
  }
  if (window.navigation) {
    window.navigation.addEventListener('navigate', (e) => {
      rec('navigate', e.destination && e.destination.url, e.sourceElement || null);
      if (e.cancelable) e.preventDefault();
    });
  }
  // Never leave the page: clicks and submits keep their handlers but lose
  // their default action (a link's href is judged by the URL check instead).
  window.addEventListener('click', (e) => e.preventDefault(), true);
  window.addEventListener('auxclick', (e) => e.preventDefault(), true);
  window.addEventListener('submit', (e) => { if (!e.isTrusted) return; rec('submit', e.target && e.target.action, e.target); e.preventDefault(); }, true);
  window.addEventListener('beforeunload', () => rec('beforeunload', location.href, null));
  // An image that fails to load (every one does here: see IMAGES below)
  // fires a trusted error event at its element; script errors fire at window.
  const isImg = (t) => t instanceof Element && t.localName === 'img';
  window.addEventListener('error', (e) => e.isTrusted && rec(isImg(e.target) ? 'image-error' : 'error', (e.message || e.type) + (e.filename ? ' @' + e.filename : ''), e.target !== window ? e.target : null), true);
  window.addEventListener('unhandledrejection', (e) => rec('unhandledrejection', e.reason, null));
  document.addEventListener('securitypolicyviolation', (e) => {
    // Fired at the document; what else could load an image (a background
    // or poster attribute, an image input, SVG) fails the allowlist.
    const kind = e.effectiveDirective === 'img-src' ? 'image-csp' : 'csp';
    rec(kind, e.effectiveDirective + ' blocked ' + (e.blockedURI || '?') + (e.sample ? ' sample: ' + e.sample : ''), e.target);
  }, true);
})();`;

function escapeText(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The document: each case's output goes verbatim into the page's HTML.
function pageHtml(batch) {
  const parts = [
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>browser check</title>',
    `<script nonce="${NONCE}">window.__pageScriptRan = true;</script>`,
    '</head><body><main id="comments">',
  ];
  for (const c of batch || []) {
    parts.push(`<div class="comment" data-case="${escapeText(c.id).replace(/"/g, '&quot;')}">${c.output}</div>\n`);
  }
  parts.push('</main></body></html>');
  return parts.join('');
}

// --------------------------------------------------- in-page procedures ---
// (run through page.evaluate, which CSP does not govern)

// Insert `batch` with innerHTML, one fresh div per case.
function insertCases(batch) {
  const main = document.getElementById('comments');
  main.textContent = '';
  for (const c of batch) {
    window.__harness.current = c.id;
    const div = document.createElement('div');
    div.className = 'comment';
    div.setAttribute('data-case', c.id);
    main.appendChild(div);
    div.innerHTML = c.output;
  }
  window.__harness.current = null;
}

const EVENTS = [
  'mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'mouseout', 'mouseleave', 'click', 'dblclick',
  'auxclick', 'contextmenu', 'pointerover', 'pointerenter', 'pointerdown', 'pointerup', 'pointermove', 'pointerout',
  'focus', 'focusin', 'blur', 'focusout', 'keydown', 'keypress', 'keyup', 'beforeinput', 'input', 'change', 'select',
  'submit', 'reset', 'invalid', 'search', 'toggle', 'beforetoggle', 'load', 'error', 'abort', 'scroll', 'scrollend',
  'wheel', 'copy', 'cut', 'paste', 'drag', 'dragstart', 'dragenter', 'dragover', 'drop', 'animationstart',
  'animationend', 'animationiteration', 'transitionstart', 'transitionend', 'transitionrun', 'touchstart', 'touchend',
  'show', 'cancel', 'close', 'loadstart', 'play', 'playing', 'canplay', 'resize', 'selectstart', 'selectionchange',
];

// Give event handlers their chance on every element of the listed cases.
function poke({ ids, events }) {
  const main = document.getElementById('comments');
  for (const holder of document.querySelectorAll('[data-case]')) {
    const id = holder.getAttribute('data-case');
    if (ids && !ids.includes(id)) continue;
    window.__harness.current = id;
    for (const el of holder.querySelectorAll('*')) {
      for (const type of events) {
        let ev;
        if (/^(mouse|click|dblclick|auxclick|contextmenu)/.test(type)) ev = new MouseEvent(type, { bubbles: true, cancelable: true, view: window });
        else if (type.startsWith('pointer')) ev = new PointerEvent(type, { bubbles: true, cancelable: true });
        else if (type.startsWith('focus') || type === 'blur') ev = new FocusEvent(type, { bubbles: type.endsWith('in') || type.endsWith('out') });
        else if (type.startsWith('key')) ev = new KeyboardEvent(type, { bubbles: true, cancelable: true, key: 'a' });
        else ev = new Event(type, { bubbles: true, cancelable: true });
        try { el.dispatchEvent(ev); } catch (_) { /* keep going */ }
      }
      try { if (typeof el.focus === 'function') el.focus(); } catch (_) { /* keep going */ }
      try { if (typeof el.click === 'function') el.click(); } catch (_) { /* keep going */ }
    }
  }
  window.__harness.current = null;
  if (document.activeElement && document.activeElement.blur) document.activeElement.blur();
}

// Judge every case's DOM; returns {id: {innerHTML, problems: [...]}}.
function inspect({ ids, policy }) {
  const XHTML = 'http://www.w3.org/1999/xhtml';
  const allSchemes = new Set(policy.url_schemes.map((s) => s.toLowerCase() + ':'));
  const out = {};
  const byId = new Map(ids.map((x) => [x.id, x.output]));
  // Document-wide: in "document" mode output that does not close what it
  // opens swallows the holders after it (and fails itself for that).
  for (const holder of document.querySelectorAll('[data-case]')) {
    const id = holder.getAttribute('data-case');
    if (!byId.has(id)) continue;
    const expected = byId.get(id);
    byId.delete(id);
    const problems = [];
    const add = (kind, detail) => { if (problems.length < 20) problems.push({ kind, detail }); };
    const inner = holder.innerHTML;
    // The line break a parser drops after <pre> and <listing> (see the top).
    const expectedInner = expected.replace(/(<(?:pre|listing)(?:\s[^>]*)?>)\n/g, '$1');
    if (inner !== expected && inner !== expectedInner) {
      let at = 0;
      while (at < inner.length && at < expected.length && inner[at] === expected[at]) at += 1;
      add('innerHTML', `differs from the output at UTF-16 index ${at}: output has ${JSON.stringify(expected.slice(at, at + 40))}, `
        + `the browser ${JSON.stringify(inner.slice(at, at + 40))}`);
    }
    const walker = document.createTreeWalker(holder, NodeFilter.SHOW_ALL);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) continue;
      if (node.nodeType !== Node.ELEMENT_NODE) {
        add('node', `node of type ${node.nodeType} (${node.nodeName}) in the DOM`);
        continue;
      }
      const el = node;
      const name = el.localName;
      if (el.namespaceURI !== XHTML) add('namespace', `<${name}> in namespace ${el.namespaceURI}`);
      const allowed = Object.prototype.hasOwnProperty.call(policy.elements, name) ? policy.elements[name] : null;
      if (allowed === null || el.prefix !== null) {
        add('element', `<${el.tagName.toLowerCase()}> is not allowlisted`);
      }
      if (el.shadowRoot) add('element', `<${name}> has a shadow root`);
      for (const attr of Array.from(el.attributes)) {
        const ok = attr.namespaceURI === null && attr.prefix === null &&
          ((allowed && allowed.includes(attr.name)) || (name === 'a' && attr.name === 'rel'));
        if (!ok) add('attribute', `<${name} ${attr.name}="${attr.value.slice(0, 200)}"> is not allowed`);
      }
      const urlAttrs = (policy.url_attributes && policy.url_attributes[name]) || [];
      for (const attrName of urlAttrs) {
        if (!el.hasAttribute(attrName)) continue;
        const own = policy.attribute_schemes && policy.attribute_schemes[`${name} ${attrName}`];
        const schemes = own ? new Set(own.map((s) => s.toLowerCase() + ':')) : allSchemes;
        const raw = el.getAttribute(attrName);
        // The browser's own reading: the reflecting IDL attribute where there
        // is one (a.href, q.cite, blockquote.cite), and the URL parser.
        const idl = attrName in el ? String(el[attrName]) : null;
        let parsed = null;
        try { parsed = new URL(raw, document.baseURI); } catch (_) { parsed = null; }
        if (parsed && !schemes.has(parsed.protocol)) {
          add('url', `${name}[${attrName}] "${raw.slice(0, 200)}" parses as a ${parsed.protocol} URL`);
        }
        if (idl !== null && /^\s*(javascript|data|vbscript):/i.test(idl)) {
          add('url', `${name}.${attrName} reads "${idl.slice(0, 200)}"`);
        }
        if (parsed === null && /^[\s\u0000-\u001f]*(j|d|v)/i.test(raw)) {
          const squashed = raw.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
          if (/^(javascript|data|vbscript):/.test(squashed)) add('url', `${name}[${attrName}] "${raw.slice(0, 200)}"`);
        }
      }
      if (name === 'a' && el.hasAttribute('href') && policy.link_rel !== null && policy.link_rel !== undefined) {
        if (el.getAttribute('rel') !== policy.link_rel) {
          add('rel', `<a href> has rel=${JSON.stringify(el.getAttribute('rel'))}, not ${JSON.stringify(policy.link_rel)}`);
        }
      }
    }
    out[id] = { innerHTML: inner, problems };
  }
  for (const id of byId.keys()) out[id] = { innerHTML: null, problems: [{ kind: 'missing', detail: 'the case holder is not in the DOM' }] };
  return out;
}

function takeLog() {
  const log = window.__harness ? window.__harness.log.splice(0) : [{ kind: 'harness', detail: 'hooks missing', case: null }];
  return { log, pageScriptRan: window.__pageScriptRan === true };
}

// ------------------------------------------------------------- browser ---

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const started = Date.now();
  let browser;
  try {
    // chromium.launch gives the browser a fresh, temporary --user-data-dir of
    // its own (and deletes it on close); Playwright refuses the flag in args.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--disable-dev-shm-usage',
      ],
      timeout: 60_000,
    });
  } catch (err) {
    fail(`cannot launch ${CHROMIUM}: ${err.message}`);
  }
  const version = browser.version();
  const context = await browser.newContext({ javaScriptEnabled: true, serviceWorkers: 'block', acceptDownloads: false });
  await context.addInitScript({ content: HOOKS });

  // Network: the page's own URL is served from memory; anything else the
  // page asks for is recorded (and aborted). Nothing leaves the machine.
  let pending = null; // html for the next page load
  const outside = []; // {url, type}
  await context.route('**/*', async (route) => {
    const req = route.request();
    const url = req.url();
    if (req.isNavigationRequest() && url.startsWith(ORIGIN + PAGE_PATH + '?load=') && pending !== null) {
      const body = pending;
      pending = null;
      await route.fulfill({
        status: 200,
        headers: {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': CSP,
          'cache-control': 'no-store',
        },
        body,
      });
      return;
    }
    outside.push({ url: url.slice(0, 300), type: req.resourceType() });
    await route.abort('blockedbyclient');
  });
  const popups = [];

  let loadCounter = 0;
  async function openPage(batchForDocument) {
    const page = await context.newPage();
    const errors = [];
    page.on('popup', (p) => { popups.push(p.url()); p.close().catch(() => {}); });
    page.on('pageerror', (err) => errors.push(String(err && err.message || err).slice(0, 300)));
    page.on('dialog', (d) => { errors.push(`dialog ${d.type()}: ${d.message().slice(0, 200)}`); d.dismiss().catch(() => {}); });
    pending = pageHtml(batchForDocument);
    loadCounter += 1;
    await page.goto(`${ORIGIN}${PAGE_PATH}?load=${loadCounter}`, { waitUntil: 'load', timeout: 60_000 });
    let navigations = 0;
    page.on('framenavigated', (frame) => { if (frame === page.mainFrame()) navigations += 1; });
    return { page, errors, navigations: () => navigations };
  }

  // Run `batch` in `mode`; returns {results: {id: {innerHTML, problems}}, unattributed: [...]}
  async function runBatch(mode, batch) {
    const outsideBefore = outside.length;
    const popupsBefore = popups.length;
    const t0 = Date.now();
    const { page, errors, navigations } = await openPage(mode === 'document' ? batch : []);
    const t1 = Date.now();
    try {
      const first = await page.evaluate(takeLog);
      if (!first.pageScriptRan) throw new Error('the page\'s nonced script did not run: the page is not as the harness meant');
      const log = first.log.slice();
      if (mode === 'innerHTML') await page.evaluate(insertCases, batch.map((c) => ({ id: c.id, output: c.output })));
      await sleep(SETTLE_MS);
      const ids = batch.map((c) => ({ id: c.id, output: c.output }));
      // Judge the DOM before events run (handlers could rewrite it).
      const results = await page.evaluate(inspect, { ids, policy });
      await page.evaluate(poke, { ids: null, events: EVENTS });
      await sleep(SETTLE_MS);
      log.push(...(await page.evaluate(takeLog)).log);
      const unattributed = [];
      const known = new Set(batch.map((c) => c.id));
      for (const entry of log) {
        if (IMAGES && (entry.kind === 'image-error' || entry.kind === 'image-csp')) continue;
        const problem = { kind: entry.kind, detail: entry.detail };
        if (entry.case !== null && known.has(entry.case) && results[entry.case]) results[entry.case].problems.push(problem);
        else unattributed.push(problem);
      }
      for (const e of errors) unattributed.push({ kind: 'pageerror', detail: e });
      for (const o of outside.slice(outsideBefore)) unattributed.push({ kind: 'request', detail: `${o.type} ${o.url}` });
      for (const p of popups.slice(popupsBefore)) unattributed.push({ kind: 'popup', detail: p });
      if (navigations() > 0) unattributed.push({ kind: 'navigation', detail: `main frame navigated to ${page.url()}` });
      if (process.env.BROWSER_CHECK_DEBUG) process.stderr.write(`${mode} batch of ${batch.length}: open ${t1 - t0} ms, run ${Date.now() - t1} ms, ${unattributed.length} unattributed\n`);
      return { results, unattributed };
    } finally {
      await page.close().catch(() => {});
    }
  }

  // Run cases in batches. Whatever could not be pinned to a case (a CSP
  // violation fired at the document, a request, a page error) is pinned by
  // bisection: the halves of the batch run again, each in a fresh page, down
  // to the single case that brings it. Should it stop reproducing in both
  // halves, it is reported against every case of the smallest group that
  // still showed it.
  let reruns = 0;
  async function locate(mode, list, results) {
    const r = await runBatch(mode, list);
    Object.assign(results, r.results);
    if (r.unattributed.length === 0) return false;
    if (list.length === 1 || reruns >= MAX_RERUNS) {
      const group = list.length === 1 ? '' : ` (seen in a group of ${list.length} cases: ${list[0].id} .. ${list[list.length - 1].id})`;
      for (const c of list) {
        results[c.id].problems.push(...r.unattributed.map((p) => ({ kind: p.kind, detail: p.detail + group })));
      }
      return true;
    }
    // Suspects first: cases that already failed on their own are the likely
    // source (an <img> that is not allowed raises an img-src violation at the
    // document); if they are not, halves.
    const suspects = list.filter((c) => results[c.id] && results[c.id].problems.length > 0);
    let first;
    let second;
    if (suspects.length > 0 && suspects.length < list.length) {
      first = suspects;
      second = list.filter((c) => !suspects.includes(c));
    } else {
      const mid = Math.ceil(list.length / 2);
      first = list.slice(0, mid);
      second = list.slice(mid);
    }
    reruns += 2;
    const a = await locate(mode, first, results);
    const b = await locate(mode, second, results);
    if (!a && !b) {
      for (const c of list) {
        results[c.id].problems.push(...r.unattributed.map((p) => ({
          kind: p.kind, detail: `${p.detail} (not reproduced in smaller groups; seen with ${list[0].id} .. ${list[list.length - 1].id})`,
        })));
      }
    }
    return true;
  }
  async function runAll(mode, list) {
    const results = {};
    for (let i = 0; i < list.length; i += BATCH) {
      await locate(mode, list.slice(i, i + BATCH), results);
    }
    return results;
  }

  const modes = ['innerHTML', 'document'];

  // 1. Controls: every one must be caught, or the harness is broken.
  const broken = [];
  for (const mode of modes) {
    const list = CONTROLS.filter((c) => c.expect[mode]);
    const results = {};
    for (const c of list) {
      const r = await runBatch(mode, [c]);
      r.results[c.id].problems.push(...r.unattributed);
      Object.assign(results, r.results);
    }
    for (const c of list) {
      const kinds = new Set((results[c.id] ? results[c.id].problems : []).map((p) => p.kind));
      if (!c.expect[mode].some((k) => kinds.has(k))) {
        broken.push({ mode, control: c.id, output: c.output, expected_one_of: c.expect[mode], got: results[c.id] || null });
      }
    }
  }

  // 2. The cases.
  const failures = [];
  const byId = new Map(cases.map((c) => [c.id, c]));
  if (byId.size !== cases.length) fail('case ids are not unique');
  let checked = 0;
  for (const mode of modes) {
    const results = await runAll(mode, cases);
    for (const c of cases) {
      const r = results[c.id];
      checked += 1;
      if (!r || r.problems.length === 0) continue;
      failures.push({
        id: c.id,
        mode,
        input: c.input,
        output: c.output,
        browser_innerHTML: r.innerHTML,
        problems: r.problems,
        ...(c.same_output_as.length ? {
          same_output_from: c.same_output_as.length > 10 ? [...c.same_output_as.slice(0, 10), `... ${c.same_output_as.length - 10} more`] : c.same_output_as,
        } : {}),
      });
    }
  }
  await context.close().catch(() => {});
  await browser.close().catch(() => {});

  const ok = failures.length === 0 && broken.length === 0;
  const summary = {
    ok,
    browser: `Chromium ${version} (${CHROMIUM})`,
    cases: cases.length,
    modes,
    checks_run: checked,
    controls: CONTROLS.length,
    controls_missed: broken.length,
    failing_cases: new Set(failures.map((f) => f.id)).size,
    failures: failures.length,
    bisection_reruns: reruns,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  const report = { summary };
  if (broken.length) report.harness_broken = broken;
  if (failures.length) report.failures = failures;
  process.stdout.write(JSON.stringify(report, null, 1) + '\n');
  process.exit(broken.length ? 2 : ok ? 0 : 1);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
