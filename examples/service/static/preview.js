// The live preview: a moment after the reader stops typing, POST the
// comment to /comments as JSON and show the cleaned HTML the service
// returns. That cleaned HTML is the only thing this page ever inserts as
// HTML; the report and errors are set as text.
//
// #preview's data-state says where it is: "empty" before anything was
// typed, "pending" while an answer for the current text is awaited,
// "ready" once the preview shows it, "error" when the service refused it.
'use strict';

(() => {
  const DEBOUNCE_MS = 250;

  const box = document.getElementById('comment');
  const preview = document.getElementById('preview');
  const status = document.getElementById('status');
  const removedList = document.getElementById('removed');
  const links = document.getElementById('links');

  // Bumped on every edit: an answer for an older text is dropped.
  let generation = 0;
  let timer = null;
  let inFlight = null;

  function describe(entry) {
    const times = entry.count > 1 ? ` (${entry.count} times)` : '';
    switch (entry.kind) {
      case 'element':
        return `<${entry.name}>${entry.content_dropped ? ' and its content' : ''}${times}`;
      case 'end_tag':
        return `</${entry.name}>${times}`;
      case 'too_deep':
        return `<${entry.name}>, nested too deep${times}`;
      case 'attribute':
        return `${entry.name} on <${entry.element}>: ${entry.reason_text}${times}`;
      default:
        return `${entry.kind.replace(/_/g, ' ')}${times}`;
    }
  }

  function showReport(report) {
    const items = report.removed.map((entry) => {
      const li = document.createElement('li');
      li.textContent = describe(entry);
      return li;
    });
    if (report.other_removals > 0) {
      const li = document.createElement('li');
      li.textContent = `${report.other_removals} more`;
      items.push(li);
    }
    removedList.replaceChildren(...items);
    links.textContent = `Links: ${report.links}`;
  }

  function showError(message) {
    preview.textContent = '';
    removedList.replaceChildren();
    links.textContent = '';
    status.textContent = message;
    preview.dataset.state = 'error';
  }

  async function update() {
    timer = null;
    const mine = generation;
    const controller = new AbortController();
    inFlight = controller;
    let response;
    let body;
    try {
      response = await fetch('/comments', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ comment: box.value }),
        signal: controller.signal,
      });
      body = await response.json();
    } catch (err) {
      if (mine === generation) showError(`The preview is not available: ${err.message}`);
      return;
    } finally {
      if (inFlight === controller) inFlight = null;
    }
    if (mine !== generation) return;
    if (!response.ok) {
      showError(body && body.message ? body.message : `The service answered ${response.status}.`);
      return;
    }
    // Cleaned by the service: safe to insert as it is.
    preview.innerHTML = body.html;
    showReport(body.report);
    status.textContent = '';
    preview.dataset.state = 'ready';
  }

  function schedule() {
    generation += 1;
    if (inFlight) inFlight.abort();
    clearTimeout(timer);
    preview.dataset.state = 'pending';
    timer = setTimeout(update, DEBOUNCE_MS);
  }

  box.addEventListener('input', schedule);
  // Text the browser restored into the box (a reload, the back button).
  if (box.value !== '') schedule();
})();
