// Skyport's few scripts, loaded once per visit (htmx swaps the body, not the head): the pages
// work without them.
"use strict";

// A time that is no airport's (an offer's expiry, sent in UTC) in the traveller's own time zone,
// written as the site writes times ("Wed 2 Dec, 11:31"), whatever the browser's language (its
// own style read "Wed, Dec 2, 11:31 AM EST", or German in a German browser). The Date's getters
// are in the browser's time zone; the names are the site's, in English.
const SKYPORT_DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const SKYPORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
function skyportYourTimes() {
  for (const t of document.querySelectorAll("time[data-your-time]")) {
    const at = new Date(t.dateTime);
    if (isNaN(at)) continue;
    const two = (n) => String(n).padStart(2, "0");
    t.textContent = `${SKYPORT_DAYS[at.getDay()]} ${at.getDate()} ${SKYPORT_MONTHS[at.getMonth()]}, ${two(at.getHours())}:${two(at.getMinutes())} your time`;
    t.removeAttribute("data-your-time");
  }
}
// htmx keeps a page's markup for the back button, where typed values are not: write them into
// the markup first, so going back to a filled-in form shows it filled in (never a password: the
// markup is kept in the browser's sessionStorage; pages with personal details should say
// hx-history="false"). But a form that says what the page shows (the change-search form above
// the results, the airline filter: marked data-as-shown) keeps its markup as the page came: going
// back to the results shows the search they are of, not the next one typed into it.
function skyportKeepTyped(body) {
  for (const c of body.querySelectorAll("auto-complete[open]")) c.open = false;
  const typed = (field) => !field.closest("[data-as-shown]");
  for (const f of body.querySelectorAll("input:not([type=checkbox]):not([type=radio]):not([type=password])")) if (typed(f)) f.setAttribute("value", f.value);
  for (const f of body.querySelectorAll("input[type=checkbox], input[type=radio]")) if (typed(f)) f.toggleAttribute("checked", f.checked);
  for (const o of body.querySelectorAll("option")) if (typed(o)) o.toggleAttribute("selected", o.selected);
}
// A page shown again by Back or Forward (htmx's copy of it, or the browser's back-forward cache,
// which keeps what was typed) shows its data-as-shown parts as it came: their forms' fields as
// sent, open only if the page came with them open (data-open), their inner parts too.
function skyportAsShown(root) {
  for (const part of root.querySelectorAll("[data-as-shown]")) {
    for (const form of part.querySelectorAll("form")) {
      form.reset();
      const depart = form.elements.namedItem("depart"), back = form.elements.namedItem("return");
      if (back && depart instanceof HTMLInputElement) back.min = depart.value || depart.min;
    }
    for (const details of [part, ...part.querySelectorAll("details")]) details.open = details.hasAttribute("data-open");
  }
}
window.addEventListener("pageshow", (e) => {
  const [visit] = performance.getEntriesByType("navigation");
  if (e.persisted || (visit && visit.type === "back_forward")) skyportAsShown(document);
});
// A search sent with scripts leaves out the fields left empty that it can do without (return=,
// max_stops=, leave_after=, …): its address says what was asked. The `formdata` event is where
// a form's data is gathered, for the browser's own submission and for htmx's alike; nothing is
// disabled, so the form stays as it was, for Back too. (A field repeated, as a multi-city
// trip's are, keeps its place in the list: it is never left out.)
document.addEventListener("formdata", (e) => {
  const form = e.target;
  if (!form.matches(".search-form")) return;
  for (const [name, value] of [...e.formData.entries()]) {
    const field = form.elements.namedItem(name);
    if (value === "" && field instanceof HTMLElement && !field.required) e.formData.delete(name);
  }
});
// <auto-complete> leaves its list open when the field loses focus (github/auto-complete-element
// #136): close it then. A press on a suggestion keeps the focus in the field (no blur, so the
// click chooses it and the field keeps the focus).
document.addEventListener("mousedown", (e) => {
  if (e.target.closest && e.target.closest("auto-complete [role=listbox]")) e.preventDefault();
});
document.addEventListener("focusout", (e) => {
  const completer = e.target.closest && e.target.closest("auto-complete");
  if (completer && !completer.contains(e.relatedTarget)) completer.open = false;
});
// Tab on a highlighted suggestion chooses it and moves on, as the ARIA combobox pattern has it
// (the library chooses it but keeps the focus in the field)
document.addEventListener("keydown", (e) => {
  if (e.key !== "Tab" || e.shiftKey || !e.target.closest) return;
  const completer = e.target.closest("auto-complete");
  const chosen = completer && completer.open && completer.querySelector('[role="option"][aria-selected="true"]');
  if (!chosen) return;
  chosen.click();
  e.stopPropagation();
}, true);
// After htmx swaps a page in, it puts the focus back in the field that had it (before this
// event), and the library then asks for suggestions and opens them over the form: that field
// keeps them closed until it is typed in or left.
document.addEventListener("htmx:afterSwap", (e) => {
  const input = document.activeElement;
  if (input && input.closest && input.closest("auto-complete") && e.detail.target.contains(input)) input.dataset.untouched = "";
});
for (const settled of ["input", "focusout"]) {
  document.addEventListener(settled, (e) => {
    if (e.target.dataset) delete e.target.dataset.untouched;
  });
}
// (and suggestions that arrive once the field is left, its fetch having been on its way)
document.addEventListener("load", (e) => {
  const completer = e.target;
  if (completer.localName !== "auto-complete") return;
  if (!completer.contains(document.activeElement) || completer.querySelector("input[data-untouched]")) completer.open = false;
}, true);
// The library announces one suggestion as "1 results." (a moment after they arrive): say it
// right before the screen reader does. And a time for the traveller's own clock is written so
// as soon as it is in the page, however it came (htmx's swap, its history, a script): not on
// htmx's events, which a swap could miss.
new MutationObserver((changes) => {
  for (const change of changes) {
    const feedback = change.target;
    if (feedback.id && feedback.id.endsWith("-options-feedback") && feedback.textContent.startsWith("1 results.")) {
      feedback.textContent = feedback.textContent.replace("1 results.", "1 result.");
    }
  }
  if (changes.some((change) => change.addedNodes.length)) skyportYourTimes();
}).observe(document.documentElement, {childList: true, subtree: true});
skyportYourTimes();  // (the page as loaded: this script runs once it is parsed)
function skyportShowChosenDay() {
  const strip = document.querySelector(".calendar-strip"), day = strip && (strip.querySelector("[data-centre]") || strip.querySelector(".current"));
  if (day) strip.scrollLeft = day.offsetLeft - strip.offsetLeft - (strip.clientWidth - day.offsetWidth) / 2;
}
