package main

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"golang.org/x/text/encoding/charmap"

	"tribune/internal/content"
	"tribune/internal/locale"
)

const pressRelease = `-- content/communiques/acces.md --
---
title: Rapport sur les plateformes en ligne
date: 2026-11-20
embargo: 2026-12-03T06:00:00+01:00
embargoAccess: true
attachments: [{src: /documents/rapport.pdf, title: Le rapport complet}]
---
Le rapport annuel de l’association sur les plateformes, **à paraître** : [le lire](/documents/rapport.pdf).

> Une citation de la présidente.
-- static/documents/rapport.pdf --
%PDF rapport
`

// mailParts reads a message: its headers, and the body of each part of
// its multipart/alternative by media type.
func mailParts(t *testing.T, raw []byte) (*netmail.Message, map[string]string) {
	t.Helper()
	m, err := netmail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("not a message: %v\n%s", err, raw)
	}
	mt, params, err := mime.ParseMediaType(m.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q: want multipart/alternative", m.Header.Get("Content-Type"))
	}
	parts := map[string]string{}
	r := multipart.NewReader(m.Body, params["boundary"])
	for {
		p, err := r.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		var body io.Reader = p
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(p)
		}
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		parts[pt] = strings.ReplaceAll(string(b), "\r\n", "\n")
	}
	return m, parts
}

// tribune email writes the communiqué as a message: both parts, the
// embargo line first, dateline, text, end mark, boilerplate, contacts,
// and the attachments at the embargo copy's address. Not parallel: it
// sets the environment.
func TestEmailWritesTheMessage(t *testing.T) {
	t.Setenv("TRIBUNE_EMBARGO_KEY", "une clé de test assez longue")
	src := newSite(t, pressRelease)
	eml := filepath.Join(t.TempDir(), "message.eml")
	r := tribune(t, "email", "-src", src, "-at", at, "-o", eml, filepath.Join(src, "content", "communiques", "acces.md"))
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	raw, err := os.ReadFile(eml)
	if err != nil {
		t.Fatal(err)
	}
	m, parts := mailParts(t, raw)
	subject, _ := new(mime.WordDecoder).DecodeHeader(m.Header.Get("Subject"))
	if subject != "Rapport sur les plateformes en ligne" {
		t.Errorf("subject %q", subject)
	}
	if from, _ := m.Header.AddressList("From"); len(from) != 1 || from[0].Address != "presse@association.example" {
		t.Errorf("From %v: want the site's press contact", from)
	}
	text, html := parts["text/plain"], parts["text/html"]
	const line = "EMBARGO jusqu’au jeudi 3 décembre 2026, 6\u202fh (heure de Paris)"
	if first, _, _ := strings.Cut(text, "\n"); first != line {
		t.Errorf("first line of the text %q, want %q", first, line)
	}
	for what, part := range map[string]string{"text": text, "HTML": html} {
		for _, want := range []string{"Rapport sur les plateformes en ligne", "Paris, le 3 décembre 2026", "Le rapport annuel de l’association",
			"Une citation de la présidente", "Léa Martin", "presse@association.example", "L’association Test agit depuis 2009", "Le rapport complet",
			"https://presse.example/presse/embargo/"} {
			if !strings.Contains(strings.ReplaceAll(part, "\u00a0", " "), want) {
				t.Errorf("%s part lacks %q", what, want)
			}
		}
		if strings.Contains(part, "https://presse.example/documents/rapport.pdf") {
			t.Errorf("%s part links the report at its public address, before the lift", what)
		}
	}
	if !strings.Contains(html, line) || !strings.Contains(html, `<p style="`) || strings.Contains(html, "<style") {
		t.Errorf("HTML part: want the embargo line and inline styles only:\n%s", html)
	}
	if i, j := strings.Index(html, line), strings.Index(html, "<h1"); i < 0 || j < i {
		t.Error("the embargo line does not come first in the HTML part")
	}

	// After the lift: for immediate release, public addresses.
	r = tribune(t, "email", "-src", src, "-at", "2026-12-04T08:00:00+01:00", "-o", eml, "content/communiques/acces.md")
	if r.err != nil {
		t.Fatal(r.err)
	}
	raw, _ = os.ReadFile(eml)
	_, parts = mailParts(t, raw)
	if first, _, _ := strings.Cut(parts["text/plain"], "\n"); first != "Pour diffusion immédiate" || !strings.Contains(parts["text/plain"], "https://presse.example/documents/rapport.pdf") {
		t.Errorf("after the lift:\n%s", parts["text/plain"])
	}
	// A file that is not there says so.
	if r := tribune(t, "email", "-src", src, "-at", at, "-o", eml, "content/communiques/absent.md"); r.err == nil || !strings.Contains(locale.ErrorIn(r.err, "fr"), "content/communiques/absent.md\u00a0: fichier introuvable") {
		t.Errorf("a file not there: %v", r.err)
	}
	// A draft is not sent.
	writeFiles(t, src, "-- content/communiques/brouillon.md --\n---\ntitle: Brouillon\ndate: 2026-11-20\ndraft: true\n---\nx\n")
	if r := tribune(t, "email", "-src", src, "-at", at, "-o", eml, "content/communiques/brouillon.md"); r.err == nil {
		t.Error("a draft was written as a message")
	}
	// A site whose address is this computer's: its links would lead
	// journalists nowhere.
	toml := filepath.Join(src, "site.toml")
	writeFile(t, toml, strings.Replace(readFile(t, toml), `baseURL = "https://presse.example/"`, `baseURL = "http://localhost:1313/"`, 1))
	os.Remove(eml)
	r = tribune(t, "email", "-src", src, "-at", "2026-12-04T08:00:00+01:00", "-o", eml, "content/communiques/acces.md")
	if r.err == nil || !strings.Contains(locale.ErrorIn(r.err, "fr"), "site.toml\u00a0: baseURL vaut http://localhost:1313/") {
		t.Errorf("a message with links to localhost: %v", r.err)
	}
	if _, err := os.Stat(eml); err == nil {
		t.Error("a message with links to localhost was written")
	}
}

