// The import review screen works without JavaScript; this adds: more "add an agency" inputs, more added rows,
// greying out a row as soon as "Không nhập" is ticked, one submission at a time, and a warning before leaving
// the page with corrections not yet sent.
(function () {
  var form = document.getElementById("review-form");
  if (!form) return;

  form.querySelectorAll(".add-agency").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var inputs = button.parentNode.querySelectorAll("input[type=text]");
      var copy = inputs[inputs.length - 1].cloneNode(false);
      copy.value = "";
      copy.removeAttribute("aria-invalid");
      button.parentNode.insertBefore(copy, button);
      copy.focus();
    });
  });

  var addRow = document.getElementById("add-new-row");
  var template = document.getElementById("new-row-template");
  var total = form.querySelector("input[name=new-TOTAL_FORMS]");
  if (addRow && template && total) {
    addRow.hidden = false;
    addRow.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var row = holder.firstElementChild;
      document.getElementById("new-row-list").appendChild(row);
      total.value = String(index + 1);
      var first = row.querySelector("input, textarea");
      if (first) first.focus();
    });
  }

  form.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.classList || !box.classList.contains("exclude-box")) return;
    var row = box.closest("tr");
    row.classList.toggle("excluded", box.checked);
    var next = row.nextElementSibling;
    if (next && next.classList.contains("lineage-row")) next.classList.toggle("excluded", box.checked);
  });

  var dirty = false;
  var submitting = false;
  form.addEventListener("input", function () { dirty = true; });
  form.addEventListener("submit", function (event) {
    if (submitting) { event.preventDefault(); return; }
    submitting = true;
    dirty = false;
  });
  window.addEventListener("pageshow", function () { submitting = false; });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });
})();
