package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	netmail "net/mail"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	mail "github.com/wneessen/go-mail"
	"golang.org/x/text/encoding/charmap"

	"tribune/internal/build"
	"tribune/internal/content"
	"tribune/internal/email"
	"tribune/internal/locale"
	"tribune/internal/site"
)

// The environment variables holding the SMTP server's credentials.
const (
	smtpUserVar     = "TRIBUNE_SMTP_USER"
	smtpPasswordVar = "TRIBUNE_SMTP_PASSWORD"
)

// runEmail writes a statement as a message for the press list, or sends
// it, one message per recipient.
func runEmail(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	lang := siteLanguage(args)
	fl := newFlags("email", lang, tr(lang, "tribune email [-src DIR] [-o FILE.eml] [-smtp HOST:PORT -from ADDR -to LIST.csv [-send]] FILE"), stderr)
	src := fl.String("src", ".", tr(lang, "site `folder`"))
	at := fl.String("at", "", tr(lang, "`instant` the message is written at, RFC 3339 (default now): decides the embargo line"))
	outFile := fl.String("o", "", tr(lang, "`file` the message is written to (default SLUG.eml)"))
	smtpAddr := fl.String("smtp", "", locale.M("SMTP server, `host:port` (port 587 by default), reached with STARTTLS; credentials in %s and %s", smtpUserVar, smtpPasswordVar).In(lang))
	from := fl.String("from", "", tr(lang, "sender, such as \"Association <presse@example.org>\" (default: the site's first press contact)"))
	to := fl.String("to", "", tr(lang, "`list.csv` of recipients, as a spreadsheet saves it: a column of e-mail addresses (Email, Courriel), optionally names (Nom, Prénom)"))
	send := fl.Bool("send", false, tr(lang, "send for real; without it, the list of what would be sent is printed"))
	pause := fl.Duration("pause", 2*time.Second, tr(lang, "pause between two messages"))
	logFile := fl.String("log", "", tr(lang, "`file` where each sending is logged, as CSV (default SLUG-envois.csv)"))
	again := fl.Bool("again", false, tr(lang, "send also to the recipients the log says already received this message"))
	caFile := fl.String("smtp-ca", "", tr(lang, "PEM `file` of a certificate authority the SMTP server's certificate is checked against, besides the system's"))
	files, err := parseArgs(fl, args, stderr)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		return usagef("email takes one content file: tribune email content/communiques/x.md")
	}
	sf := siteFlags{at: *at}
	now, err := sf.instant(time.Now())
	if err != nil {
		return err
	}
	dir, err := siteRoot(*src)
	if err != nil {
		return err
	}
	rel, err := contentPath(dir, files[0])
	if err != nil {
		return err
	}
	root, err := openSite(dir)
	if err != nil {
		return err
	}
	defer root.Close()
	out, err := build.New(root.FS(), root).Load(ctx, build.Options{At: now, EmbargoKey: embargoKey()})
	if err != nil {
		return err
	}
	if err := out.Errors.Err(); err != nil {
		return err
	}
	s := out.Site
	if u, err := url.Parse(s.Config.BaseURL); err == nil && (u.Hostname() == "localhost" || net.ParseIP(u.Hostname()).IsLoopback()) {
		return locale.M("%s: baseURL is %s, an address of this computer only: give the address of the site online, so that the message's links lead there", content.ConfigFile, s.Config.BaseURL)
	}
	p := findPage(s, rel)
	if p == nil {
		if _, err := root.Stat(filepath.FromSlash(rel)); errors.Is(err, fs.ErrNotExist) {
			return locale.M("%s: no such file: give the path of the communiqué, such as content/communiques/… .md", rel)
		}
		return locale.M("%s: no statement of the site comes from this file", rel)
	}
	switch {
	case !p.Kind.IsStatement():
		return locale.M("%s: only tribunes and communiqués are sent to the press", rel)
	case p.State != site.Public && p.State != site.Embargoed:
		return locale.M("%s: it is %s at %s: only a public statement, or a communiqué under embargo, is sent", rel, p.State.Words(), now.In(s.Config.Location).Format(time.RFC3339))
	}
	msg, err := email.Compose(s, p, out.AbsoluteText(p), messageLinks(s, p))
	if err != nil {
		return err
	}
	sender := *from
	if sender == "" {
		for _, c := range p.Contacts {
			if c.Email != "" {
				sender = (&netmail.Address{Name: s.OrgName(), Address: c.Email}).String()
				break
			}
		}
	}
	if sender == "" {
		return usagef("-from: the site has no press contact with an e-mail address; give the sender, such as -from \"Association <presse@example.org>\"")
	}
	if _, err := netmail.ParseAddress(sender); err != nil {
		return usagef("-from %q: %v", sender, err)
	}
	slug := strings.Trim(p.URL[strings.LastIndexByte(strings.TrimSuffix(p.URL, "/"), '/')+1:], "/")

	if *to == "" {
		name := *outFile
		if name == "" {
			name = slug + ".eml"
		}
		m, err := newMessage(msg, sender, "", "")
		if err != nil {
			return err
		}
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
		if err != nil {
			return err
		}
		if _, err := m.WriteTo(f); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		fmt.Fprintln(stdout, name)
		return nil
	}

	recipients, err := readRecipients(*to)
	if err != nil {
		return err
	}
	if *logFile == "" {
		*logFile = slug + "-envois.csv"
	}
	if !*again {
		// Sent again after an interruption, the message goes only to
		// those who have not received it.
		done, err := alreadySent(*logFile, msg.Subject)
		if err != nil {
			return err
		}
		kept := slices.DeleteFunc(slices.Clone(recipients), func(r *netmail.Address) bool { return done[strings.ToLower(r.Address)] })
		if n := len(recipients) - len(kept); n > 0 {
			if n == 1 {
				say(stdout, lang, "%s says 1 of the recipients already received it: left out (-again sends to them too)\n", *logFile)
			} else {
				say(stdout, lang, "%s says %d of the recipients already received it: they are left out (-again sends to them too)\n", *logFile, n)
			}
			if len(kept) == 0 {
				return nil
			}
		}
		recipients = kept
	}
	if !*send {
		if len(recipients) == 1 {
			say(stdout, lang, "dry run: \"%s\" would be sent to 1 recipient (add -send to send it):\n", content.Printable(msg.Subject))
		} else {
			say(stdout, lang, "dry run: \"%s\" would be sent to %d recipients (add -send to send it):\n", content.Printable(msg.Subject), len(recipients))
		}
		for _, r := range recipients {
			fmt.Fprintln(stdout, "  "+content.Printable(strings.TrimSpace(r.Name+" <"+r.Address+">")))
		}
		return nil
	}
	if *smtpAddr == "" {
		return usagef("-send needs -smtp host:port, the server that sends the messages")
	}
	client, err := smtpClient(*smtpAddr, *caFile)
	if err != nil {
		return err
	}
	log, err := openLog(*logFile, lang)
	if err != nil {
		return err
	}
	defer log.close()
	if err := client.DialWithContext(ctx); err != nil {
		return locale.M("cannot connect to %s: %v", *smtpAddr, err)
	}
	defer client.Close()
	failed := 0
	for i, r := range recipients {
		if i > 0 && *pause > 0 {
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(*pause):
			}
		}
		m, err := newMessage(msg, sender, r.Address, r.Name)
		if err == nil {
			err = client.Send(m)
		}
		if err != nil && ctx.Err() == nil {
			// The server may have ended the session (a limit of messages
			// per session, a pause too long): once more, on a new one.
			client.Close()
			if derr := client.DialWithContext(ctx); derr != nil {
				for _, r := range recipients[i:] {
					log.write(r.Address, msg.Subject, derr)
				}
				failed += len(recipients) - i
				say(stderr, lang, "connection to %s lost: %v\n", *smtpAddr, derr)
				break
			}
			err = client.Send(m)
		}
		if err != nil {
			failed++
			log.write(r.Address, msg.Subject, err)
			say(stderr, lang, "%s: not sent: %v\n", content.Printable(r.Address), err)
			continue
		}
		log.write(r.Address, msg.Subject, nil)
	}
	if len(recipients) == 1 && failed == 0 {
		say(stdout, lang, "sent \"%s\" to its recipient (log: %s)\n", content.Printable(msg.Subject), *logFile)
	} else {
		say(stdout, lang, "sent \"%s\" to %d of %d recipients (log: %s)\n", content.Printable(msg.Subject), len(recipients)-failed, len(recipients), *logFile)
	}
	if failed > 0 {
		if failed == 1 {
			return locale.M("1 message not sent: see %s", *logFile)
		}
		return locale.M("%d messages not sent: see %s", failed, *logFile)
	}
	return nil
}

