package main

import (
	"errors"
	"flag"
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
	fl := flag.NewFlagSet("new", flag.ContinueOnError)
	src := fl.String("src", ".", "site `folder`")
	fl.Usage = func() {
		fmt.Fprintln(stderr, `usage: tribune new [-src DIR] tribune|communique "Titre"`)
		fl.PrintDefaults()
	}
	fl.SetOutput(stderr)
	if err := fl.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return usageError{err.Error()}
	}
	if fl.NArg() != 2 {
		return usageError{`new takes a kind and a title: tribune new tribune "Titre de la tribune"`}
	}
	kind, title := fl.Arg(0), strings.TrimSpace(fl.Arg(1))
	section, ok := newKinds[kind]
	if !ok {
		return usageError{fmt.Sprintf("unknown kind %q: use tribune or communique", kind)}
	}
	slug := locale.Slug(title)
	if slug == "" {
		return usageError{fmt.Sprintf("cannot make a file name from the title %q: use letters or digits", title)}
	}
	cfg, err := content.LoadConfig(os.DirFS(*src))
	if err != nil {
		return err
	}
	today := now.In(cfg.Location).Format("2006-01-02")
	rel := filepath.Join("content", section, slug+".md")
	path := filepath.Join(*src, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	text := tribuneTemplate
	if section == "communiques" {
		text = communiqueTemplate
	}
	text = strings.NewReplacer("{{title}}", strconv.Quote(title), "{{date}}", today, "{{city}}", strconv.Quote(cfg.City)).Replace(text)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: choose another title, or edit that file", rel)
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
	fmt.Fprintln(stdout, rel)
	return nil
}

const tribuneTemplate = `---
# Titre de la tribune, tel qu’il apparaîtra sur le site et dans les flux.
title: {{title}}
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
# Co-publication dans un journal : nom du titre, adresse de l’article, date.
# Laissez vide si la tribune n’est publiée que sur ce site.
outlet:
#  name: "Nom du journal"
#  url: "https://www.exemple.fr/tribune"
#  date: {{date}}
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
# embargo: 2024-06-25T06:00:00+02:00
embargo:
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
