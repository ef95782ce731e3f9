// Loads a video player only when the visitor asks for it: no request reaches the video
// provider before that click.
(function () {
  if (window.varoshazaVideoConsent) return;
  window.varoshazaVideoConsent = true;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-video-load]");
    if (!button) return;
    var figure = button.closest("[data-video-player]");
    var iframe = document.createElement("iframe");
    iframe.src = figure.getAttribute("data-video-player") + "?autoplay=1";
    iframe.title = figure.querySelector(".video-title").textContent.trim();
    iframe.allow = "autoplay; fullscreen; picture-in-picture";
    iframe.setAttribute("allowfullscreen", "");
    iframe.width = "640";
    iframe.height = "360";
    button.replaceWith(iframe);
    iframe.focus();
  });
})();