// contentPath is the slash path, from the site's root, of a content file
// given on the command line (from the working folder, or from the site's
// root).
func contentPath(dir, file string) (string, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(dir, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = file
	}
	rel = filepath.ToSlash(rel)
	if !strings.HasPrefix(rel, "content/") {
		return "", usagef("%s is not a file of the site's content/ folder", file)
	}
	return rel, nil
}

// findPage is the statement made from a content file, published or not.
func findPage(s *site.Site, source string) *site.Page {
	for _, list := range [][]*site.Page{s.Pages, s.Hidden} {
		for _, p := range list {
			if p.File != nil && p.File.Source == source && p.Kind != site.Alias && p.Pager == nil {
				return p
			}
		}
	}
	return nil
}

// messageLinks are the addresses a message gives: the public ones, or
// those of the embargo copy while there is one; a communiqué under embargo
// without a copy is online only after the lift.
func messageLinks(s *site.Site, p *site.Page) email.Links {
	l := email.Links{Online: p.Permalink}
	move := func(u string) string { return u }
	if p.State == site.Embargoed {
		if p.SecretURL != "" {
			l.Online = s.Abs(p.SecretURL)
			move = func(u string) string { return p.SecretURL + strings.TrimPrefix(u, "/") }
		} else {
			l.Later = true
		}
	}
	for _, a := range p.Attachments {
		l.Attachments = append(l.Attachments, email.Attachment{Title: a.Title, URL: s.Abs(move(a.URL)), Format: a.Format, Size: p.Lang.Size(a.Size)})
	}
	return l
}

