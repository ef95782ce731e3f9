/* The preview cannot be submitted: not even Enter in a field sends the form. (A file, not an
   onsubmit attribute: the Content Security Policy runs no inline handler.) */
document.addEventListener("submit", function (event) {
    if (event.target.closest("[data-preview-form]")) event.preventDefault();
});
