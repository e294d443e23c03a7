package content

import (
	"errors"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
	"go.yaml.in/yaml/v3"
)

// parseTOML reads a TOML document into the same positioned tree as YAML,
// so that one decoder validates both. Lines are shifted by line-1 so they
// count in the original file.
func parseTOML(file string, data []byte, line int) (*yaml.Node, ErrorList) {
	var p unstable.Parser
	p.Reset(data)
	t := &tomlTree{file: file, p: &p, data: data, shift: line - 1, index: map[*yaml.Node]map[string]*yaml.Node{}}
	t.last.start = -1
	for i, c := range data {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: line, Column: 1}
	cur := root
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.KeyValue:
			t.keyValue(cur, e)
		case unstable.Table, unstable.ArrayTable:
			keys := t.keys(e.Key())
			parent := root
			for i, k := range keys {
				last := i == len(keys)-1
				v := t.lookup(parent, k.Value)
				switch {
				case last && e.Kind == unstable.ArrayTable:
					if v == nil {
						v = &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: k.Line, Column: k.Column}
						t.add(parent, k, v)
					} else if v.Kind != yaml.SequenceNode {
						t.errs = append(t.errs, Errorf(file, Pos{k.Line, k.Column}, "key %s is already defined on line %d", Quote(k.Value), v.Line))
						v = &yaml.Node{Kind: yaml.SequenceNode}
					}
					m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column}
					v.Content = append(v.Content, m)
					parent = m
				case v == nil:
					m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column}
					t.add(parent, k, m)
					parent = m
				case v.Kind == yaml.MappingNode && !last:
					parent = v
				case v.Kind == yaml.SequenceNode && !last && len(v.Content) > 0:
					parent = v.Content[len(v.Content)-1]
				default:
					t.errs = append(t.errs, Errorf(file, Pos{k.Line, k.Column}, "table %s is already defined on line %d", Quote(k.Value), v.Line))
					parent = &yaml.Node{Kind: yaml.MappingNode}
				}
			}
			cur = parent
		}
	}
	if err := p.Error(); err != nil {
		pos := Pos{line, 1}
		msg := err.Error()
		var perr *unstable.ParserError
		if errors.As(err, &perr) {
			msg = perr.Message
			if len(perr.Highlight) > 0 {
				l, c := t.pos(p.Range(perr.Highlight))
				pos = Pos{l, c}
			}
		}
		t.errs = append(t.errs, tomlHint(file, data, line, pos, msg))
	}
	return root, t.errs
}

type tomlTree struct {
	file  string
	p     *unstable.Parser
	data  []byte
	shift int
	errs  ErrorList
	// lines are the offsets where the lines after the first start; index
	// holds the keys of each mapping made so far, so that neither a
	// position nor a key is looked for from the start of the document.
	lines []int
	index map[*yaml.Node]map[string]*yaml.Node
	// last is the last place found: the next, often further on the same
	// line (the values of a long array), is counted from there.
	last struct{ start, off, col int }
}

// pos gives the line (in the original file) and the column in runes, as
// for YAML; go-toml counts columns in bytes.
func (t *tomlTree) pos(r unstable.Range) (int, int) {
	off := int(r.Offset)
	n, _ := slices.BinarySearch(t.lines, off+1) // lines started at or before off
	start := 0
	if n > 0 {
		start = t.lines[n-1]
	}
	from, col := start, 1
	if t.last.start == start && t.last.off <= off {
		from, col = t.last.off, t.last.col
	}
	col += utf8.RuneCount(t.data[from:off])
	t.last.start, t.last.off, t.last.col = start, off, col
	return n + 1 + t.shift, col
}

// lookup finds the value of key in the mapping node m.
func (t *tomlTree) lookup(m *yaml.Node, key string) *yaml.Node {
	return t.index[m][key]
}

// add appends key and its value v to the mapping node m.
func (t *tomlTree) add(m, key, v *yaml.Node) {
	m.Content = append(m.Content, key, v)
	if t.index[m] == nil {
		t.index[m] = map[string]*yaml.Node{}
	}
	t.index[m][key.Value] = v
}

// keys turns a (dotted) key into scalar nodes.
func (t *tomlTree) keys(it unstable.Iterator) []*yaml.Node {
	var out []*yaml.Node
	for it.Next() {
		n := it.Node()
		l, c := t.pos(n.Raw)
		out = append(out, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: string(n.Data), Line: l, Column: c})
	}
	return out
}

