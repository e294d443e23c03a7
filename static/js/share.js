// Sharing a statement (partials/share.html): copies the page's address,
// and shares it on the reader's own Mastodon instance, which it asks for
// and remembers in this browser only. Without this script the address
// stays in a field the reader can select. Nothing is sent anywhere before
// the reader chooses an instance and submits.
(function () {
	"use strict";
	var share = document.querySelector(".share");
	if (!share) return;

	var field = share.querySelector("#adresse-page");
	var copy = share.querySelector(".copy");
	var status = share.querySelector(".copy-status");
	if (field) {
		field.addEventListener("focus", function () { field.select(); });
	}
	if (field && copy) {
		copy.hidden = false;
		copy.addEventListener("click", function () {
			var done = function () { status.textContent = copy.getAttribute("data-done"); };
			var fallback = function () {
				field.focus();
				field.select();
				try {
					if (document.execCommand("copy")) done();
				} catch (e) {}
			};
			if (navigator.clipboard && navigator.clipboard.writeText) {
				navigator.clipboard.writeText(field.value).then(done, fallback);
			} else {
				fallback();
			}
		});
	}

	var item = share.querySelector(".share-mastodon");
	var form = item && item.querySelector("form");
	if (!form) return;
	var input = form.querySelector("input");
	var key = "tribune-mastodon";
	try {
		input.value = localStorage.getItem(key) || "";
	} catch (e) {}
	item.hidden = false;
	// "mastodon.social", "https://mastodon.social/@nom", "@nom@mastodon.social"
	// all name the instance mastodon.social.
	var host = function (s) {
		s = s.trim().toLowerCase().replace(/^[a-z]+:\/\//, "");
		var at = s.lastIndexOf("@");
		if (at >= 0 && s.indexOf("/") < 0) s = s.slice(at + 1);
		s = s.split(/[\/?#]/)[0];
		return /^[a-z0-9-]+(\.[a-z0-9-]+)+(:[0-9]+)?$/.test(s) ? s : "";
	};
	form.addEventListener("submit", function (ev) {
		ev.preventDefault();
		var h = host(input.value);
		if (!h) {
			input.setAttribute("aria-invalid", "true");
			input.focus();
			return;
		}
		input.removeAttribute("aria-invalid");
		try {
			localStorage.setItem(key, h);
		} catch (e) {}
		location.assign("https://" + h + "/share?text=" + encodeURIComponent(form.getAttribute("data-text")));
	});
})();
