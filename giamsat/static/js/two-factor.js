// Recovery codes: "In các mã" prints the page, "Chép các mã" copies them, one per line. Without JavaScript the
// buttons stay hidden and the codes are still there to print or copy by hand.
(function () {
  var printButton = document.querySelector("[data-print]");
  if (printButton && window.print) {
    printButton.hidden = false;
    printButton.addEventListener("click", function () { window.print(); });
  }
  var copyButton = document.querySelector("[data-copy]");
  var status = document.querySelector("[data-copy-status]");
  if (copyButton && navigator.clipboard && window.isSecureContext) {
    copyButton.hidden = false;
    copyButton.addEventListener("click", function () {
      var list = document.getElementById(copyButton.getAttribute("data-copy"));
      var codes = Array.prototype.map.call(list.querySelectorAll("code"), function (code) { return code.textContent; });
      navigator.clipboard.writeText(codes.join("\n")).then(function () {
        if (status) status.textContent = copyButton.getAttribute("data-copied");
      });
    });
  }
})();
