#!/usr/bin/env node
// The live preview in headless Chromium: a reader types a hostile comment
// into the page the service serves, and the preview must show it as safe
// markup.
//
//   node examples/service/browser/preview_check.mjs SERVICE_BINARY
//
// Starts SERVICE_BINARY on 127.0.0.1 with an ephemeral port, opens GET / in
// Debian's /usr/bin/chromium (driven by playwright-core from
// tests/browser/node_modules; no browser is downloaded), types comments into
// the box and waits for the preview. For each it requires:
//   * the preview's innerHTML equals the cleaned HTML the service returns
//     for that comment;
//   * the preview holds only allowlisted elements (HTML namespace) with
//     allowlisted attributes, and links only with http, https or mailto
//     URLs as the browser parses them;
//   * the report is shown as text only;
// and over the whole run: no dialog (alert, confirm, prompt), no sign of
// injected script, no CSP violation, no page error, and no request to
// anything but the service. A comment over the size limit must show the
// service's error message and an empty preview.
//
// Exit status: 0 passed, 1 a check failed, 2 the check could not run.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const TIMEOUT_MS = 120_000;

// Playwright-core from the repository's browser check (tests/browser/setup.sh).
const require = createRequire(path.join(root, 'tests/browser/package.json'));

const ALLOWED = {
  a: ['href', 'title', 'rel'], abbr: ['title'], acronym: ['title'], b: [], blockquote: ['cite'],
  cite: [], code: [], del: ['datetime'], em: [], i: [], q: ['cite'], s: [], strike: [], strong: [],
};
const URL_ATTRIBUTES = ['href', 'cite'];
const SCHEMES = ['http:', 'https:', 'mailto:'];

// What the reader types. Each alert or write to window.__injected would show
// that script ran.
const COMMENTS = [
  {
    name: 'typed: img onerror, script, javascript: link',
    how: 'type',
    text: '<img src=x onerror=alert(1)><b>bold</b><script>alert(2)</script><a href="javascript:alert(3)">x</a>',
    expect: { contains: ['<b>bold</b>'], removed: ['img', 'script', 'href'] },
  },
  {
    name: 'pasted: svg, handlers, obfuscated URLs, unclosed tags',
    how: 'fill',
    text: [
      '<svg onload="window.__injected=1"><script>alert(4)</script></svg>',
      '<a href="java&#x09;script:window.__injected=2" onmouseover="alert(5)">hover</a>',
      '<a href="https://example.com/" title="ok">a link</a>',
      '<abbr title="&quot;><img src=x onerror=alert(6)>">t</abbr>',
      '<details open ontoggle=alert(7)><summary>s</summary></details>',
      '<iframe srcdoc="<script>alert(8)</script>"></iframe>',
      '<b>unclosed <i>tags <q cite="javascript:alert(10)">everywhere',
      '<math><mtext><table><mglyph><style><img src=x onerror=alert(9)>',
    ].join('\n'),
    expect: {
      contains: ['<a href="https://example.com/" title="ok" rel="nofollow ugc">a link</a>', '<b>unclosed <i>tags <q>everywhere'],
      removed: ['svg', 'iframe', 'cite on <q>'],
    },
  },
];

let service = null;
let browser = null;

function finish(code, message) {
  if (message) process.stdout.write(message + '\n');
  if (service && service.exitCode === null) service.kill('SIGTERM');
  const close = browser ? browser.close().catch(() => {}) : Promise.resolve();
  close.finally(() => process.exit(code));
}

function cannotRun(message) {
  finish(2, `service preview check: could not run: ${message}`);
}

