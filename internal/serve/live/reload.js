// tribune preview: reloads the page when the site is rebuilt, and shows
// the build's errors over the page until they are fixed.
(function () {
  "use strict";
  var built = null;
  var overlay = null;
  var link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = "/_tribune/reload.css";
  document.head.appendChild(link);

  // The overlay speaks the page's language: French unless it is English.
  var en = /^en\b/i.test(document.documentElement.lang || "");
  var say = en ? {
    warnings: function (n) { return n > 1 ? n + " warnings" : "1 warning"; },
    warningText: "The preview is up to date, but check it: a link or a quotation that would reveal a text not public would make publishing fail.",
    errors: function (n) { return "The site could not be rebuilt: " + (n > 1 ? n + " errors" : "1 error"); },
    errorText: "The last good version stays on screen. Fix the file: the page will reload by itself.",
    hide: "Hide"
  } : {
    warnings: function (n) { return n > 1 ? n + " avertissements" : "1 avertissement"; },
    warningText: "L’aperçu est à jour, mais à vérifier\u00a0: un lien ou une citation qui révélerait un texte non public ferait échouer la publication.",
    errors: function (n) { return "Le site n’a pas pu être reconstruit\u00a0: " + (n > 1 ? n + " erreurs" : "1 erreur"); },
    errorText: "La dernière version valide reste affichée. Corrigez le fichier\u00a0: la page se rechargera d’elle-même.",
    hide: "Masquer"
  };

  // showErrors lists the errors of a build that failed, or (warning) the
  // warnings of one that passed: what a production build would refuse,
  // such as a public page linking to a communiqué under embargo.
  function showErrors(errors, warning) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "tribune-errors";
      overlay.setAttribute("role", "alertdialog");
      overlay.setAttribute("aria-labelledby", "tribune-errors-title");
      document.body.appendChild(overlay);
    }
    overlay.className = warning ? "warning" : "";
    overlay.textContent = "";
    var h = document.createElement("h2");
    h.id = "tribune-errors-title";
    var p = document.createElement("p");
    if (warning) {
      h.textContent = say.warnings(errors.length);
      p.textContent = say.warningText;
    } else {
      h.textContent = say.errors(errors.length);
      p.textContent = say.errorText;
    }
    overlay.appendChild(h);
    overlay.appendChild(p);
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = say.hide;
    close.addEventListener("click", hideErrors);
    overlay.appendChild(close);
    var ul = document.createElement("ul");
    errors.forEach(function (e) {
      var li = document.createElement("li");
      var code = document.createElement("code");
      code.textContent = e;
      li.appendChild(code);
      ul.appendChild(li);
    });
    overlay.appendChild(ul);
  }

  function hideErrors() {
    if (overlay) {
      overlay.remove();
      overlay = null;
    }
  }

  var source = new EventSource("/_tribune/events");
  source.addEventListener("build", function (ev) {
    var b = JSON.parse(ev.data);
    if (b.errors && b.errors.length) {
      showErrors(b.errors);
      if (built === null) built = b.id;
      return;
    }
    if (built !== null && b.id !== built) {
      if (b.url && b.url !== location.pathname) {
        location.assign(b.url);
      } else {
        location.reload();
      }
      return;
    }
    built = b.id;
    if (b.warnings && b.warnings.length) {
      showErrors(b.warnings, true);
    } else {
      hideErrors();
    }
  });
})();