// smtpSink is an SMTP server on 127.0.0.1 that asks for STARTTLS and a
// password, and keeps what it receives.
type smtpSink struct {
	mu       sync.Mutex
	messages []sinkMessage
	// perSession, when set, is how many messages a session takes before
	// the server ends it, as some providers do.
	perSession int
}

type sinkMessage struct {
	from string
	rcpt []string
	data []byte
}

type sinkSession struct {
	sink  *smtpSink
	conn  *smtp.Conn
	msg   sinkMessage
	auth  bool
	count int
}

func (s *sinkSession) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *sinkSession) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, pass string) error {
		if user != "presse" || pass != "mot de passe" {
			return errors.New("bad credentials")
		}
		s.auth = true
		return nil
	}), nil
}
func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.msg = sinkMessage{from: from}
	return nil
}
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.rcpt = append(s.msg.rcpt, to)
	return nil
}
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.msg.data = b
	s.sink.mu.Lock()
	s.sink.messages = append(s.sink.messages, s.msg)
	limit := s.sink.perSession
	s.sink.mu.Unlock()
	if s.count++; limit > 0 && s.count >= limit {
		// Once this message's reply has gone.
		time.AfterFunc(20*time.Millisecond, func() { s.conn.Close() })
	}
	return nil
}
func (s *sinkSession) Reset()        { s.msg = sinkMessage{} }
func (s *sinkSession) Logout() error { return nil }

// startSink starts the server; its certificate's authority is written to
// a PEM file for -smtp-ca.
func startSink(t *testing.T) (*smtpSink, string, string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o644); err != nil {
		t.Fatal(err)
	}
	sink := &smtpSink{}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: sink, conn: c}, nil }))
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}
	srv.AllowInsecureAuth = false
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return sink, ln.Addr().String(), ca
}

