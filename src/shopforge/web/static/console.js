// ShopForge console: keyboard shortcuts, select-all boxes, one-submit forms, and unsaved edits kept in this
// browser (localStorage) so that an expired session or a closed tab never loses a merchant's text.
(function () {
  "use strict";

  function typing(target) {
    var tag = target && target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (target && target.isContentEditable);
  }

  function press(selector) {
    var element = document.querySelector(selector);
    if (element && !element.disabled) {
      element.click();
      return true;
    }
    return false;
  }

  function rowLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-rows] [data-row-link]"));
  }

  function moveRow(step) {
    var links = rowLinks();
    if (!links.length) return false;
    var index = links.indexOf(document.activeElement);
    var next = index < 0 ? 0 : Math.min(links.length - 1, Math.max(0, index + step));
    links[next].focus();
    return true;
  }

  function toggleFocusedRow() {
    var row = document.activeElement && document.activeElement.closest("tr");
    var box = row && row.querySelector("input[type=checkbox]");
    if (!box) return false;
    box.checked = !box.checked;
    return true;
  }

  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && event.target.id === "editor") {
      event.preventDefault();
      press("#save-approve");
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var handled = false;
    if (event.key === "e") {
      var editor = document.getElementById("editor");
      if (editor) {
        editor.focus();
        handled = true;
      }
    } else if (event.key === "j") {
      handled = moveRow(1);
    } else if (event.key === "k") {
      handled = moveRow(-1);
    } else if (event.key === "x") {
      handled = toggleFocusedRow();
    } else if (event.key.length === 1) {
      handled = press('[data-shortcut="' + event.key + '"]');
    }
    if (handled) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    var name = event.target.getAttribute && event.target.getAttribute("data-select-all");
    if (!name) return;
    var scope = event.target.closest("form") || document;
    scope.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // A second click would send the form again: disable its buttons once it is on its way (after the browser
  // has read the clicked button's name and value). The server also ignores a repeated one-time token.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-once")) return;
    form.setAttribute("aria-busy", "true");
    setTimeout(function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (button) {
        button.disabled = true;
      });
      document.querySelectorAll('button[form="' + form.id + '"]').forEach(function (button) {
        button.disabled = true;
      });
    }, 0);
  });

  function keepDrafts() {
    var editor = document.getElementById("editor");
    var key = editor && editor.getAttribute("data-draft-key");
    if (!key || !window.localStorage) return;
    var note = document.getElementById("draft-note");
    var draft = localStorage.getItem(key);
    if (draft !== null && draft !== editor.value) {
      editor.value = draft;
      if (note) note.hidden = false;
      setTimeout(function () {
        editor.dispatchEvent(new Event("input", { bubbles: true }));  // re-verify the restored text
      }, 0);
    } else if (draft !== null) {
      localStorage.removeItem(key);  // the server has this text now
    }
    editor.addEventListener("input", function () {
      localStorage.setItem(key, editor.value);
    });
    var discard = document.querySelector("[data-discard-draft]");
    if (discard) {
      discard.addEventListener("click", function () {
        localStorage.removeItem(key);
        window.location.reload();
      });
    }
  }

  // After HTMX has wired the editor (it starts on DOMContentLoaded too, and its script runs first).
  if (document.readyState === "complete") {
    keepDrafts();
  } else {
    document.addEventListener("DOMContentLoaded", keepDrafts);
  }
})();
