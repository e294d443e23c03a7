package locale

import (
	"maps"
	"slices"
)

// T returns the interface string for key in this language. An unknown key
// gives "⟦key⟧", visible on the page; tests check every key of the templates
// exists. Strings that count take a number through fmt ("statement_many":
// "%d textes").
func (l Lang) T(key string) string {
	table := fr
	if l.english() {
		table = en
	}
	if s, ok := table[key]; ok {
		return s
	}
	return "⟦" + key + "⟧"
}

// Strings are the interface strings of the language, by key: for
// layouts, which look them up as {{.L.key}}. The map must not be changed.
func (l Lang) Strings() map[string]string {
	if l.english() {
		return en
	}
	return fr
}

// Keys lists every key of the interface strings, sorted.
func Keys() []string {
	keys := slices.Collect(maps.Keys(fr))
	for k := range en {
		if _, ok := fr[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// fr holds the French interface strings, typeset: ’ for the apostrophe,
// U+00A0 before a colon.
var fr = map[string]string{
	"about":                       "À propos de",
	"accessibility":               "Accessibilité",
	"accessibility_non":           "non conforme",
	"accessibility_partiellement": "partiellement conforme",
	"accessibility_totalement":    "totalement conforme",
	"all_communiques":             "Tous les communiqués",
	"all_tags":                    "Tous les thèmes",
	"all_tribunes":                "Toutes les tribunes",
	"attachments":                 "Documents joints",
	"back_home":                   "Retour à l’accueil",
	"breadcrumb":                  "Fil d’Ariane",
	"by":                          "Par",
	"communique":                  "Communiqué de presse",
	"communiques":                 "Communiqués de presse",
	"corrections":                 "Corrections",
	"download":                    "Télécharger",
	"draft":                       "Brouillon",
	"email":                       "Courriel",
	"embargo_until":               "Sous embargo jusqu’au",
	"embargoed":                   "Sous embargo jusqu’au",
	"end_mark":                    "Fin du communiqué",
	"expired":                     "Expiré le",
	"feeds":                       "S’abonner",
	"footer":                      "Pied de page",
	"home":                        "Accueil",
	"immediate_release":           "Pour diffusion immédiate",
	"in_section":                  "Dans la rubrique",
	"latest_communiques":          "Derniers communiqués",
	"latest_tribunes":             "Dernières tribunes",
	"menu":                        "Menu principal",
	"new_window":                  "nouvelle fenêtre",
	"next_page":                   "Page suivante",
	"not_found_text":              "La page que vous cherchez n’existe pas ou a été déplacée.",
	"not_found_title":             "Page introuvable",
	"page":                        "Page",
	"pagination":                  "Pagination",
	"zone_time":                   "heure de %s",
	"phone":                       "Téléphone",
	"photo_credit":                "Photo",
	"press":                       "Presse",
	"press_contacts":              "Contacts presse",
	"previous_page":               "Page précédente",
	"published_in":                "Tribune publiée dans",
	"published_on":                "Publié le",
	"read_more":                   "Lire la suite",
	"read_on":                     "Lire la tribune sur",
	"scheduled":                   "Publication prévue le",
	"search":                      "Rechercher",
	"signatories":                 "Signataires",
	"sitemap":                     "Plan du site",
	"skip":                        "Aller au contenu",
	"statement_many":              "%d textes",
	"statement_one":               "1 texte",
	"tag":                         "Thème",
	"tags":                        "Thèmes",
	"tribune":                     "Tribune",
	"tribunes":                    "Tribunes",
	"updated_on":                  "Mis à jour le",
	"press_room":                  "Espace presse",
	"press_kit":                   "Kit presse",
	"press_kit_intro":             "Logos et photos libres de droits pour illustrer vos articles, avec leur crédit à mentionner.",
	"credit":                      "Crédit",
	"pixels":                      "px",
	"people":                      "Signataires",
	"statements_of":               "Textes signés",
	"website":                     "site personnel",
	"latest_releases":             "Derniers communiqués",
	"all_feeds":                   "Tous les flux",
	"sitemap_intro":               "Toutes les pages du site.",
	"outlet_canonical":            "Texte de référence",
	"feed_all":                    "Toutes les tribunes et tous les communiqués de presse, du plus récent au plus ancien, texte intégral.",
	"feed_tribunes":               "Les tribunes signées par l’association et ses partenaires, texte intégral.",
	"feed_communiques":            "Les communiqués de presse, texte intégral, avec leurs documents joints.",
	"feed_tag":                    "Les tribunes et communiqués sur le thème",
	"feed_lang":                   "Les textes publiés en français.",
	"language_name":               "français",
	"feeds_intro":                 "Suivez nos publications dans votre lecteur de flux : chaque flux existe en RSS, en Atom et en JSON Feed, avec le texte intégral de chaque tribune et de chaque communiqué.",
	"feed_formats":                "Formats",
	"site_feeds":                  "Flux du site",
	"tag_feeds":                   "Flux par thème",
	"lang_feeds":                  "Flux par langue",
	"preview":                     "Aperçu",
	"related":                     "À lire aussi",
	"prevnext":                    "Textes voisins",
	"newer":                       "Plus récent",
	"older":                       "Plus ancien",
	"main_pages":                  "Pages principales",
	"search_label":                "Rechercher une tribune ou un communiqué",
	"search_placeholder":          "Rechercher…",
	"search_help":                 "Les résultats s’affichent pendant la saisie ; les accents et les majuscules sont sans importance.",
	"search_noscript":             "La recherche a besoin de JavaScript. Sans JavaScript, parcourez le",
	"search_none":                 "Aucun texte ne correspond à votre recherche.",
	"search_one":                  "1 texte correspond à votre recherche.",
	"search_many":                 "%d textes correspondent à votre recherche.",
	"press_description":           "Contacts presse, derniers communiqués, flux et kit presse (logos et photos).",
}

var en = map[string]string{
	"about":                       "About",
	"accessibility":               "Accessibility",
	"accessibility_non":           "not compliant",
	"accessibility_partiellement": "partially compliant",
	"accessibility_totalement":    "fully compliant",
	"all_communiques":             "All press releases",
	"all_tags":                    "All topics",
	"all_tribunes":                "All op-eds",
	"attachments":                 "Attachments",
	"back_home":                   "Back to the home page",
	"breadcrumb":                  "Breadcrumb",
	"by":                          "By",
	"communique":                  "Press release",
	"communiques":                 "Press releases",
	"corrections":                 "Corrections",
	"download":                    "Download",
	"draft":                       "Draft",
	"email":                       "E-mail",
	"embargo_until":               "Embargoed until",
	"embargoed":                   "Embargoed until",
	"end_mark":                    "End of release",
	"expired":                     "Expired on",
	"feeds":                       "Subscribe",
	"footer":                      "Footer",
	"home":                        "Home",
	"immediate_release":           "For immediate release",
	"in_section":                  "In section",
	"latest_communiques":          "Latest press releases",
	"latest_tribunes":             "Latest op-eds",
	"menu":                        "Main menu",
	"new_window":                  "new window",
	"next_page":                   "Next page",
	"not_found_text":              "The page you are looking for does not exist or has moved.",
	"not_found_title":             "Page not found",
	"page":                        "Page",
	"pagination":                  "Pagination",
	"zone_time":                   "%s time",
	"phone":                       "Phone",
	"photo_credit":                "Photo",
	"press":                       "Press",
	"press_contacts":              "Press contacts",
	"previous_page":               "Previous page",
	"published_in":                "Op-ed published in",
	"published_on":                "Published on",
	"read_more":                   "Read more",
	"read_on":                     "Read the op-ed on",
	"scheduled":                   "Scheduled for",
	"search":                      "Search",
	"signatories":                 "Signatories",
	"sitemap":                     "Site map",
	"skip":                        "Skip to content",
	"statement_many":              "%d statements",
	"statement_one":               "1 statement",
	"tag":                         "Topic",
	"tags":                        "Topics",
	"tribune":                     "Op-ed",
	"tribunes":                    "Op-eds",
	"updated_on":                  "Updated on",
	"press_room":                  "Press room",
	"press_kit":                   "Press kit",
	"press_kit_intro":             "Royalty-free logos and photos to illustrate your articles, with the credit to mention.",
	"credit":                      "Credit",
	"pixels":                      "px",
	"people":                      "Signatories",
	"statements_of":               "Signed statements",
	"website":                     "website",
	"latest_releases":             "Latest press releases",
	"all_feeds":                   "All feeds",
	"sitemap_intro":               "Every page of the site.",
	"outlet_canonical":            "Reference text",
	"feed_all":                    "Every op-ed and press release, newest first, full text.",
	"feed_tribunes":               "Op-eds signed by the organisation and its partners, full text.",
	"feed_communiques":            "Press releases, full text, with their attachments.",
	"feed_tag":                    "Op-eds and press releases on",
	"feed_lang":                   "Statements published in English.",
	"language_name":               "English",
	"feeds_intro":                 "Follow our statements in your feed reader: each feed exists as RSS, Atom and JSON Feed, with the full text of every op-ed and press release.",
	"feed_formats":                "Formats",
	"site_feeds":                  "Site feeds",
	"tag_feeds":                   "Feeds by topic",
	"lang_feeds":                  "Feeds by language",
	"preview":                     "Preview",
	"related":                     "Read also",
	"prevnext":                    "Neighbouring statements",
	"newer":                       "Newer",
	"older":                       "Older",
	"main_pages":                  "Main pages",
	"search_label":                "Search the op-eds and press releases",
	"search_placeholder":          "Search…",
	"search_help":                 "Results appear as you type; accents and capitals do not matter.",
	"search_noscript":             "Search needs JavaScript. Without it, browse the",
	"search_none":                 "No statement matches your search.",
	"search_one":                  "1 statement matches your search.",
	"search_many":                 "%d statements match your search.",
	"press_description":           "Press contacts, latest press releases, feeds and press kit (logos and photos).",
}