// tribune email -send sends one message per recipient, over STARTTLS with
// the credentials of the environment: every recipient once, none in
// another's message, the log saying who received what; a dry run sends
// nothing, and a bad list stops everything. Not parallel: it sets the
// environment.
func TestEmailSendsToEachRecipientOnce(t *testing.T) {
	t.Setenv("TRIBUNE_EMBARGO_KEY", "une clé de test assez longue")
	t.Setenv(smtpUserVar, "presse")
	t.Setenv(smtpPasswordVar, "mot de passe")
	src := newSite(t, pressRelease)
	sink, addr, ca := startSink(t)
	dir := t.TempDir()
	list := filepath.Join(dir, "journalistes.csv")
	writeFile(t, list, "email,nom\nalice@redaction.example,Alice Durand\n bruno@agence.example , Bruno Petit\nALICE@redaction.example,Alice encore\nchloe@hebdo.example\n")
	logFile := filepath.Join(dir, "envois.csv")
	args := []string{"email", "-src", src, "-at", at, "-smtp", addr, "-smtp-ca", ca, "-to", list, "-pause", "0s", "-log", logFile, "content/communiques/acces.md"}

	r := tribune(t, args...)
	if r.err != nil || !strings.Contains(r.stdout, "essai") || !strings.Contains(r.stdout, "3 destinataires") {
		t.Fatalf("dry run: %v\n%s", r.err, r.stdout)
	}
	if len(sink.messages) != 0 {
		t.Fatal("a dry run sent messages")
	}

	r = tribune(t, append(args[:len(args)-1:len(args)-1], "-send", "content/communiques/acces.md")...)
	if r.err != nil {
		t.Fatalf("send: %v\n%s", r.err, r.stderr)
	}
	want := []string{"alice@redaction.example", "bruno@agence.example", "chloe@hebdo.example"}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	if len(sink.messages) != len(want) {
		t.Fatalf("%d messages received, want %d", len(sink.messages), len(want))
	}
	for i, m := range sink.messages {
		if len(m.rcpt) != 1 || m.rcpt[0] != want[i] {
			t.Errorf("message %d went to %q, want %s alone", i, m.rcpt, want[i])
		}
		for j, other := range want {
			if j != i && bytes.Contains(bytes.ToLower(m.data), []byte(other)) {
				t.Errorf("the message to %s names %s", want[i], other)
			}
		}
		msg, parts := mailParts(t, m.data)
		if to, _ := msg.Header.AddressList("To"); len(to) != 1 || to[0].Address != want[i] {
			t.Errorf("To %v", to)
		}
		if !strings.HasPrefix(parts["text/plain"], "EMBARGO jusqu’au") || !strings.Contains(parts["text/html"], "EMBARGO jusqu’au") {
			t.Errorf("message %d lacks the embargo line", i)
		}
	}
	// Sent again: those who received it are left out.
	sink.mu.Unlock()
	r = tribune(t, append(args[:len(args)-1:len(args)-1], "-send", "content/communiques/acces.md")...)
	sink.mu.Lock()
	if r.err != nil || len(sink.messages) != len(want) || !strings.Contains(r.stdout, "3 des destinataires l’ont déjà reçu") {
		t.Errorf("sent again: %v, %d messages in all\n%s", r.err, len(sink.messages), r.stdout)
	}
	logText := readFile(t, logFile)
	if !strings.HasPrefix(logText, "\uFEFFdate;destinataire;objet;résultat\n") {
		t.Errorf("the log does not open in a French spreadsheet:\n%s", logText)
	}
	for _, w := range want {
		if strings.Count(logText, w+";Rapport sur les plateformes en ligne;envoyé") != 1 {
			t.Errorf("the log does not say %s received it once:\n%s", w, logText)
		}
	}

	// A bad line: nothing is sent, every bad line is named.
	writeFile(t, list, "alice@redaction.example\npas une adresse\nbruno.agence.example\n")
	sink.messages = nil
	sink.mu.Unlock()
	r = tribune(t, append(args[:len(args)-1:len(args)-1], "-send", "content/communiques/acces.md")...)
	sink.mu.Lock()
	if r.err == nil || !strings.Contains(r.err.Error(), "journalistes.csv:2: ") || !strings.Contains(r.err.Error(), "journalistes.csv:3: ") || len(sink.messages) != 0 {
		t.Errorf("bad list: %v, %d sent", r.err, len(sink.messages))
	}
}

