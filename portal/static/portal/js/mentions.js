/* @mention suggestions for the post fields (textarea[data-mentions]): type @ and two letters,
   pick a member with the arrow keys and Enter (or a click). Without this script, « @Prénom Nom »
   typed in full is recognised when the post is saved. */
(function () {
  "use strict";
  var counter = 0;

  function setup(field) {
    var url = field.getAttribute("data-mentions");
    var id = "mentions-" + (++counter);
    var list = document.createElement("ul");
    var status = document.createElement("p");
    var results = [];
    var active = -1;
    var start = -1;
    var timer = null;
    list.id = id;
    list.className = "mentions";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", field.getAttribute("data-mentions-label") || "Membres");
    list.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", list);
    list.insertAdjacentElement("afterend", status);
    field.setAttribute("aria-autocomplete", "list");
    field.setAttribute("aria-controls", id);

    function close() {
      list.hidden = true;
      list.textContent = "";
      results = [];
      active = -1;
      field.removeAttribute("aria-activedescendant");
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      active = index;
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      if (options[index]) {
        field.setAttribute("aria-activedescendant", options[index].id);
      }
    }

    function choose(index) {
      var person = results[index];
      if (!person) { return; }
      var namesakes = results.filter(function (other) { return other.name === person.name; });
      var text = "@" + person.name + (namesakes.length > 1 && person.detail ? " (" + person.detail + ")" : "") + " ";
      var caret = field.selectionStart;
      field.value = field.value.slice(0, start) + text + field.value.slice(caret);
      field.selectionStart = field.selectionEnd = start + text.length;
      close();
      field.focus();
    }

    function show(found) {
      close();
      results = found;
      found.forEach(function (person, i) {
        var option = document.createElement("li");
        option.id = id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = person.name + (person.detail ? " — " + person.detail : "");
        option.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(option);
      });
      status.textContent = found.length ? found.length + " " + (field.getAttribute("data-mentions-help") || "") : "";
      if (found.length) {
        list.hidden = false;
      }
    }

    function lookup() {
      var before = field.value.slice(0, field.selectionStart);
      var match = /(^|[^\w@])@([^\s@][^@\n]{1,40})$/.exec(before);
      if (!match || match[2].length < 2) { close(); return; }
      start = before.length - match[2].length - 1;
      fetch(url + "?q=" + encodeURIComponent(match[2]), { credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { show(data.results || []); })
        .catch(close);
    }

    field.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(lookup, 200);
    });
    field.addEventListener("blur", close);
    field.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        highlight((active + 1) % results.length);
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight((active - 1 + results.length) % results.length);
      } else if ((event.key === "Enter" || event.key === "Tab") && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        close();
      }
    });
  }

  document.querySelectorAll("textarea[data-mentions]").forEach(setup);
})();