// newMessage makes the message for one recipient (none for a file to
// send by hand): no recipient ever sees another.
func newMessage(msg email.Message, from, to, name string) (*mail.Msg, error) {
	m := mail.NewMsg()
	if err := m.From(from); err != nil {
		return nil, locale.M("-from %q: %v", from, err)
	}
	if to != "" {
		if err := m.AddToFormat(name, to); err != nil {
			return nil, err
		}
	}
	m.Subject(msg.Subject)
	m.SetDate()
	m.SetMessageID()
	m.SetUserAgent("tribune")
	m.SetBodyString(mail.TypeTextPlain, msg.Text)
	m.AddAlternativeString(mail.TypeTextHTML, msg.HTML)
	return m, nil
}

// readRecipients reads a list of recipients as a spreadsheet saves it:
// CSV with commas, semicolons (French Excel) or tabs, in UTF-8 (with or
// without a byte order mark) or Windows-1252. A first line of column
// names says which column holds the address (email, e-mail, courriel,
// mail, adresse…) and which the name (nom, name, or prénom and nom);
// without it, the address is the value holding an @ and the name the first
// other one. Every bad line is reported, and each address is kept once.
func readRecipients(name string) ([]*netmail.Address, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r := spreadsheetReader(data)
	var out []*netmail.Address
	var errs content.ErrorList
	seen := map[string]bool{}
	var cols *columns
	headed := false
	for first := true; ; {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, csvError(name, err))
			continue
		}
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		line, _ := r.FieldPos(0)
		if first {
			first = false
			if cols, headed = headerColumns(rec); headed {
				continue
			}
		}
		addr, who := cols.pick(rec)
		if headed && cols == nil && !strings.Contains(addr, "@") {
			errs = append(errs, content.Errorf(name, content.Pos{Line: line}, "no e-mail address on this line, and the first line names no column of addresses: name it Courriel or Email"))
			continue
		}
		a, err := netmail.ParseAddress(addr)
		if err != nil || !content.PlainAddress(addr) {
			errs = append(errs, content.Errorf(name, content.Pos{Line: line}, "%s is not an e-mail address", content.Quote(addr)))
			continue
		}
		if strings.ContainsFunc(who, invisible) {
			errs = append(errs, content.Errorf(name, content.Pos{Line: line}, "the name %s holds a line break, a control or an invisible character", content.Quote(who)))
			continue
		}
		a.Name = who
		// What the mail library would refuse when sending is refused here,
		// before the first message.
		if err := mail.NewMsg().AddToFormat(a.Name, a.Address); err != nil {
			errs = append(errs, content.Errorf(name, content.Pos{Line: line}, "%s cannot be written in a message: %v", content.Quote(a.String()), err))
			continue
		}
		key := strings.ToLower(a.Address)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, a)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if len(out) == 0 {
		return nil, locale.M("%s holds no recipient", name)
	}
	return out, nil
}

// invisible reports whether r would hide in an address or a name: a
// control, format (U+200B, U+FEFF) or line-breaking character.
func invisible(r rune) bool {
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u2028' || r == '\u2029'
}

