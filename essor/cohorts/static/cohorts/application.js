// Progressive enhancement of the application form: the VAPP request is only asked for
// below level 7, so it is hidden once a level 7 or 8 diploma is chosen. Without
// JavaScript the field stays visible with its explanation; the server enforces the rule.
(function () {
  "use strict";
  var block = document.querySelector("[data-vapp]");
  if (!block) return;
  var select = document.getElementById(block.getAttribute("data-level-field"));
  var expected = parseInt(block.getAttribute("data-expected-level"), 10);
  if (!select) return;

  function update() {
    var level = parseInt(select.value, 10);
    // Keep it visible while it shows an error, whatever the level.
    var invalid = block.querySelector("[aria-invalid='true']");
    block.hidden = !invalid && !isNaN(level) && level >= expected;
  }

  select.addEventListener("change", update);
  update();
})();
