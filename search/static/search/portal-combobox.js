/* The portal search box as a WAI-ARIA 1.2 combobox with a list popup ("list autocomplete
   with manual selection"): suggestions appear as the citizen types; the arrow keys move
   through them (aria-activedescendant, focus stays in the box); Enter opens the one
   chosen, or submits the form when none is; Escape closes the list, or clears the box
   when it is closed. Without JavaScript the box is a plain search form. Served as a file:
   the Content Security Policy refuses inline scripts. */
(function () {
    "use strict";

    var input = document.getElementById("portal-q");
    if (!input || !window.fetch) {
        return;
    }
    var listbox = document.getElementById(input.getAttribute("aria-controls"));
    var status = document.getElementById("portal-q-status");
    var where = document.getElementById("portal-telepules");
    var minLength = parseInt(input.dataset.minLength, 10) || 2;
    var options = [];
    var active = -1;
    var timer = null;
    var pending = null;
    var lastAsked = null;

    function announce(text) {
        // A short pause lets screen readers notice the change of the live region.
        status.textContent = "";
        window.setTimeout(function () { status.textContent = text; }, 100);
    }

    function isOpen() {
        return input.getAttribute("aria-expanded") === "true";
    }

    function open() {
        if (!options.length) {
            return;
        }
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
    }

    function close() {
        listbox.hidden = true;
        input.setAttribute("aria-expanded", "false");
        setActive(-1);
    }

    function setActive(index) {
        if (active >= 0 && options[active]) {
            options[active].setAttribute("aria-selected", "false");
        }
        active = index;
        if (index < 0 || !options[index]) {
            input.removeAttribute("aria-activedescendant");
            return;
        }
        var option = options[index];
        option.setAttribute("aria-selected", "true");
        input.setAttribute("aria-activedescendant", option.id);
        option.scrollIntoView({block: "nearest"});
    }

    function go(option) {
        window.location.assign(option.dataset.url);
    }

    function render(results) {
        listbox.textContent = "";
        options = results.map(function (result, index) {
            var option = document.createElement("li");
            option.id = "portal-q-option-" + index;
            option.setAttribute("role", "option");
            option.setAttribute("aria-selected", "false");
            option.dataset.url = result.url;
            var label = document.createElement("span");
            label.className = "portal-option-label";
            label.textContent = result.label;
            var meta = document.createElement("span");
            meta.className = "portal-option-meta";
            meta.textContent = result.municipality
                ? result.kind_label + " · " + result.municipality
                : result.kind_label;
            option.appendChild(label);
            option.appendChild(document.createTextNode(" "));
            option.appendChild(meta);
            // mousedown would take the focus from the box before the click lands.
            option.addEventListener("mousedown", function (event) { event.preventDefault(); });
            option.addEventListener("click", function () { go(option); });
            listbox.appendChild(option);
            return option;
        });
        active = -1;
        input.removeAttribute("aria-activedescendant");
        if (options.length) {
            open();
            announce(options.length === 1
                ? input.dataset.textOne
                : input.dataset.textMany.replace("{count}", options.length));
        } else {
            close();
            announce(input.dataset.textNone);
        }
    }

    function ask() {
        var query = input.value.trim();
        var key = query + "\u0000" + (where ? where.value : "");
        if (query.length < minLength) {
            lastAsked = null;
            render([]);
            status.textContent = "";
            return;
        }
        if (key === lastAsked) {
            open();
            return;
        }
        lastAsked = key;
        if (pending) {
            pending.abort();
        }
        pending = new AbortController();
        var url = input.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
        if (where && where.value) {
            url += "&telepules=" + encodeURIComponent(where.value);
        }
        fetch(url, {signal: pending.signal, headers: {Accept: "application/json"}})
            .then(function (response) { return response.ok ? response.json() : {results: []}; })
            .then(function (data) {
                if (input.value.trim() === query) {
                    render(data.results || []);
                }
            })
            .catch(function () { /* aborted by a newer query, or offline: the form still works */ });
    }

    input.addEventListener("input", function () {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 200);
    });

    input.addEventListener("keydown", function (event) {
        switch (event.key) {
        case "ArrowDown":
            event.preventDefault();
            if (!isOpen()) {
                open();
                if (!options.length) {
                    ask();
                }
            }
            if (options.length) {
                setActive(active + 1 < options.length ? active + 1 : 0);
            }
            break;
        case "ArrowUp":
            event.preventDefault();
            if (!isOpen()) {
                open();
            }
            if (options.length) {
                setActive(active > 0 ? active - 1 : options.length - 1);
            }
            break;
        case "Enter":
            if (isOpen() && active >= 0) {
                event.preventDefault();
                go(options[active]);
            }
            break;
        case "Escape":
            if (isOpen()) {
                event.preventDefault();
                close();
            } else {
                input.value = "";
                lastAsked = null;
                render([]);
                status.textContent = "";
            }
            break;
        case "Tab":
            close();
            break;
        default:
            break;
        }
    });

    input.addEventListener("blur", function () { close(); });
    if (where) {
        where.addEventListener("change", function () { lastAsked = null; });
    }
}());
