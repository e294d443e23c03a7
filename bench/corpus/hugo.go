package corpus

// The Hugo side of the benchmark: a configuration and the smallest set of
// layouts that renders what a tribune site renders (labels, title, date,
// standfirst, content, signatures, dateline, tags, paginated lists, term
// pages; Hugo adds its RSS feeds and sitemap by default, as tribune does).
// The default page size, 10, is the same in every Hugo version and in
// tribune, so it is left implicit ("paginate" is deprecated in recent Hugo,
// "[pagination]" unknown to older ones).

const hugoConfig = `baseURL = %q
title = %q
languageCode = "fr"
defaultContentLanguage = "fr"
disableKinds = []

[taxonomies]
  tag = "tags"
`

var hugoLayoutNames = []string{
	"layouts/_default/baseof.html",
	"layouts/_default/single.html",
	"layouts/_default/list.html",
	"layouts/_default/taxonomy.html",
	"layouts/_default/term.html",
	"layouts/index.html",
	"layouts/partials/item.html",
	"layouts/partials/pager.html",
}

var hugoLayouts = map[string]string{
	"layouts/_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ site.LanguageCode }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} – {{ site.Title }}{{ end }}</title>
{{ with .Params.summary }}<meta name="description" content="{{ . }}">{{ end }}
<link rel="canonical" href="{{ .Permalink }}">
{{ range .AlternativeOutputFormats }}<link rel="{{ .Rel }}" type="{{ .MediaType.Type }}" href="{{ .Permalink }}">
{{ end }}</head>
<body>
<a href="#contenu">Aller au contenu</a>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><ul><li><a href="{{ "/tribunes/" | relURL }}">Tribunes</a></li><li><a href="{{ "/communiques/" | relURL }}">Communiqués</a></li><li><a href="{{ "/tags/" | relURL }}">Thèmes</a></li></ul></nav>
</header>
<main id="contenu">
{{ block "main" . }}{{ end }}
</main>
<footer><p>{{ site.Title }}</p></footer>
</body>
</html>
`,
	"layouts/_default/single.html": `{{ define "main" }}<article>
<p class="label">{{ if eq .Section "tribunes" }}Tribune{{ else if eq .Section "communiques" }}Communiqué de presse{{ end }}</p>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time></p>
{{ with .Params.summary }}<p class="chapo">{{ . }}</p>{{ end }}
{{ with .Params.dateline }}<p class="dateline">{{ . }}, le {{ $.Date | time.Format ":date_long" }} –</p>{{ end }}
{{ .Content }}
{{ with .Params.signatories }}<ul class="signatures">{{ range . }}
<li><strong>{{ .name }}</strong>, {{ .role }}, {{ .organisation }}</li>{{ end }}
</ul>{{ end }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
</article>{{ end }}
`,
	"layouts/_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ $pag := .Paginate .Pages }}
<ul>{{ range $pag.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pag }}{{ end }}
`,
	"layouts/_default/taxonomy.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> ({{ len .Pages }})</li>{{ end }}</ul>{{ end }}
`,
	"layouts/_default/term.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pag := .Paginate .Pages }}
<ul>{{ range $pag.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pag }}{{ end }}
`,
	"layouts/index.html": `{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $pag := .Paginate site.RegularPages }}
<ul>{{ range $pag.Pages }}{{ partial "item.html" . }}{{ end }}</ul>
{{ partial "pager.html" $pag }}{{ end }}
`,
	"layouts/partials/item.html": `<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date | time.Format ":date_long" }}</time>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}</li>
`,
	"layouts/partials/pager.html": `{{ if gt .TotalPages 1 }}<nav class="pagination">{{ with .Prev }}<a href="{{ .URL }}" rel="prev">Page précédente</a>{{ end }} <span>Page {{ .PageNumber }} sur {{ .TotalPages }}</span> {{ with .Next }}<a href="{{ .URL }}" rel="next">Page suivante</a>{{ end }}</nav>{{ end }}
`,
}
