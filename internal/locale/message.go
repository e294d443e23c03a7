package locale

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"syscall"
)

// A Message is text for a person (an error, a warning, a line of the
// command's output), shown in the language of the site: written in
// English, the key of its French form in the table french (messages.go).
// Its arguments that are Messages themselves are shown in the same
// language.
type Message struct {
	format string
	args   []any
}

// M makes a message, as fmt.Sprintf would format it.
func M(format string, args ...any) Message { return Message{format, args} }

// Set reports whether the message was made (the zero Message was not).
func (m Message) Set() bool { return m.format != "" }

// String is the message in English.
func (m Message) String() string { return m.In("en") }

// Error makes a Message an error too.
func (m Message) Error() string { return m.String() }

// In is the message in the language base ("fr", "en").
func (m Message) In(base string) string {
	format := m.format
	if base == "fr" {
		if f, ok := french[format]; ok {
			format = f
		}
	}
	args := make([]any, len(m.args))
	for i, a := range m.args {
		args[i] = localize(a, base)
	}
	return fmt.Sprintf(format, args...)
}

// Localizer is what can be shown in a language: a Message, an error made
// of Messages.
type Localizer interface {
	In(base string) string
}

// localize gives an argument of a message in the language base: a
// Message or another Localizer in that language, an error of the system
// in words of that language, anything else as it is.
func localize(a any, base string) any {
	switch v := a.(type) {
	case Localizer:
		return v.In(base)
	case error:
		return ErrorIn(v, base)
	}
	return a
}

// ErrorIn is an error as the language base says it: its own words if it
// knows them (Localizer), else those of the commonest system errors.
func ErrorIn(err error, base string) string {
	var l Localizer
	if errors.As(err, &l) {
		return l.In(base)
	}
	if base != "fr" {
		return err.Error()
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Path + "\u00a0: " + systemFrench(pe.Err)
	}
	return systemFrench(err)
}

// systemFrench says the commonest errors of the system in French.
func systemFrench(err error) string {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "fichier ou dossier introuvable"
	case errors.Is(err, fs.ErrPermission):
		return "permission refusée"
	case errors.Is(err, fs.ErrExist):
		return "existe déjà"
	case errors.Is(err, syscall.ENOSPC):
		return "plus de place sur le disque"
	case errors.Is(err, syscall.ENOTDIR):
		return "n’est pas un dossier"
	case errors.Is(err, syscall.EISDIR):
		return "est un dossier"
	case errors.Is(err, syscall.EROFS):
		return "disque en lecture seule"
	case errors.Is(err, syscall.ENAMETOOLONG):
		return "nom de fichier trop long"
	case errors.Is(err, os.ErrDeadlineExceeded):
		return "délai dépassé"
	case errors.Is(err, syscall.ELOOP):
		return "trop de liens symboliques (une boucle\u00a0?)"
	case err.Error() == "path escapes from parent":
		// os.Root's, unexported: a symbolic link leading out of the site.
		return "mène hors du dossier du site (un lien symbolique\u00a0?)"
	}
	return err.Error()
}
