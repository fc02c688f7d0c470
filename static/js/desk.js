// Claimdesk keyboard-first annotation. No inline script anywhere (CSP): everything is here.
(function () {
  "use strict";

  const $ = (sel, root) => (root || document).querySelector(sel);
  const $$ = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  let pendingVerdict = false;

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
        !(target instanceof HTMLInputElement && target.type === "radio"));
  }

  function claimItems() { return $$("#claim-list .claim-item"); }

  function selectClaim(item) {
    if (!item) return;
    claimItems().forEach((li) => {
      li.classList.toggle("selected", li === item);
      const a = $("a", li);
      if (a) a.toggleAttribute("aria-current", li === item);
    });
    const link = $("a", item);
    if (link && window.htmx) {
      htmx.ajax("GET", link.getAttribute("hx-get"), { target: "#panel", swap: "outerHTML" }).then(() => {
        history.replaceState(null, "", "?claim=" + item.dataset.claimId);
        highlightClaim(item.dataset.claimId);
      });
    }
    item.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    const items = claimItems();
    if (!items.length) return;
    const current = items.findIndex((li) => li.classList.contains("selected"));
    const next = items[Math.min(items.length - 1, Math.max(0, current + step))];
    if (next && next !== items[current]) selectClaim(next);
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

  function check(group, value) {
    const form = $("#annotation-form");
    if (!form) return false;
    const input = $(`fieldset[data-key-group="${group}"] input[value="${value}"]`, form);
    if (!input) return false;
    input.checked = true;
    input.dispatchEvent(new Event("change", { bubbles: true }));
    return true;
  }

  function submit(andNext) {
    const form = $("#annotation-form");
    if (!form) return;
    form.querySelector('input[name="next"]').value = andNext ? "1" : "";
    if (window.htmx) htmx.trigger(form, "submit");
    else form.requestSubmit();
  }

  document.addEventListener("keydown", (event) => {
    const dialog = $("#help");
    if (event.key === "Escape") {
      if (dialog && dialog.open) dialog.close();
      else if (typing(event.target)) event.target.blur();
      pendingVerdict = false;
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) {
      // Enter in a one-line field of the annotation form saves and moves on.
      if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.closest("#annotation-form") &&
          !event.target.name.startsWith("evidence")) {
        event.preventDefault();
        submit(true);
      }
      return;
    }
    const key = event.key;
    let handled = true;
    if (pendingVerdict && /^[1-9]$/.test(key)) {
      const radios = $$('fieldset[data-key-group="verdict"] input[type="radio"]');
      const radio = radios[Number(key) - 1];
      if (radio) { radio.checked = true; }
      pendingVerdict = false;
    } else if (key === "?") {
      if (dialog) dialog.open ? dialog.close() : dialog.showModal();
    } else if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (/^[a-f]$/.test(key)) check("reliability", key.toUpperCase());
    else if (/^[1-6]$/.test(key)) check("credibility", key);
    else if (key === "l") check("confidence", "low");
    else if (key === "m") check("confidence", "moderate");
    else if (key === "h") check("confidence", "high");
    else if (key === "v") pendingVerdict = true;
    else if (key === "/") { const f = $("#annotation-form input[list]"); if (f) f.focus(); }
    else if (key === "r") { const f = $("#annotation-form textarea"); if (f) f.focus(); }
    else if (key === "t") { const d = $("#panel details.fix"); if (d) { d.open = true; $("#claim-text-input").focus(); } }
    else if (key === "s") submit(false);
    else if (key === "Enter") submit(true);
    else handled = false;
    if (handled) event.preventDefault();
  });

  document.addEventListener("click", (event) => {
    const help = event.target.closest('[data-action="help"]');
    if (help) { const d = $("#help"); if (d) d.showModal(); }
  });

  document.body && document.body.addEventListener("claimSavedNext", () => { toast("Saved."); move(1); });
  document.addEventListener("htmx:afterSwap", (event) => {
    if (event.detail.target && event.detail.target.id === "panel" && event.detail.xhr.status === 200 && $("#panel .saved")) toast("Saved.");
  });
  // A failed save keeps the form as typed; say so and let the analyst retry.
  document.addEventListener("htmx:responseError", (event) => {
    const status = event.detail.xhr.status;
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
    const selected = $("#claim-list .claim-item.selected");
    if (selected) highlightClaim(selected.dataset.claimId);
  });
})();
