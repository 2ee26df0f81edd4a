// Clickable citations: highlight the cited sentence in the article body. A citation of another
// article opens that article with #quote=..., and the sentence is highlighted there on load.
(function () {
  "use strict";

  function normalize(text) {
    return text.replace(/\s+/g, " ").trim();
  }

  function clearHighlights(body) {
    body.querySelectorAll("mark.cited").forEach(function (mark) {
      mark.replaceWith(document.createTextNode(mark.textContent));
    });
    body.querySelectorAll(".cited-block").forEach(function (block) {
      block.classList.remove("cited-block");
    });
    body.normalize();
  }

  function markInside(element, quote) {
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var at = node.data.indexOf(quote);
      if (at >= 0) {
        var range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + quote.length);
        var mark = document.createElement("mark");
        mark.className = "cited";
        range.surroundContents(mark);
        return mark;
      }
    }
    return null;
  }

  function highlight(quote) {
    var body = document.getElementById("body");
    if (!body || !quote) return false;
    clearHighlights(body);
    quote = normalize(quote);
    var blocks = body.querySelectorAll("p, li, h2, h3, h4, blockquote");
    for (var i = 0; i < blocks.length; i++) {
      if (normalize(blocks[i].textContent).indexOf(quote) < 0) continue;
      // The whole sentence in one text node gets a <mark>; one that spans a link or other
      // inline markup highlights its paragraph instead.
      var target = markInside(blocks[i], quote) || blocks[i];
      if (target === blocks[i]) target.classList.add("cited-block");
      target.setAttribute("tabindex", "-1");
      target.scrollIntoView({ block: "center", behavior: "smooth" });
      target.focus({ preventScroll: true });
      return true;
    }
    return false;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.cite");
    if (!link) return;
    var body = document.getElementById("body");
    if (body && body.dataset.article === link.dataset.article && highlight(link.dataset.quote)) {
      event.preventDefault();
    }
  });

  function highlightFromHash() {
    var hash = window.location.hash;
    if (hash.indexOf("#quote=") === 0) {
      highlight(decodeURIComponent(hash.slice("#quote=".length)));
    }
  }

  document.addEventListener("DOMContentLoaded", highlightFromHash);
  window.addEventListener("hashchange", highlightFromHash);
})();