setTimeout(() => cannotRun(`did not finish within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS).unref();
// Never leave the service running, however this ends.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => cannotRun(`stopped by ${signal}`));
process.on('exit', () => {
  if (service && service.exitCode === null) service.kill('SIGKILL');
});

/** Start the service on a free port; resolves to its origin. */
function startService(binary) {
  return new Promise((resolve, reject) => {
    service = spawn(binary, ['127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    service.on('error', (err) => reject(new Error(`cannot start ${binary}: ${err.message}`)));
    service.on('exit', (code) => reject(new Error(`${binary} exited with ${code} before listening`)));
    service.stdout.setEncoding('utf8');
    service.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) resolve(m[1]);
    });
  });
}

/** The cleaned HTML the service returns for `comment`, asked directly. */
async function cleanedByService(origin, comment) {
  const response = await fetch(`${origin}/comments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ comment }),
  });
  if (!response.ok) throw new Error(`the service answered ${response.status}: ${await response.text()}`);
  return response.json();
}

// Runs in the page: judge the preview and the report.
function inspect({ allowed, urlAttributes, schemes }) {
  const problems = [];
  const preview = document.getElementById('preview');
  const walker = document.createTreeWalker(preview, NodeFilter.SHOW_ALL);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.nodeType === Node.TEXT_NODE) continue;
    if (node.nodeType !== Node.ELEMENT_NODE) {
      problems.push(`node of type ${node.nodeType} (${node.nodeName}) in the preview`);
      continue;
    }
    const name = node.localName;
    if (node.namespaceURI !== 'http://www.w3.org/1999/xhtml') problems.push(`<${name}> in namespace ${node.namespaceURI}`);
    const attrs = Object.prototype.hasOwnProperty.call(allowed, name) ? allowed[name] : null;
    if (attrs === null) problems.push(`<${name}> is not allowlisted`);
    for (const attr of Array.from(node.attributes)) {
      if (!attrs || !attrs.includes(attr.name)) problems.push(`<${name} ${attr.name}="${attr.value}"> is not allowed`);
      if (urlAttributes.includes(attr.name)) {
        let protocol = null;
        try { protocol = new URL(attr.value, document.baseURI).protocol; } catch (_) { protocol = 'unparsable'; }
        if (!schemes.includes(protocol)) problems.push(`<${name} ${attr.name}="${attr.value}"> is a ${protocol} URL`);
      }
    }
  }
  // The report is text: list items holding text only.
  const list = document.getElementById('removed');
  for (const li of list.children) {
    if (li.localName !== 'li' || li.children.length > 0) problems.push(`the report holds markup: ${li.outerHTML}`);
  }
  return {
    problems,
    innerHTML: preview.innerHTML,
    state: preview.dataset.state,
    report: Array.from(list.children).map((li) => li.textContent),
    links: document.getElementById('links').textContent,
    status: document.getElementById('status').textContent,
    injected: window.__injected ?? null,
    violations: window.__violations || [],
  };
}

// Runs in the page: give event handlers their chance on every preview
// element, without following links.
function poke() {
  window.addEventListener('click', (e) => e.preventDefault(), true);
  const types = ['mouseover', 'mouseenter', 'mousemove', 'mousedown', 'mouseup', 'click', 'focus', 'toggle', 'load', 'error'];
  for (const el of document.getElementById('preview').querySelectorAll('*')) {
    for (const type of types) {
      try { el.dispatchEvent(new Event(type, { bubbles: true, cancelable: true })); } catch (_) { /* keep going */ }
    }
  }
}

