// Package content reads a tribune site's sources: site.toml and the Markdown
// files under content/, each opened by front matter. It knows nothing of
// Markdown or HTML: it splits front matter from the body (keeping the body's
// line numbers), decodes the front matter into typed values and reports every
// problem as a positioned error, "file:line:col: message", with the line
// counted in the original file.
//
// # Files
//
// A content file is UTF-8 Markdown (a byte-order mark is removed, CRLF line
// endings are read as LF) that starts with front matter, either YAML between
// two "---" lines or TOML between two "+++" lines. Folders are sections:
// content/tribunes/ holds op-eds, content/communiques/ press releases, any
// other folder a plain section. content/presse.md, when present, gives the
// press room (/presse/) its title and introduction. content/<section>/_index.md gives a section
// its title and introduction; content/_index.md does the same for the home
// page. Files and folders whose name starts with "." or "_" (but _index.md)
// are ignored, and so is every file that does not end in ".md".
//
// # Front matter
//
// Keys are case-sensitive. An unknown key is an error, so a typo never passes
// silently; so is a duplicate key or a value of the wrong type. Text values
// that YAML 1.1 reads as booleans (yes, no, on, off) must be quoted.
//
//	title        text, required. Typeset with the language's typography.
//	subtitle     text. A communiqué's subheadline.
//	date         required. A date ("2024-06-25", midnight in the site's time
//	             zone), a local time ("2024-06-25T06:00:00", site time zone)
//	             or an RFC 3339 time ("2024-06-25T06:00:00+02:00").
//	slug         text. The last URL segment; by default derived from the
//	             title (accents stripped, œ→oe, æ→ae, apostrophes→hyphen).
//	summary      text. The standfirst (chapô), shown under the title and
//	             used in lists, feeds and meta descriptions.
//	tags         list of text. Topics; each gets a page and feeds.
//	draft        boolean. A draft is never part of a production build.
//	embargo      time. Not public before this instant. publishDate is
//	             accepted as a synonym (not both).
//	expiryDate   time. Not public from this instant on.
//	updated      time. Last substantial change (dateModified).
//	corrections  list of {date, note}: visible "Mis à jour le …" notes.
//	id           text. A permanent identifier for feeds; by default derived
//	             from the first publication date and path.
//	aliases      list of site paths ("/ancien-chemin/") that redirect here.
//	image        {src, alt, credit, decorative}. alt is required unless
//	             decorative is true.
//	signatories  list of {name, role, organisation, url}: a tribune's
//	             signature block, in order.
//	outlet       {name, url, date}: where a tribune was co-published.
//	contacts     list of {name, role, email, phone}: a communiqué's press
//	             contacts, replacing the site's defaults.
//	dateline     text. The city opening a communiqué ("Paris").
//	attachments  list of {src, title}: files offered for download; src is
//	             the file's path under static/ ("/documents/rapport.pdf").
//	lang         language code ("fr", "en", "fr-CA"); the site's by default.
//	layout       name of the layout to render the page with, instead of the
//	             kind's default.
//	canonical    "self" (default) or "outlet": where the canonical link points.
//	noindex      boolean. Adds robots noindex and leaves the page out of the
//	             sitemap.
//	embargoAccess boolean. While a communiqué is under embargo, a copy of
//	             it for journalists at a secret address
//	             (/presse/embargo/<token>/, the token made from the id with
//	             the key in TRIBUNE_EMBARGO_KEY); after the lift, that
//	             address redirects to the communiqué.
//
// # site.toml
//
//	title         the site's name
//	baseURL       absolute URL the site is served at
//	language      default language of content ("fr")
//	timeZone      IANA zone for bare dates and displayed times ("Europe/Paris")
//	paginate      list entries per page (10)
//	feedItems     items per feed (50)
//	city          default dateline city
//	endMark       the mark closing a communiqué ("###")
//	allowHTML     keep raw HTML written in Markdown (false: dropped, with a
//	              warning)
//	[organisation]   name, fullName, url, logo, about (the "À propos" text)
//	[[contacts]]     default press contacts: name, role, email, phone
//	[accessibility]  status: "non", "partiellement" or "totalement" conforme
//	[[menu]]         name, url: the header navigation
//	[typography]     per-language setting, e.g. fr = "fr", en = "off",
//	                 fr-CA = "fr-CA"
//	kitFolder     folder under static/ holding the press kit ("presse/kit")
//	[[kit]]          file, title, alt, credit: one entry per press kit file
//	                 (its name in kitFolder); alt is required for images
package content