func (t *tomlTree) keyValue(table *yaml.Node, e *unstable.Node) {
	keys := t.keys(e.Key())
	parent := table
	for i, k := range keys {
		v := t.lookup(parent, k.Value)
		if i == len(keys)-1 {
			if v != nil {
				t.errs = append(t.errs, Errorf(t.file, Pos{k.Line, k.Column}, "duplicate key %s (first set on line %d)", Quote(k.Value), v.Line))
				return
			}
			t.add(parent, k, t.value(e.Value(), k))
			return
		}
		switch {
		case v == nil:
			m := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: k.Line, Column: k.Column}
			t.add(parent, k, m)
			parent = m
		case v.Kind == yaml.MappingNode:
			parent = v
		default:
			t.errs = append(t.errs, Errorf(t.file, Pos{k.Line, k.Column}, "key %s is already defined on line %d", Quote(k.Value), v.Line))
			return
		}
	}
}

func (t *tomlTree) value(n *unstable.Node, key *yaml.Node) *yaml.Node {
	line, col := key.Line, key.Column
	if n.Raw.Length > 0 {
		line, col = t.pos(n.Raw)
	}
	out := &yaml.Node{Kind: yaml.ScalarNode, Line: line, Column: col, Value: string(n.Data)}
	switch n.Kind {
	case unstable.String:
		out.Tag, out.Style = "!!str", yaml.DoubleQuotedStyle
	case unstable.Bool:
		out.Tag = "!!bool"
	case unstable.Integer:
		out.Tag = "!!int"
	case unstable.Float:
		out.Tag = "!!float"
	case unstable.LocalDate, unstable.LocalDateTime, unstable.DateTime:
		out.Tag = "!!timestamp"
		out.Value = strings.Replace(out.Value, " ", "T", 1)
	case unstable.LocalTime:
		out.Tag = "!!str"
	case unstable.Array:
		out.Kind, out.Tag = yaml.SequenceNode, "!!seq"
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			out.Content = append(out.Content, t.value(c, out))
		}
	case unstable.InlineTable:
		out.Kind, out.Tag = yaml.MappingNode, "!!map"
		for it := n.Children(); it.Next(); {
			c := it.Node()
			if c.Kind == unstable.KeyValue {
				t.keyValue(out, c)
			}
		}
	}
	return out
}

// tomlColon is a line written the YAML way: "title: x".
var tomlColon = regexp.MustCompile(`^\s*([A-Za-z][\w.-]*)\s*:\s*(.*?)\s*$`)

// tomlHint says in plain words what is wrong with a TOML line, for the
// commonest mistake (a colon where TOML wants =), else gives the parser's
// words.
func tomlHint(file string, data []byte, first int, pos Pos, msg string) *Error {
	lines := strings.Split(string(data), "\n")
	for _, i := range []int{pos.Line - first, pos.Line - first - 1} {
		if i < 0 || i >= len(lines) {
			continue
		}
		if m := tomlColon.FindStringSubmatch(lines[i]); m != nil {
			value := m[2]
			if value == "" || value[0] != '"' && value[0] != '[' && value[0] != '\'' && !strings.ContainsAny(value[:1], "0123456789tf") {
				value = `"` + strings.ReplaceAll(value, `"`, `\"`) + `"`
			}
			return Errorf(file, Pos{Line: first + i, Col: 1}, "%s is written key = value, not key: value: write %s = %s", file, short(m[1]), short(value))
		}
	}
	if i := pos.Line - first; i >= 0 && i < len(lines) {
		if m := tomlEquals.FindStringSubmatch(lines[i]); m != nil {
			key, value := short(m[1]), short(m[2])
			switch {
			case strings.Contains(msg, "cannot have new lines") || strings.Count(value, `"`) == 1:
				return Errorf(file, pos, "the text of %s opens with \" and is not closed on this line: end it with \"", key)
			case value != "" && unicode.IsLetter([]rune(value)[0]) && value != "true" && value != "false":
				return Errorf(file, pos, "the value of %s is not in quotes: write %s = \"%s\" for a text, or true or false for yes or no", key, key, strings.ReplaceAll(value, `"`, `\"`))
			}
		}
	}
	return Errorf(file, pos, "invalid TOML: %s", msg)
}

// tomlEquals is a line key = value.
var tomlEquals = regexp.MustCompile(`^\s*([A-Za-z][\w.-]*)\s*=\s*(.*?)\s*$`)
