// Package locale holds the language rules of tribune: slugs, typography,
// dates and interface strings. It has no state: every function is a pure
// function of its arguments, and the tables it reads are never modified.
//
// # Slugs
//
// [Slug] turns a title into a URL segment: accents stripped (é→e, ç→c),
// œ→oe, æ→ae, ß→ss, lowercase, apostrophes and every other run of characters
// outside [a-z0-9] turned into one hyphen, hyphens trimmed at both ends.
// Letters of scripts with no Latin equivalent (Cyrillic, Greek, CJK…) are
// dropped. Once published, a slug is part of the URL contract: changing how
// Slug works changes URLs, so its tests pin every rule.
//
// # Typography
//
// A [Typography] is a per-language rule set, chosen in site.toml
// ([ParseTypography]) or from the site's language ([ForLang]). French usage:
//
//	sign     before      after
//	; ! ?    U+202F      normal space
//	:        U+00A0      normal space
//	«        unchanged   U+202F
//	»        U+202F      unchanged
//
// Québec usage is the same but puts no space before ; ! and ?. The straight
// apostrophe after a letter becomes ’ and straight double quotes become
// guillemets. See [Typography.Apply] for the exact conditions (URLs, e-mail
// addresses, times like "15:30" and repeated signs like "?!" are left alone).
//
// # Dates and interface strings
//
// A [Lang] formats dates ("1er juin 2024", "mardi 25 juin 2024"), times
// ("15 h 30"), sizes ("1,2 Mo") and gives the interface strings of templates
// ([Lang.T]). French and English are known; the zero Lang is French, tribune's
// default language.
package locale