// TestRecipientsAsSpreadsheetsSaveThem: the list of journalists is read as
// Excel, LibreOffice or a mailing tool saves it.
func TestRecipientsAsSpreadsheetsSaveThem(t *testing.T) {
	dir := t.TempDir()
	win1252 := func(s string) string {
		b, err := charmap.Windows1252.NewEncoder().String(s)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tt := range []struct {
		name, data string
		want       []string // "Name <address>"
	}{
		{"Excel en français (point-virgule, Windows-1252)",
			win1252("Prénom;Nom;Média;Courriel\r\nHélène;Gaëtan-Lefèvre;L’Écho;helene@echo.example\r\nJosé;Muñoz;;jose@agence.example\r\n"),
			[]string{"Hélène Gaëtan-Lefèvre <helene@echo.example>", "José Muñoz <jose@agence.example>"}},
		{"UTF-8 avec BOM, colonnes nommées en anglais",
			"\uFEFFName,Outlet,Email address\n\"Durand, Alice\",Le Quotidien,alice@quotidien.example\n",
			[]string{"Durand, Alice <alice@quotidien.example>"}},
		{"sans en-tête, le nom d’abord",
			"Bruno Petit;bruno@agence.example\n;chloe@hebdo.example\n",
			[]string{"Bruno Petit <bruno@agence.example>", "<chloe@hebdo.example>"}},
		{"tabulations",
			"email\tnom\ndaniel@radio.example\tDaniel Roux\n",
			[]string{"Daniel Roux <daniel@radio.example>"}},
		{"en-tête sans colonne d’adresse reconnue",
			"Contact;Qui\neve@tele.example;Ève Blanc\n",
			[]string{"Ève Blanc <eve@tele.example>"}},
		{"la ligne sep= d’Excel, et autant de virgules que de points-virgules",
			"sep=;\nNom, prénom;Courriel\n\"Dupont, Jean\";jean.dupont@quotidien.example\n",
			[]string{"Dupont, Jean <jean.dupont@quotidien.example>"}},
		{"une colonne Contact pour le nom",
			"Contact;Média;Email\nJean Dupont;Le Quotidien;jean@quotidien.example\n",
			[]string{"Jean Dupont <jean@quotidien.example>"}},
		{"l’adresse électronique plutôt que l’adresse postale",
			"Nom;Adresse;Adresse électronique professionnelle\nFaure;12 rue des Lilas;faure@quotidien.example\n",
			[]string{"Faure <faure@quotidien.example>"}},
		{"la colonne nommée le plus simplement",
			"Nom du média;Nom;Adresse;Courriel\nLe Quotidien;Faure;12 rue des Lilas;faure@quotidien.example\n",
			[]string{"Faure <faure@quotidien.example>"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "liste.csv")
			writeFile(t, file, tt.data)
			got, err := readRecipients(file)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, a := range got {
				names = append(names, strings.TrimSpace(a.Name+" <"+a.Address+">"))
			}
			if !slices.Equal(names, tt.want) {
				t.Errorf("read %q, want %q", names, tt.want)
			}
		})
	}

	// Lines that would fail when sending, or deceive: refused at once,
	// each at its line.
	bad := filepath.Join(dir, "douteuse.csv")
	writeFile(t, bad, "Jean Dupont;Le Monde\nfaure@quotidien\nd@x.example\u200b\nctl@x.example;Ctl\x01x\npresse@x.example?cc=espion@y.example\n")
	_, err := readRecipients(bad)
	var bl content.ErrorList
	if !errors.As(err, &bl) || len(bl) != 5 {
		t.Fatalf("got %v, want five errors", err)
	}
	for i, e := range bl {
		if e.Line != i+1 {
			t.Errorf("error %d at line %d: %v", i, e.Line, e)
		}
	}

	// A header without a column of addresses says so.
	nocol := filepath.Join(dir, "sans-courriel.csv")
	writeFile(t, nocol, "Nom;Prénom;Journal\nDupont;Jean;Le Quotidien\n")
	if _, err := readRecipients(nocol); err == nil || !strings.Contains(locale.ErrorIn(err, "fr"), nocol+":2: pas d’adresse électronique sur cette ligne, et la première ligne ne nomme aucune colonne d’adresses") {
		t.Errorf("a list without a column of addresses: %v", err)
	}

	// A quote in the middle of a value, and one never closed: each named
	// with its line and column, in the site's language.
	file := filepath.Join(dir, "cassee.csv")
	writeFile(t, file, "email;nom\nanne@revue.example;Anne \"Nanou\" Vidal\nbenoit@revue.example;\"Benoît\n")
	_, err = readRecipients(file)
	var l content.ErrorList
	if !errors.As(err, &l) || len(l) != 2 {
		t.Fatalf("got %v, want two errors", err)
	}
	fr := l.In("fr")
	for _, want := range []string{file + ":2:25: un guillemet dans une valeur", file + ":3:"} {
		if !strings.Contains(fr, want) {
			t.Errorf("errors lack %q:\n%s", want, fr)
		}
	}
}

// A server that ends the session after each message (a provider's limit):
// tribune connects again, and every recipient receives the message once.
func TestEmailSurvivesAClosedSession(t *testing.T) {
	t.Setenv("TRIBUNE_EMBARGO_KEY", "une clé de test assez longue")
	t.Setenv(smtpUserVar, "presse")
	t.Setenv(smtpPasswordVar, "mot de passe")
	src := newSite(t, pressRelease)
	sink, addr, ca := startSink(t)
	sink.perSession = 1
	dir := t.TempDir()
	list := filepath.Join(dir, "journalistes.csv")
	writeFile(t, list, "Courriel;Nom\na@redaction.example;A\nb@redaction.example;B\nc@redaction.example;C\n")
	r := tribune(t, "email", "-src", src, "-at", at, "-smtp", addr, "-smtp-ca", ca, "-to", list, "-pause", "100ms",
		"-log", filepath.Join(dir, "envois.csv"), "-send", "content/communiques/acces.md")
	if r.err != nil {
		t.Fatalf("%v\n%s", r.err, r.stderr)
	}
	sink.mu.Lock()
	defer sink.mu.Unlock()
	var got []string
	for _, m := range sink.messages {
		got = append(got, m.rcpt...)
	}
	if want := []string{"a@redaction.example", "b@redaction.example", "c@redaction.example"}; !slices.Equal(got, want) {
		t.Errorf("received by %q, want %q", got, want)
	}
}