// spreadsheetReader reads the lines of a CSV file as a spreadsheet saved
// it (spreadsheetText, separator), Excel's "sep=" line skipped but
// counted, so that lines keep their numbers.
func spreadsheetReader(data []byte) *csv.Reader {
	text := spreadsheetText(data)
	comma := separator(text)
	if line, rest, _ := strings.Cut(strings.TrimLeft(text, "\r\n"), "\n"); strings.HasPrefix(strings.TrimSpace(line), "sep=") {
		text = "\n" + rest
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = comma
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	return r
}

// spreadsheetText is a saved spreadsheet's text: UTF-8 without its byte
// order mark, or, when it is not UTF-8, read as Windows-1252, the encoding
// of Excel's "CSV (séparateur : point-virgule)" on Windows.
func spreadsheetText(data []byte) string {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	if utf8.Valid(data) {
		return string(data)
	}
	text, err := charmap.Windows1252.NewDecoder().Bytes(data)
	if err != nil {
		return strings.ToValidUTF8(string(data), "\uFFFD")
	}
	return string(text)
}

// separator is the separator of a CSV text: of comma, semicolon and tab,
// the one its first line holds most often outside quotes.
func separator(text string) rune {
	line, _, _ := strings.Cut(strings.TrimLeft(text, "\r\n"), "\n")
	if sep, ok := strings.CutPrefix(strings.TrimSpace(line), "sep="); ok && utf8.RuneCountInString(sep) == 1 {
		// Excel's own line naming the separator.
		r, _ := utf8.DecodeRuneInString(sep)
		return r
	}
	counts := map[rune]int{}
	quoted := false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t'):
			counts[c]++
		}
	}
	best := ';' // French Excel's, first when counts tie
	for _, c := range []rune{',', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// columns are where a list's header puts the address and the name (the
// first name apart when the list has one).
type columns struct{ addr, first, last int }

// headerColumns reads a first line: it is a header when it holds no
// address and names a column as spreadsheets do (Courriel, Nom, Média…);
// its columns are known when one of them is named for the address. The
// column named most plainly wins: "Nom" over "Nom du média", "Courriel"
// over "Adresse".
func headerColumns(rec []string) (cols *columns, header bool) {
	c := &columns{addr: -1, first: -1, last: -1}
	var addrScore, lastScore int
	for i, f := range rec {
		f = strings.ToLower(strings.TrimSpace(f))
		if strings.Contains(f, "@") {
			return nil, false
		}
		if score := addressColumn(f); score > addrScore {
			c.addr, addrScore = i, score
		}
		switch {
		case strings.Contains(f, "prénom") || strings.Contains(f, "prenom") || strings.Contains(f, "first"):
			if c.first < 0 {
				c.first = i
			}
		case f == "nom" || f == "name" || f == "nom de famille" || f == "last name":
			if lastScore < 2 {
				c.last, lastScore = i, 2
			}
		case strings.Contains(f, "nom") || strings.Contains(f, "name"):
			if lastScore < 1 {
				c.last, lastScore = i, 1
			}
		case f == "contact" || f == "journaliste" || f == "destinataire":
			// A person's name, when no column is named for it.
			if lastScore < 1 {
				c.last = i
			}
			header = true
		case knownColumn(f):
			header = true
		}
	}
	header = header || c.addr >= 0 || c.first >= 0 || c.last >= 0
	if c.addr < 0 {
		return nil, header
	}
	return c, true
}

// addressColumn says how plainly a column's name names e-mail addresses:
// 3 for "courriel" or "e-mail", 2 for a name holding "mail", 1 for
// "adresse" alone (perhaps a postal one), 0 for none.
func addressColumn(name string) int {
	switch {
	case name == "email" || name == "e-mail" || name == "courriel" || name == "mail" || name == "adresse électronique" ||
		name == "adresse e-mail" || name == "adresse mail" || name == "adresse email" || name == "email address" || name == "e-mail address":
		return 3
	case strings.Contains(name, "mail") || strings.Contains(name, "courriel") || strings.Contains(name, "électronique") || strings.Contains(name, "electronique"):
		return 2
	case strings.Contains(name, "adresse") || strings.Contains(name, "address"):
		return 1
	}
	return 0
}

// knownColumn reports whether a name is one a press list's other columns
// often have.
func knownColumn(name string) bool {
	for _, w := range []string{"média", "media", "journal", "rédaction", "redaction", "organisation", "organization", "société",
		"company", "contact", "fonction", "titre", "title", "téléphone", "telephone", "phone", "tél", "tel", "ville", "city", "pays", "country"} {
		if strings.Contains(name, w) {
			return true
		}
	}
	return false
}

// pick gives a line's address and name: from the header's columns, or
// else the value holding an @ and the first other one.
func (c *columns) pick(rec []string) (addr, name string) {
	field := func(i int) string {
		if i < 0 || i >= len(rec) {
			return ""
		}
		return strings.TrimSpace(rec[i])
	}
	if c != nil {
		return field(c.addr), strings.TrimSpace(field(c.first) + " " + field(c.last))
	}
	at := 0
	for i := range rec {
		if strings.Contains(rec[i], "@") {
			at = i
			break
		}
	}
	for i := range rec {
		if i != at && field(i) != "" {
			return field(at), field(i)
		}
	}
	return field(at), ""
}

// csvError says where and how a list breaks the rules of CSV.
func csvError(name string, err error) *content.Error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return content.Errorf(name, content.Pos{}, "%v", err)
	}
	pos := content.Pos{Line: pe.Line, Col: pe.Column}
	switch {
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return content.Errorf(name, pos, "a quote inside a value that does not start with one: put the whole value in quotes, and double the quotes inside it (\"\")")
	case errors.Is(pe.Err, csv.ErrQuote):
		return content.Errorf(name, pos, "a quoted value is not closed, or its closing quote is followed by text: double the quotes inside it (\"\")")
	}
	return content.Errorf(name, pos, "%v", pe.Err)
}

