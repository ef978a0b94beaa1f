// Skyport's few scripts, loaded once per visit (htmx swaps the body, not the head): the pages
// work without them.
"use strict";

function skyportYourTimes() {
  for (const t of document.querySelectorAll("time[data-your-time]")) {
    const at = new Date(t.dateTime);
    if (isNaN(at)) continue;
    t.textContent = at.toLocaleString(undefined, {weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", timeZoneName: "short"}) + " your time";
    t.removeAttribute("data-your-time");
  }
}
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
// right before the screen reader does.
new MutationObserver((changes) => {
  for (const change of changes) {
    const feedback = change.target;
    if (feedback.id && feedback.id.endsWith("-options-feedback") && feedback.textContent.startsWith("1 results.")) {
      feedback.textContent = feedback.textContent.replace("1 results.", "1 result.");
    }
  }
}).observe(document.documentElement, {childList: true, subtree: true});
function skyportShowChosenDay() {
  const strip = document.querySelector(".calendar-strip"), day = strip && (strip.querySelector("[data-centre]") || strip.querySelector(".current"));
  if (day) strip.scrollLeft = day.offsetLeft - strip.offsetLeft - (strip.clientWidth - day.offsetWidth) / 2;
}
