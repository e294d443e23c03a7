package main

import (
	"fmt"
	"io"
	"strings"

	"tribune/internal/content"
)

// runHelp prints the command's help, or the reference of the front matter
// keys (help fields) or of the settings of site.toml (help settings).
func runHelp(args []string, lang string, stdout io.Writer) error {
	var topics []string
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "-src" || args[i] == "--src":
			i++ // its value: the site whose language the help speaks
		case strings.HasPrefix(args[i], "-"):
		default:
			topics = append(topics, args[i])
		}
	}
	if len(topics) == 0 {
		say(stdout, lang, usage)
		return nil
	}
	switch topics[0] {
	case "fields", "champs":
		say(stdout, lang, "The front matter of a content file: the lines between --- at its top.\n\n")
		fmt.Fprint(stdout, reference(content.FrontMatter, lang))
	case "settings", "reglages", "réglages":
		say(stdout, lang, "The settings of site.toml, at the top of the site's folder.\n\n")
		fmt.Fprint(stdout, reference(content.Settings, lang))
	default:
		return usagef("help %q: write tribune help, tribune help fields or tribune help settings", topics[0])
	}
	return nil
}

// reference lists fields for the terminal: key, for what, description,
// example.
func reference(fields []content.Field, lang string) string {
	var b strings.Builder
	for _, f := range fields {
		desc, who := f.EN, f.ForEN
		if lang == "fr" {
			desc, who = f.FR, f.ForFR
		}
		b.WriteString(f.Key)
		if who != "" {
			b.WriteString("  (" + tr(lang, "for") + " " + who + ")")
		}
		b.WriteString("\n    " + desc + "\n    " + tr(lang, "example:") + " " + strings.ReplaceAll(f.Example, "\n", "\n      ") + "\n\n")
	}
	return b.String()
}

// referenceMarkdown lists fields as a Markdown table, for the guide.
func referenceMarkdown(fields []content.Field, lang string) string {
	var b strings.Builder
	b.WriteString(tr(lang, "| Key | What it does | Example |") + "\n|---|---|---|\n")
	cell := func(s string) string { return strings.NewReplacer("|", `\|`, "\n", "<br>").Replace(s) }
	for _, f := range fields {
		desc, who := f.EN, f.ForEN
		if lang == "fr" {
			desc, who = f.FR, f.ForFR
		}
		if who != "" {
			desc = "(" + tr(lang, "for") + " " + who + ") " + desc
		}
		fmt.Fprintf(&b, "| `%s` | %s | `%s` |\n", f.Key, cell(desc), cell(f.Example))
	}
	return b.String()
}
