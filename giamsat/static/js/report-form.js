// The report form keeps what the officer types: a draft is saved while typing (text only; files go with a
// button), and leaving the page with unsaved changes asks first. The form works without JavaScript.
(function () {
  var form = document.getElementById("report-form");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("autosave-status");
  var dirty = false;
  var timer = null;
  var saving = false;

  function textData() {
    var data = new FormData();
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!field.name || field.type === "file" || field.type === "submit") return;
      if (field.name.indexOf("file-") === 0 || field.name.indexOf("ref-") === 0) return;
      if (field.name === "remove_evidence") return;
      data.append(field.name, field.value);
    });
    return data;
  }

  function save() {
    if (!dirty || saving) return;
    saving = true;
    fetch(form.dataset.autosave, {
      method: "POST",
      body: textData(),
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    })
      .then(function (response) {
        return response.json().then(function (body) {
          if (body.saved) dirty = false;
          status.textContent = body.message || body.error || "";
        });
      })
      .catch(function () {
        status.textContent = "Chưa tự động lưu được (mất kết nối?): nội dung vẫn còn trên trang.";
      })
      .then(function () {
        saving = false;
      });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") return;
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  });
  form.addEventListener("change", function (event) {
    if (event.target.type === "file" && event.target.files.length) {
      dirty = true;
      status.textContent = "Tệp đã chọn sẽ được lưu khi bấm “Lưu dự thảo” hoặc “Gửi lãnh đạo đơn vị”.";
    }
  });
  form.addEventListener("submit", function () {
    dirty = false;
    clearTimeout(timer);
    window.removeEventListener("beforeunload", warn);
  });
  function fileChosen() {
    return Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return input.files && input.files.length > 0;
    });
  }
  function warn(event) {
    if (!dirty && !fileChosen()) return;
    event.preventDefault();
    event.returnValue = "";
  }
  window.addEventListener("beforeunload", warn);
})();
