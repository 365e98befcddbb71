/* The « Où » filter as a combobox (WAI-ARIA 1.2, list autocomplete): a text field that asks
   the place search (/territoires/lieux/?format=json) as the visitor types, and a listbox of the
   places found. It replaces a <select data-place-search="…"> which stays in the form, hidden,
   and receives the chosen place: without JavaScript the select and the search page work alone. */
(function () {
  "use strict";

  function enhance(select, index) {
    var url = select.getAttribute("data-place-search");
    var label = document.querySelector('label[for="' + select.id + '"]');
    var wrapper = document.createElement("div");
    var input = document.createElement("input");
    var listbox = document.createElement("ul");
    var status = document.createElement("p");
    var listId = "lieux-" + index;
    var options = [];
    var active = -1;
    var timer = null;
    var requestNumber = 0;

    wrapper.className = "place-combobox";
    input.type = "text";
    input.id = select.id + "-recherche";
    input.className = "place-combobox__input";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");
    input.setAttribute("maxlength", "100");
    var described = select.getAttribute("aria-describedby");
    if (described) input.setAttribute("aria-describedby", described);
    var chosen = select.options[select.selectedIndex];
    input.value = chosen && chosen.value ? chosen.text : "";
    listbox.id = listId;
    listbox.className = "place-combobox__list";
    listbox.setAttribute("role", "listbox");
    if (label) {
      label.id = label.id || select.id + "-label";
      label.setAttribute("for", input.id);
      listbox.setAttribute("aria-labelledby", label.id);
    }
    listbox.hidden = true;
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    select.hidden = true;
    select.setAttribute("aria-hidden", "true");
    select.tabIndex = -1;
    select.parentNode.insertBefore(wrapper, select);
    wrapper.appendChild(input);
    wrapper.appendChild(listbox);
    wrapper.appendChild(status);

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      options.forEach(function (option, j) {
        option.element.setAttribute("aria-selected", j === i ? "true" : "false");
      });
      active = i;
      if (i >= 0) {
        input.setAttribute("aria-activedescendant", options[i].element.id);
        options[i].element.scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function choose(i) {
      var place = options[i].place;
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === String(place.id);
      });
      if (!option) {
        option = new Option(place.label, String(place.id));
        select.add(option);
      }
      select.value = String(place.id);
      input.value = option.text;
      close();
    }

    function show(results) {
      listbox.textContent = "";
      options = results.map(function (place, i) {
        var element = document.createElement("li");
        element.id = listId + "-" + i;
        element.setAttribute("role", "option");
        element.setAttribute("aria-selected", "false");
        element.textContent = place.label;
        element.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        listbox.appendChild(element);
        return { element: element, place: place };
      });
      status.textContent = results.length
        ? results.length + (results.length > 1 ? " lieux trouvés" : " lieu trouvé")
        : "Aucun lieu trouvé";
      if (results.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function search() {
      var text = input.value.trim();
      if (!text) {
        select.value = "";
        close();
        return;
      }
      var number = ++requestNumber;
      fetch(url + "?format=json&q=" + encodeURIComponent(text), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (number === requestNumber) show(data.results || []);
        })
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (listbox.hidden) search();
        else highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!listbox.hidden) highlight(Math.max(active - 1, 0));
      } else if (event.key === "Enter" && !listbox.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape") {
        if (!listbox.hidden) {
          event.preventDefault();
          close();
        } else {
          input.value = "";
          select.value = "";
        }
      }
    });
    input.addEventListener("blur", close);
  }

  document.querySelectorAll("select[data-place-search]").forEach(enhance);
})();
