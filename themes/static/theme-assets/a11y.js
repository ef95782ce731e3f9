/* Visitors' display preferences: high contrast and larger text, remembered in this browser.
 * Applied here, on the client, as classes on <html>: the page itself is the same for every
 * visitor, so it can be served from the per-site page cache. Loaded in <head> without
 * defer so the classes are in place before the first paint. */
(function () {
  "use strict";
  var KEY = "varoshaza-display";
  var CLASSES = { contrast: "a11y-contrast", large: "a11y-large" };
  var root = document.documentElement;

  function load() {
    try {
      return JSON.parse(window.localStorage.getItem(KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function save(preferences) {
    try {
      window.localStorage.setItem(KEY, JSON.stringify(preferences));
    } catch (error) {
      /* Storage refused (private mode): the choice lasts for this page only. */
    }
  }

  var preferences = load();

  function apply() {
    Object.keys(CLASSES).forEach(function (name) {
      root.classList.toggle(CLASSES[name], Boolean(preferences[name]));
    });
  }

  apply();

  /* The collapsible menu of a narrow screen: the class tells base.css that a script is here
   * to open it again, so only then are the header's tools and the menu folded away. */
  root.classList.add("js-menu");

  function setMenuOpen(toggles, open) {
    root.classList.toggle("menu-open", open);
    Array.prototype.forEach.call(toggles, function (toggle) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var toggles = document.querySelectorAll("[data-menu-toggle]");
    Array.prototype.forEach.call(toggles, function (toggle) {
      toggle.addEventListener("click", function () {
        setMenuOpen(toggles, !root.classList.contains("menu-open"));
      });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && root.classList.contains("menu-open")) {
        setMenuOpen(toggles, false);
        toggles[0].focus();
      }
    });
    var toolbars = document.querySelectorAll("[data-a11y-toolbar]");
    Array.prototype.forEach.call(toolbars, function (toolbar) {
      toolbar.hidden = false;
    });
    var buttons = document.querySelectorAll("[data-a11y-toggle]");
    Array.prototype.forEach.call(buttons, function (button) {
      var name = button.getAttribute("data-a11y-toggle");
      button.setAttribute("aria-pressed", preferences[name] ? "true" : "false");
      button.addEventListener("click", function () {
        preferences[name] = !preferences[name];
        save(preferences);
        apply();
        Array.prototype.forEach.call(buttons, function (other) {
          var otherName = other.getAttribute("data-a11y-toggle");
          other.setAttribute("aria-pressed", preferences[otherName] ? "true" : "false");
        });
      });
    });
  });
})();
