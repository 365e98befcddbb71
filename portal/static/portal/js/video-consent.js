/*
 * Vidéos : rien n'est chargé depuis l'hébergeur avant le clic. Sans JavaScript, le lien ouvre
 * la vidéo sur son site ; avec, le lecteur remplace l'affiche sur la page, après le clic.
 */
(function () {
  "use strict";
  if (window.parvisVideoConsent) { return; }
  window.parvisVideoConsent = true;
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-video-embed]");
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    var embed = link.getAttribute("data-video-embed");
    var frameTitle = link.getAttribute("data-video-title");
    var poster = link.closest(".block-video__player");
    if (!embed || !poster) { return; }
    event.preventDefault();
    var frame = document.createElement("iframe");
    frame.src = embed + (embed.indexOf("?") === -1 ? "?" : "&") + "autoplay=1";
    frame.title = frameTitle;
    frame.allow = "autoplay; fullscreen; picture-in-picture";
    frame.setAttribute("allowfullscreen", "");
    frame.referrerPolicy = "strict-origin-when-cross-origin";
    poster.replaceChildren(frame);
    frame.focus();
  });
})();
