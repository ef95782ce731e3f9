/* Five minutes before the session ends, say so: what is not sent by then would need a new
   login (the answers sent after it ends are kept for that login, but files are not). */
(function () {
    var warning = document.getElementById("session-warning");
    var wait = Date.parse(warning.dataset.expires) - Date.now() - 5 * 60 * 1000;
    if (!isNaN(wait) && wait < 2147483647) {
        setTimeout(function () { warning.hidden = false; }, Math.max(wait, 0));
    }
})();
