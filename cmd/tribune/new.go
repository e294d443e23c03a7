package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"tribune/internal/content"
	"tribune/internal/locale"
)

// newKinds maps the kind named on the command line to its section.
var newKinds = map[string]string{
	"tribune":    "tribunes",
	"communique": "communiques",
	"communiqué": "communiques",
}

// runNew creates a statement file with every field of its kind present and
// explained, as a draft dated today.
func runNew(args []string, now time.Time, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	fl := newFlags("new", lang, tr(lang, `tribune new [-src DIR] tribune|communique "Title"`), stderr)
	src := fl.String("src", ".", tr(lang, "site `folder`"))
	words, err := parseArgs(fl, args, stderr)
	if err != nil {
		return err
	}
	if len(words) != 2 {
		return usagef(`new takes a kind and a title: tribune new tribune "Titre de la tribune"`)
	}
	kind, title := words[0], strings.TrimSpace(words[1])
	section, ok := newKinds[kind]
	if !ok {
		return usagef("unknown kind \"%s\": use tribune or communique", content.Printable(kind))
	}
	slug := shortSlug(title)
	if slug == "" {
		return usagef("cannot make a file name from the title \"%s\": use letters or digits", content.Printable(title))
	}
	dir, err := siteRoot(*src)
	if err != nil {
		return err
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	cfg, err := content.LoadConfig(root.FS())
	if err != nil {
		return err
	}
	today := now.In(cfg.Location).Format("2006-01-02")
	rel := filepath.Join("content", section, slug+".md")
	// Through the site's root: a link in content/ leads nowhere else.
	if err := root.MkdirAll(filepath.Dir(rel), 0o755); err != nil {
		return err
	}
	text := tribuneTemplate
	if section == "communiques" {
		text = communiqueTemplate
	}
	text = strings.NewReplacer("{{title}}", strconv.Quote(title), "{{date}}", today, "{{city}}", strconv.Quote(cfg.City), "{{slug}}", slug).Replace(text)
	f, err := root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return locale.M("%s already exists: choose another title, or edit that file", rel)
	}
	if err != nil {
		return err
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	// Printed from where new was asked to work (-src, "." by default).
	if from, err := filepath.Abs(*src); err == nil && from != dir {
		if r, err := filepath.Rel(from, filepath.Join(dir, rel)); err == nil {
			rel = r
		}
	}
	fmt.Fprintln(stdout, rel)
	return nil
}

// maxNewSlug bounds the slug new proposes: a URL short enough to read
// aloud and to quote.
const maxNewSlug = 60

// shortSlug is the slug of title, cut at the last word that ends within
// maxNewSlug bytes.
func shortSlug(title string) string {
	slug := locale.Slug(title)
	if len(slug) <= maxNewSlug {
		return slug
	}
	if i := strings.LastIndexByte(slug[:maxNewSlug+1], '-'); i > 0 {
		return slug[:i]
	}
	return slug[:maxNewSlug]
}

// siteRoot is the site folder that holds dir: dir itself or the nearest
// folder above it with a site.toml or a content/ folder, so that new run
// from content/tribunes/ writes where the build reads.
func siteRoot(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		if info, err := os.Stat(filepath.Join(d, content.ConfigFile)); err == nil && info.Mode().IsRegular() {
			return d, nil
		}
		if info, err := os.Stat(filepath.Join(d, "content")); err == nil && info.IsDir() {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", locale.M("no site in %s or the folders above it (no site.toml, no content/ folder): run tribune in the site's folder, or give it with -src", abs)
		}
	}
}

