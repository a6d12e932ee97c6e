/* Small helpers the catalogue's two scripts share (katalog.js and sammenlign.js, which the pages load after
 * this file). Text is only ever set with textContent, never parsed as HTML; requests stay on the site.
 */
(function () {
  "use strict";

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function fetchJSON(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  window.KatalogFelles = { el: el, fetchJSON: fetchJSON };
})();
