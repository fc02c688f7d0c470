// Claimdesk keyboard-first annotation. No inline script anywhere (CSP): everything is here.
//
// The panel is the truth. However a claim gets into the panel (a click in the list, j/k,
// "Save and next", which the server answers with the next claim's panel, a reload), the list
// selection, the highlight in the text and the URL follow the claim the panel shows, and a
// save posts the form that panel holds. Keys typed while the panel is being replaced wait for
// the new panel, so they apply to the claim on screen, never to the one that just left it.
(function () {
  "use strict";

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  let pendingVerdict = false;
  let panelRequests = 0; // requests in flight whose answer replaces the panel
  let settling = false; // a new panel is in, but htmx has not wired its form yet
  const waiting = []; // keys typed meanwhile, run in order once the new panel is in

  function toast(message, isError) {
    const el = $("#save-status");
    if (!el) return;
    el.textContent = message;
    el.classList.toggle("error", Boolean(isError));
    el.classList.add("show");
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => el.classList.remove("show"), isError ? 8000 : 2500);
  }

  function typing(target) {
    return target instanceof HTMLElement &&
      (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName) &&
        !(target instanceof HTMLInputElement && ["radio", "checkbox"].includes(target.type)));
  }

  function claimItems() { return $$("#claim-list .claim-item"); }

  function shownClaimId() {
    const panel = $("#panel");
    return panel ? panel.dataset.claimId || "" : "";
  }

  function highlightClaim(id) {
    $$("#article-body .current").forEach((s) => s.classList.remove("current"));
    let first = null;
    $$("#article-body [data-claims]").forEach((s) => {
      if (s.dataset.claims.split(" ").includes(String(id))) {
        s.classList.add("current");
        first = first || s;
      }
    });
    if (first) first.scrollIntoView({ block: "nearest" });
  }

  // List selection, highlight and URL follow the claim in the panel.
  function followPanel() {
    const id = shownClaimId();
    if (!id) return;
    let selected = null;
    claimItems().forEach((li) => {
      const on = li.dataset.claimId === id;
      li.classList.toggle("selected", on);
      const link = $("a", li);
      if (link && on) link.setAttribute("aria-current", "true");
      else if (link) link.removeAttribute("aria-current");
      if (on) selected = li;
    });
    if (selected) selected.scrollIntoView({ block: "nearest" });
    highlightClaim(id);
    const url = new URL(window.location.href);
    if (url.searchParams.get("claim") !== id) {
      url.searchParams.set("claim", id);
      history.replaceState(history.state, "", url);
    }
  }

  function openClaim(item) {
    const link = item && $("a", item);
    if (!link) return;
    if (window.htmx) htmx.ajax("GET", link.getAttribute("hx-get"), { source: link, target: "#panel", swap: "outerHTML" });
    else window.location.assign(link.href);
  }

  function move(step) {
    // Opened from the review queue: previous/next walk that queue, across articles.
    if ($("#panel .queue-nav")) {
      const link = $(`#panel a[data-queue="${step > 0 ? "next" : "previous"}"]`);
      if (link) window.location.assign(link.href);
      return;
    }
    const items = claimItems();
    if (!items.length) return;
    const current = items.findIndex((li) => li.dataset.claimId === shownClaimId());
    const next = current < 0 ? 0 : Math.min(items.length - 1, Math.max(0, current + step));
    if (next !== current) openClaim(items[next]);
  }

  function check(group, value) {
    const input = $(`#annotation-form fieldset[data-key-group="${group}"] input[value="${value}"]`);
    if (!input) return;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  }

  // The same path as a click on the button, so the mouse and the keyboard save alike.
  function save(andNext) {
    const button = $(`#annotation-form button[data-action="${andNext ? "save-next" : "save"}"]`);
    if (button) button.click();
  }

  function focus(selector) {
    const el = $(selector);
    if (el) el.focus();
  }

  function insert(field, text) {
    try {
      field.setRangeText(text, field.selectionStart, field.selectionEnd, "end");
      field.dispatchEvent(new Event("input", { bubbles: true }));
    } catch (e) { /* a field without a text cursor (date, select): nothing to type into */ }
  }

  // The review queue: j/k move between rows, x selects the current row for a bulk action
  // (Shift+x: every row from the last one toggled), Enter opens the claim (its link has the focus).
  const queueRows = () => $$("#queue-table .queue-row");
  let lastToggled = -1;

  function currentRow() {
    return queueRows().findIndex((row) => row.classList.contains("current"));
  }

  function setRow(index) {
    const rows = queueRows();
    if (!rows.length) return;
    const i = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach((row, n) => row.classList.toggle("current", n === i));
    const link = $("a.queue-claim", rows[i]);
    if (link) link.focus();
    rows[i].scrollIntoView({ block: "nearest" });
  }

  function toggleRows(range) {
    const rows = queueRows();
    const i = currentRow();
    const box = i < 0 ? null : $('input[type="checkbox"]', rows[i]);
    if (!box) return;
    const on = !box.checked;
    const from = range && lastToggled >= 0 ? Math.min(lastToggled, i) : i;
    const to = range && lastToggled >= 0 ? Math.max(lastToggled, i) : i;
    for (let n = from; n <= to; n += 1) {
      const other = $('input[type="checkbox"]', rows[n]);
      if (other) other.checked = on;
    }
    lastToggled = i;
  }

  function handleQueue(key) {
    if (key === "j") setRow(currentRow() + 1);
    else if (key === "k") setRow(Math.max(0, currentRow() - 1));
    else if (key === "x") toggleRows(false);
    else if (key === "X") toggleRows(true);
    else return false;
    return true;
  }

  document.addEventListener("focusin", (event) => {
    const row = event.target instanceof Element && event.target.closest("#queue-table .queue-row");
    if (row) queueRows().forEach((r) => r.classList.toggle("current", r === row));
  });

  // Does what `key` means where `target` has the focus; true when it used the key. `replayed`:
  // the key was typed while the panel was loading, so the browser has not typed it anywhere.
  function handle(key, target, replayed) {
    if (typing(target)) {
      // Enter in a one-line field of the annotation form saves and moves on.
      if (key === "Enter" && target.tagName === "INPUT" && target.closest("#annotation-form") &&
          !target.name.startsWith("evidence")) {
        save(true);
        return true;
      }
      if (replayed && (key.length === 1 || key === "Enter" && target.tagName === "TEXTAREA")) {
        insert(target, key === "Enter" ? "\n" : key);
        return true;
      }
      return false;
    }
    // Enter on a link or a button does what that link or button does.
    if (key === "Enter" && target instanceof Element && target.closest("a[href], button, summary")) return false;
    if ($("#queue-table") && handleQueue(key)) return true;
    if (pendingVerdict && /^[1-9]$/.test(key)) {
      pendingVerdict = false;
      const radios = $$('#annotation-form fieldset[data-key-group="verdict"] input[type="radio"]');
      const radio = radios[Number(key) - 1];
      if (radio) {
        radio.checked = true;
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      }
      return true;
    }
    pendingVerdict = false;
    const dialog = $("#help");
    // An open sheet (shortcuts, guidelines) takes no desk keys but its own and Esc.
    const sheet = $("dialog[open]");
    if (sheet && !(key === "?" && sheet.id === "help") && !(key === "g" && sheet.id === "guidelines")) return false;
    if (key === "?") { if (dialog) dialog.open ? dialog.close() : dialog.showModal(); }
    else if (key === "g") toggleGuidelines();
    else if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (/^[a-f]$/.test(key)) check("reliability", key.toUpperCase());
    else if (/^[1-6]$/.test(key)) check("credibility", key);
    else if (key === "l") check("confidence", "low");
    else if (key === "m") check("confidence", "moderate");
    else if (key === "h") check("confidence", "high");
    else if (key === "v") pendingVerdict = true;
    else if (key === "/") focus("#annotation-form input[list]");
    else if (key === "r") focus("#annotation-form textarea");
    else if (key === "u") focus("#evidence-url");
    else if (key === "t") { const d = $("#panel details.fix"); if (d) { d.open = true; focus("#claim-text-input"); } }
    else if (key === "s") save(false);
    else if (key === "Enter") save(true);
    else return false;
    return true;
  }

  // The project's guidelines (sanitised server-side) in a dialog, loaded once per page by htmx.
  function toggleGuidelines() {
    const sheet = $("#guidelines");
    if (!sheet) return;
    if (sheet.open) { sheet.close(); return; }
    if (!sheet.dataset.loaded && window.htmx) {
      sheet.dataset.loaded = "1";
      htmx.ajax("GET", sheet.dataset.src, { target: "#guidelines-body", swap: "innerHTML" });
    }
    sheet.showModal();
  }

  const busy = () => panelRequests > 0 || settling;

  function replay() {
    while (waiting.length && !busy()) handle(waiting.shift(), document.activeElement, true);
  }

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      const dialog = $("dialog[open]");
      if (dialog) dialog.close();
      else if (typing(event.target)) event.target.blur();
      pendingVerdict = false;
      waiting.length = 0;
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
    if (busy() && (event.key.length === 1 || event.key === "Enter") && $("#panel")) {
      event.preventDefault();
      waiting.push(event.key);
      return;
    }
    if (handle(event.key, event.target, false)) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    const help = event.target.closest('[data-action="help"]');
    if (help) { const d = $("#help"); if (d) d.showModal(); }
    const guide = event.target.closest('[data-action="guidelines"]');
    if (guide && $("#guidelines")) { event.preventDefault(); toggleGuidelines(); }
  });

  const replacesPanel = (event) => Boolean(event.detail && event.detail.target && event.detail.target.id === "panel");
  document.addEventListener("htmx:beforeRequest", (event) => { if (replacesPanel(event)) panelRequests += 1; });
  // Fired after the answer is swapped in (or after a failure, with nothing swapped).
  document.addEventListener("htmx:afterRequest", (event) => {
    if (!replacesPanel(event)) return;
    panelRequests = Math.max(0, panelRequests - 1);
    replay();
  });
  // htmx wires the new panel's form when it settles; a save before that would be a plain post.
  document.addEventListener("htmx:afterSettle", (event) => {
    if (!(event.target instanceof Element) || event.target.id !== "panel") return;
    settling = false;
    replay();
  });
  let followed = shownClaimId();
  document.addEventListener("htmx:afterSwap", (event) => {
    if (!(event.target instanceof Element) || event.target.id !== "panel") return;
    settling = true;
    const id = shownClaimId();
    // A different claim: leave the field the old panel had focused, so the keys are
    // shortcuts for the new claim (htmx puts the focus back on the field of the same id).
    if (id !== followed && document.activeElement && document.activeElement.closest("#panel")) document.activeElement.blur();
    followed = id;
    followPanel();
    if (event.detail.xhr && event.detail.xhr.status === 200 && $("#panel .saved")) toast("Saved.");
  });
  // A failed save keeps the form as typed; say so and let the analyst retry.
  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
    const config = event.detail.requestConfig;
    if (config && String(config.verb).toLowerCase() === "get") { toast(`Could not open that (server answered ${status}).`, true); return; }
    if (status === 422) { toast("Not saved: check the highlighted fields.", true); return; }
    toast(`Not saved (server answered ${status}). Your input is kept: press s to retry.`, true);
  });
  document.addEventListener("htmx:sendError", () => toast("Not saved: no connection. Your input is kept: press s to retry.", true));

  // Add a claim from the selected article text: offsets come from data-s on each segment.
  function offsetOf(node, offset) {
    const span = node.nodeType === Node.TEXT_NODE ? node.parentElement : node;
    const seg = span && span.closest("[data-s]");
    if (!seg || !seg.closest("#article-body")) return null;
    return Number(seg.dataset.s) + (node.nodeType === Node.TEXT_NODE ? offset : 0);
  }
  document.addEventListener("selectionchange", () => {
    const form = $("#add-claim");
    if (!form) return;
    const sel = document.getSelection();
    let start = null, end = null;
    if (sel && sel.rangeCount && !sel.isCollapsed) {
      const range = sel.getRangeAt(0);
      start = offsetOf(range.startContainer, range.startOffset);
      end = offsetOf(range.endContainer, range.endOffset);
    }
    const ok = start !== null && end !== null && end > start;
    form.querySelector('input[name="start"]').value = ok ? start : "";
    form.querySelector('input[name="end"]').value = ok ? end : "";
    form.querySelector("button").disabled = !ok;
  });

  document.addEventListener("DOMContentLoaded", () => {
    followed = shownClaimId();
    followPanel();
  });
})();
