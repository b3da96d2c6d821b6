// Review queue shortcuts: j/k move between candidates, a/r submit the current one's form.
// Without JavaScript the buttons still work; this only saves the reviewer the mouse.
(function () {
  "use strict";
  var items = Array.prototype.slice.call(document.querySelectorAll(".candidate[data-id]"));
  if (!items.length) { return; }
  var current = 0;
  function select(i) {
    items[current].classList.remove("current");
    current = Math.max(0, Math.min(items.length - 1, i));
    items[current].classList.add("current");
    items[current].focus();
  }
  select(0);
  document.addEventListener("keydown", function (ev) {
    var t = ev.target;
    if (ev.ctrlKey || ev.metaKey || ev.altKey) { return; }
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT")) { return; }
    if (ev.key === "j") { select(current + 1); }
    else if (ev.key === "k") { select(current - 1); }
    else if (ev.key === "a" || ev.key === "r") {
      var form = items[current].querySelector(ev.key === "a" ? "form.accept" : "form.reject");
      if (form) { ev.preventDefault(); form.submit(); }
    }
  });
}());