async function main() {
  const binary = process.argv[2];
  if (!binary) cannotRun('usage: node preview_check.mjs SERVICE_BINARY');
  let chromium;
  try {
    ({ chromium } = require('playwright-core'));
  } catch (err) {
    cannotRun(`playwright-core is missing (bash tests/browser/setup.sh installs it): ${err.message}`);
    return;
  }
  const started = Date.now();
  const origin = await startService(binary).catch((err) => cannotRun(err.message));
  if (!origin) return;

  try {
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
    cannotRun(`cannot launch ${CHROMIUM}: ${err.message}`);
    return;
  }
  const context = await browser.newContext({ serviceWorkers: 'block', acceptDownloads: false });
  // Before any page script; CSP does not govern init scripts.
  await context.addInitScript({
    content: `window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '?') + (e.sample ? ': ' + e.sample : ''));
      }, true);`,
  });
  const failures = [];
  const requests = [];
  const dialogs = [];
  const pageErrors = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = await context.newPage();
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    dialog.dismiss().catch(() => {});
  });
  page.on('pageerror', (err) => pageErrors.push(String(err && err.message ? err.message : err)));
  page.on('popup', (popup) => failures.push(`a popup opened: ${popup.url()}`));

  const response = await page.goto(`${origin}/`, { waitUntil: 'load' });
  if (!response || response.status() !== 200) cannotRun(`GET / answered ${response && response.status()}`);
  if (!(response.headers()['content-security-policy'] || '').includes("script-src 'self'")) {
    failures.push('GET / has no Content-Security-Policy with script-src \'self\'');
  }

  const box = page.locator('#comment');
  const results = [];
  for (const comment of COMMENTS) {
    const t0 = Date.now();
    await box.fill('');
    if (comment.how === 'type') {
      await box.click();
      await box.pressSequentially(comment.text);
    } else {
      await box.fill(comment.text);
    }
    await page.waitForFunction(
      (text) => document.getElementById('comment').value === text && document.getElementById('preview').dataset.state === 'ready',
      comment.text,
      { timeout: 15_000 },
    ).catch(() => failures.push(`${comment.name}: the preview did not become ready`));
    const expected = await cleanedByService(origin, comment.text);
    await page.evaluate(poke);
    await page.waitForTimeout(200);
    const seen = await page.evaluate(inspect, { allowed: ALLOWED, urlAttributes: URL_ATTRIBUTES, schemes: SCHEMES });
    const fail = (what) => failures.push(`${comment.name}: ${what}`);
    if (seen.innerHTML !== expected.html) {
      fail(`the preview's innerHTML ${JSON.stringify(seen.innerHTML)} differs from the service's cleaned HTML ${JSON.stringify(expected.html)}`);
    }
    for (const p of seen.problems) fail(p);
    for (const needle of comment.expect.contains) {
      if (!seen.innerHTML.includes(needle)) fail(`the preview lacks ${needle}`);
    }
    for (const name of comment.expect.removed) {
      if (!seen.report.some((line) => line.includes(name))) fail(`the report does not mention ${name}: ${JSON.stringify(seen.report)}`);
    }
    if (seen.links !== `Links: ${expected.report.links}`) fail(`links shown as ${JSON.stringify(seen.links)}, the service says ${expected.report.links}`);
    if (seen.injected !== null) fail(`injected script ran: window.__injected = ${seen.injected}`);
    for (const v of seen.violations) fail(`CSP violation: ${v}`);
    results.push({ comment: comment.name, preview: seen.innerHTML, report: seen.report, ms: Date.now() - t0 });
  }

  // Over the size limit: the service's message, an empty preview.
  await box.fill('x'.repeat(16 * 1024 + 1));
  await page.waitForFunction(() => document.getElementById('preview').dataset.state === 'error', null, { timeout: 15_000 })
    .catch(() => failures.push('a comment over the limit did not show an error'));
  const refused = await page.evaluate(inspect, { allowed: ALLOWED, urlAttributes: URL_ATTRIBUTES, schemes: SCHEMES });
  if (refused.innerHTML !== '') failures.push(`a refused comment left a preview: ${JSON.stringify(refused.innerHTML)}`);
  if (!/larger than the configured maximum/.test(refused.status)) failures.push(`a refused comment shows ${JSON.stringify(refused.status)}`);

  for (const d of dialogs) failures.push(`a dialog opened (script ran): ${d}`);
  for (const e of pageErrors) failures.push(`page error: ${e}`);
  for (const url of requests) {
    if (!url.startsWith(`${origin}/`)) failures.push(`a request left the service: ${url}`);
  }

  const summary = {
    ok: failures.length === 0,
    browser: `Chromium ${browser.version()}`,
    service: origin,
    comments: results,
    requests: requests.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
  if (failures.length) summary.failures = failures;
  finish(failures.length ? 1 : 0, JSON.stringify(summary, null, 1));
}

main().catch((err) => cannotRun(err && err.stack ? err.stack : String(err)));