// smtpClient is a client of the server at addr that sends only over TLS
// (STARTTLS), with the credentials of the environment, if any.
func smtpClient(addr, caFile string) (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		host, portText = addr, "587"
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535 {
		return nil, usagef("-smtp %q: want host:port, such as smtp.example.org:587", addr)
	}
	tlsConfig := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, err
		}
		pool, err := x509.SystemCertPool()
		if err != nil {
			pool = x509.NewCertPool()
		}
		if !pool.AppendCertsFromPEM(pem) {
			return nil, usagef("-smtp-ca %s: no PEM certificate in it", caFile)
		}
		tlsConfig.RootCAs = pool
	}
	opts := []mail.Option{mail.WithPort(port), mail.WithTLSPolicy(mail.TLSMandatory), mail.WithTLSConfig(tlsConfig),
		mail.WithTimeout(30 * time.Second), mail.WithHELO("localhost")}
	if user := os.Getenv(smtpUserVar); user != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover), mail.WithUsername(user), mail.WithPassword(os.Getenv(smtpPasswordVar)))
	}
	return mail.NewClient(host, opts...)
}

// alreadySent reads a send log: the addresses (in lower case) whose last
// line for this subject says the message was sent, in either language.
func alreadySent(name, subject string) (map[string]bool, error) {
	data, err := os.ReadFile(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	r := spreadsheetReader(data)
	done := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil || len(rec) < 4 || rec[2] != subject {
			continue
		}
		done[strings.ToLower(rec[1])] = rec[3] == locale.M("sent").In("en") || rec[3] == locale.M("sent").In("fr")
	}
	return done, nil
}

// sendLog records who received what, as CSV lines appended to a file that
// a spreadsheet opens: a byte order mark so that Excel reads UTF-8, and,
// for a French site, semicolons and French column names.
type sendLog struct {
	f    *os.File
	w    *csv.Writer
	lang string
}

func openLog(name, lang string) (*sendLog, error) {
	info, statErr := os.Stat(name)
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	l := &sendLog{f: f, w: csv.NewWriter(f), lang: lang}
	if lang == "fr" {
		l.w.Comma = ';' // Excel's separator in French
	}
	if errors.Is(statErr, os.ErrNotExist) || statErr == nil && info.Size() == 0 {
		f.WriteString("\uFEFF")
		l.w.Write([]string{tr(lang, "time"), tr(lang, "recipient"), tr(lang, "subject"), tr(lang, "result")})
	}
	return l, nil
}

func (l *sendLog) write(to, subject string, err error) {
	result := tr(l.lang, "sent")
	if err != nil {
		result = locale.M("failed: %v", err).In(l.lang)
	}
	l.w.Write([]string{time.Now().Format(time.RFC3339), to, subject, result})
	l.w.Flush()
}

func (l *sendLog) close() {
	l.w.Flush()
	l.f.Close()
}
