package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// The search index is what assets/js/search.js filters as a reader types. It is generated here,
// from the model and published as a static file named by a digest of its content (browsers may
// cache it for good); the pages with a search box carry its URL. Because it is one more generated
// file the preview server's change detection covers it like any page.
//
// It is compact because a phone downloads it whole: names are interned in tables and rows refer
// to them by position, notices are listed by kind and number only, and URLs are rebuilt in the
// script from templates taken from package links, so the URL scheme still has one source.

// searchIndexVersion changes when the shape below changes, so an old script never misreads a
// new index (the fingerprinted URL already keeps caches apart).
const searchIndexVersion = 1

// searchIndex is the JSON document. Rows are positional arrays, documented in Fields.
type searchIndex struct {
	Version   int      `json:"v"`
	Fields    []string `json:"fields"`  // the meaning of each position of a row of Projects
	Project   string   `json:"project"` // URL template of a project page, {id}
	Notice    string   `json:"notice"`  // URL template of a notice page, {kind} and {id}
	Bodies    []string `json:"bodies"`
	Providers []string `json:"providers"`
	Items     []string `json:"items"`
	Projects  [][]any  `json:"projects"`
}

var searchFields = []string{"id", "title", "body", "item", "year", "status", "providers", "notices"}

// interner numbers strings in order of first use, so equal datasets give equal indexes.
type interner struct {
	pos  map[string]int
	list []string
}

func (t *interner) of(s string) int {
	if i, ok := t.pos[s]; ok {
		return i
	}
	if t.pos == nil {
		t.pos = map[string]int{}
	}
	t.pos[s] = len(t.list)
	t.list = append(t.list, s)
	return len(t.list) - 1
}

// searchNotice is a notice as the index names it: its kind, with ":n" for numbered stages.
func searchNotice(n records.Notice) string {
	if n.Index > 0 {
		return string(n.Kind) + ":" + strconv.Itoa(n.Index)
	}
	return string(n.Kind)
}

// search emits the headless search section and its index. Only what is published as of the
// build date goes in: a provider shows only once the stage naming it is public.
func (g *gen) search() {
	idx := searchIndex{
		Version: searchIndexVersion,
		Fields:  searchFields,
		Project: links.Project("{id}"),
		Notice:  links.Notice(records.Notice{Kind: "{kind}", Project: &records.Project{ID: "{id}"}}),
	}
	var bodies, providers, items interner
	projects := append([]*records.Project(nil), g.projects...)
	// Newest first, like every list on the site: the script keeps this order among equal matches.
	sort.SliceStable(projects, func(i, j int) bool {
		if projects[i].Year != projects[j].Year {
			return projects[i].Year > projects[j].Year
		}
		return projects[i].ID > projects[j].ID
	})
	for _, p := range projects {
		var notices []string
		var provs []int
		seen := map[string]bool{}
		addProvider := func(code string) {
			if code != "" && !seen[code] {
				seen[code] = true
				provs = append(provs, providers.of(g.providerRef(code).Name))
			}
		}
		for _, n := range g.noticesOf(p) {
			notices = append(notices, searchNotice(n))
			switch n.Kind {
			case records.KindSingleSource:
				addProvider(p.SingleSource.Provider)
			case records.KindAward:
				for _, w := range p.Award.Winners {
					addProvider(w.Provider)
				}
			case records.KindContract:
				addProvider(p.Contract.Provider)
			}
		}
		if provs == nil {
			provs = []int{}
		}
		item := g.item(p.Item)
		idx.Projects = append(idx.Projects, []any{
			p.ID, p.Title, bodies.of(g.bodyRef(p.Body).Name), items.of(item.Name), p.Year,
			g.status(p)[len("status-"):], provs, notices,
		})
	}
	idx.Bodies, idx.Providers, idx.Items = nonNil(bodies.list), nonNil(providers.list), nonNil(items.list)
	if idx.Projects == nil {
		idx.Projects = [][]any{}
	}
	data, err := json.Marshal(idx)
	if err != nil {
		panic("site: search index: " + err.Error()) // strings, ints and slices only
	}
	sum := sha256.Sum256(data)
	g.searchURL = links.SearchIndex(hex.EncodeToString(sum[:]))
	g.files = append(g.files, File{Path: strings.TrimPrefix(g.searchURL, "/"), Data: data, Unit: g.searchURL, Static: true})
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