const tribuneTemplate = `---
# Titre de la tribune, tel qu’il apparaîtra sur le site et dans les flux.
title: {{title}}
# Fin de l’adresse de la page (lettres, chiffres et tirets) : courte,
# elle se lit et se cite mieux. Ne la changez plus une fois publiée.
slug: {{slug}}
# Date de publication (AAAA-MM-JJ, ou 2024-06-25T06:00:00+02:00 avec l’heure).
date: {{date}}
# Brouillon : passez à false pour publier. Un brouillon n’apparaît nulle part.
draft: true
# Chapô : deux ou trois phrases qui résument la tribune.
summary: ""
# Thèmes, par exemple [protection de l’enfance, numérique].
tags: []
# Signataires, dans l’ordre de la signature : nom, fonction, organisation,
# et éventuellement un lien vers une page qui les présente.
signatories:
  - name: "Prénom Nom"
    role: ""
    organisation: ""
    # Lien facultatif vers une page qui présente la personne.
    url: ""
    # Portrait facultatif, montré à côté de la signature : fichier sous
    # static/ et ce qu’il montre.
    # portrait: {src: /images/portrait.jpg, alt: "Prénom Nom"}
# Co-publication dans un journal : nom du titre, adresse de l’article, date,
# et, si vous le voulez, le texte du lien (« Lire la tribune sur … » sinon).
# Laissez vide si la tribune n’est publiée que sur ce site.
outlet:
#  name: "Nom du journal"
#  url: "https://www.exemple.fr/tribune"
#  date: {{date}}
#  label: "Accès à l’article"
# Lien canonique : self (ce site, par défaut) ou outlet (l’article du journal).
canonical: self
# true pour demander aux moteurs de recherche de ne pas indexer la page.
noindex: false
# Image d’illustration : chemin sous static/, texte alternatif, crédit.
image:
#  src: /images/photo.jpg
#  alt: "Description de l’image"
#  credit: "Photo : …"
#  decorative: false   # true seulement si l’image n’apporte aucune information
# Date de la dernière modification importante (AAAA-MM-JJ).
updated:
# Mises à jour visibles : [{date: AAAA-MM-JJ, note: "…"}].
corrections: []
# Publication différée : la tribune reste invisible avant cet instant.
embargo:
# Retrait automatique à cet instant.
expiryDate:
# Anciennes adresses qui doivent rediriger ici, par exemple [/ancien-chemin/].
aliases: []
---
Écrivez ici le texte de la tribune, en Markdown.

## Un intertitre

Un paragraphe, avec un [lien](https://www.exemple.fr).
`

const communiqueTemplate = `---
# Titre du communiqué.
title: {{title}}
# Fin de l’adresse de la page (lettres, chiffres et tirets) : courte,
# elle se lit et se cite mieux. Ne la changez plus une fois publiée.
slug: {{slug}}
# Sous-titre facultatif.
subtitle: ""
# Date du communiqué (AAAA-MM-JJ, ou 2024-06-25T06:00:00+02:00 avec l’heure).
date: {{date}}
# Brouillon : passez à false pour publier. Un brouillon n’apparaît nulle part.
draft: true
# Embargo : le communiqué n’existe nulle part sur le site avant cet instant,
# par exemple 2024-06-25T06:00:00+02:00. Laissez vide pour une diffusion immédiate.
# À la levée, il est daté de ce jour-là (page, « Paris, le … » et flux) :
# la date ci-dessus reste celle de l’écriture.
embargo:
# Copie pour les journalistes pendant l’embargo, à une adresse secrète
# (tribune schedule la donne) : passez à true pour la créer.
embargoAccess: false
# Ville qui ouvre le premier paragraphe (« Paris, le 25 juin 2024 – »).
dateline: {{city}}
# Chapô : deux ou trois phrases qui résument le communiqué.
summary: ""
# Thèmes, par exemple [protection de l’enfance, numérique].
tags: []
# Contacts presse propres à ce communiqué (sinon ceux de site.toml) :
# nom, fonction, courriel et/ou téléphone.
contacts: []
# Documents joints : chemin sous static/ et titre, par exemple
# [{src: /documents/rapport.pdf, title: "Le rapport complet"}].
attachments: []
# Image d’illustration : chemin sous static/, texte alternatif, crédit.
image:
#  src: /images/photo.jpg
#  alt: "Description de l’image"
#  credit: "Photo : …"
#  decorative: false   # true seulement si l’image n’apporte aucune information
# Date de la dernière modification importante (AAAA-MM-JJ).
updated:
# Mises à jour visibles : [{date: AAAA-MM-JJ, note: "…"}].
corrections: []
# Retrait automatique à cet instant.
expiryDate:
# Anciennes adresses qui doivent rediriger ici, par exemple [/ancien-chemin/].
aliases: []
# true pour demander aux moteurs de recherche de ne pas indexer la page.
noindex: false
---
Premier paragraphe : l’essentiel de l’annonce, en une ou deux phrases.

« Une citation de la présidente ou du président », déclare Prénom Nom, présidente de l’association.

Les détails, chiffres et prochaines étapes.
`
