package records

import (
	"bytes"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sync"

	"github.com/gongkai/gongkai/generator/diag"
	"gopkg.in/yaml.v3"
)

// A stage's `published` date is what the clerk says. The repository's history says when the
// stage really became part of the published record, and a later date there is the honest one
// (compliance.md). LoadHistory finds, for every stage of every project, the day it first
// appeared in the history and stores it in the stage's FirstSeen field; the rules then judge
// timeliness by the later of the two dates and report a stage claiming to be much older than
// its first appearance (rule backdated).
//
// What "appeared in the published record" means, precisely:
//
//   - The record is the first-parent history of HEAD: the commits of the branch being built,
//     with a merge counted on the day it landed, not on the days of the commits it brings in.
//     Work on a side branch is not public until it is merged.
//   - A commit's day is its committer date in China Standard Time, but never earlier than the
//     commit before it on the chain that touched data/projects.
//   - A singular stage (intention, single-source notice, call, award, contract, termination) has
//     appeared in a version of the file when it is there with a readable published date. A list
//     item (amendment, evaluation) has no id and a clerk may insert one anywhere, so it is matched
//     by its published date: the n-th item published on day D has appeared once a version holds
//     n items published on D. Editing a list item's date therefore makes it new.
//   - A stage's first appearance is the earliest version showing it, even if later removed. Only
//     the stage's own text has to be readable in that version: an error elsewhere in the file
//     (which would have stopped that day's build) does not hide it.
//   - Committer dates are the clerk's: a commit dated before one already on the chain counts on
//     that one's day, but the history is otherwise trusted (protect the branch; sign commits).
//   - A stage that no commit shows — the working copy holds changes not committed yet — is first
//     seen on the build date (ds.AsOf): it is what this build publishes.
//   - Unknown (FirstSeen zero, stated date taken as is): when there is no git work tree, no
//     commit has touched data/projects yet, the stage already shows in the commit a shallow
//     clone was cut at (its history is missing, so that commit's date proves nothing), or it
//     first shows before site.yaml's history_since (records imported when the site started).
//
// Renamed or moved files count as new files: their stages are first seen at the move.

// History says where the stages' FirstSeen dates come from.
type History struct {
	Available   bool   // the dates come from the git history
	Head        string // HEAD's commit id; "" before the first commit
	Commits     int    // commits on the first-parent chain that changed data/projects
	Shallow     bool   // a shallow clone: stages present where it was cut have no FirstSeen
	Since       Date   // site.yaml history_since
	Uncommitted int    // project files whose working copy differs from HEAD
	// Reason says why the history is not available ("" when it is), Chinese and English.
	Reason, ReasonEnglish string
}

// PublishedOn is the day a stage counts as published: the stated day, or the day it first
// appeared in the history when that is later.
func PublishedOn(published, firstSeen Date) Date {
	if firstSeen.After(published) {
		return firstSeen
	}
	return published
}

// FirstSeen is the notice's stage's first appearance in the history; zero when unknown.
func (n Notice) FirstSeen() Date {
	if t := n.firstSeenField(); t != nil {
		return *t
	}
	return Date{}
}

// Honest is the day the notice counts as published (PublishedOn).
func (n Notice) Honest() Date { return PublishedOn(n.Published, n.FirstSeen()) }

// firstSeenField is the FirstSeen field of the notice's stage.
func (n Notice) firstSeenField() *Date {
	p := n.Project
	if p == nil {
		return nil
	}
	switch n.Kind {
	case KindIntention:
		if p.Intention != nil {
			return &p.Intention.FirstSeen
		}
	case KindSingleSource:
		if p.SingleSource != nil {
			return &p.SingleSource.FirstSeen
		}
	case KindCall:
		if p.Call != nil {
			return &p.Call.FirstSeen
		}
	case KindAmendment:
		if n.Index >= 1 && n.Index <= len(p.Amendments) && p.Amendments[n.Index-1] != nil {
			return &p.Amendments[n.Index-1].FirstSeen
		}
	case KindAward:
		if p.Award != nil {
			return &p.Award.FirstSeen
		}
	case KindContract:
		if p.Contract != nil {
			return &p.Contract.FirstSeen
		}
	case KindEvaluation:
		if n.Index >= 1 && n.Index <= len(p.Evaluations) && p.Evaluations[n.Index-1] != nil {
			return &p.Evaluations[n.Index-1].FirstSeen
		}
	case KindTermination:
		if p.Termination != nil {
			return &p.Termination.FirstSeen
		}
	}
	return nil
}

// projectStages are the yaml keys of the stages that carry a `published` date, as model.go
// spells them (a test checks the two agree).
var projectStages = []struct {
	key  string
	kind NoticeKind
	list bool
}{
	{"intention", KindIntention, false},
	{"single_source_notice", KindSingleSource, false},
	{"call", KindCall, false},
	{"amendments", KindAmendment, true},
	{"award", KindAward, false},
	{"contract", KindContract, false},
	{"evaluations", KindEvaluation, true},
	{"termination", KindTermination, false},
}

// stageKey identifies a stage across the versions of its file (see the rules above).
type stageKey struct {
	kind      NoticeKind
	published Date // list items only
	nth       int  // list items only: 1 for the first item published that day, 2 for the next…
}

// stageDate is one stage as a version of the file shows it.
type stageDate struct {
	kind      NoticeKind
	list      bool
	published Date
}

// keysOf turns the stages of one version into their keys, in the order given.
func keysOf(stages []stageDate) []stageKey {
	out := make([]stageKey, 0, len(stages))
	for i, s := range stages {
		if s.published.IsZero() {
			continue
		}
		if !s.list {
			out = append(out, stageKey{kind: s.kind})
			continue
		}
		nth := 1
		for _, t := range stages[:i] {
			if t.kind == s.kind && t.published == s.published {
				nth++
			}
		}
		out = append(out, stageKey{kind: s.kind, published: s.published, nth: nth})
	}
	return out
}

// currentStages lists the stages of p as loaded, with the FirstSeen field each one fills.
// Notices leaves out stages without a date, so keysOf keeps them all and keys and fields line up.
func currentStages(p *Project) ([]stageDate, []*Date) {
	var ss []stageDate
	var fields []*Date
	for _, n := range p.Notices(Date{}) {
		ss = append(ss, stageDate{kind: n.Kind, list: n.Kind == KindAmendment || n.Kind == KindEvaluation, published: n.Published})
		fields = append(fields, n.firstSeenField())
	}
	return ss, fields
}

// stagesIn reads which stages one old version of a project file shows, with the loader's own
// parser and decoder, looking only at the stages in wanted (a set of projectStages indexes) and
// their published dates: the rest of an old version does not matter, and a version that no
// longer loads cleanly still shows its stages. Only the text of the wanted stages is parsed when
// the file can be cut into its top-level entries (history_scan.go).
func stagesIn(rel string, src []byte, wanted uint16) []stageKey {
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if secs, ok := topSections(src); ok {
		var out []stageDate
		cut := true
		for _, sec := range secs {
			i := stageIndex(sec.key)
			if i < 0 || wanted&(1<<i) == 0 {
				continue
			}
			text := src[sec.start:sec.end]
			if !projectStages[i].list {
				text = upToPublished(text)
			}
			got, ok := decodeStages(rel, text, wanted)
			if !ok {
				cut = false
				break
			}
			out = append(out, got...)
		}
		if cut {
			return keysOf(out)
		}
	}
	out, _ := decodeStages(rel, src, wanted)
	return keysOf(out)
}

// stageIndex is the index in projectStages of a top-level key, or -1.
func stageIndex(key string) int {
	for i, st := range projectStages {
		if st.key == key {
			return i
		}
	}
	return -1
}

// decodeStages parses src (a whole file or some of its top-level entries) and decodes the
// published dates of the wanted stages it holds. ok is false when src does not parse.
func decodeStages(rel string, src []byte, wanted uint16) ([]stageDate, bool) {
	d := &decoder{file: rel, src: src}
	root := d.parseYAML()
	if root == nil {
		return nil, false
	}
	var out []stageDate
	for k, v := range d.pairs(root, 0) {
		k, v := d.deref(k), d.deref(v)
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		i := stageIndex(k.Value)
		if i < 0 || wanted&(1<<i) == 0 || v == nil {
			continue
		}
		st := projectStages[i]
		if !st.list {
			out = append(out, stageDate{kind: st.kind, published: d.publishedIn(v)})
		} else if v.Kind == yaml.SequenceNode {
			for _, item := range v.Content {
				out = append(out, stageDate{kind: st.kind, list: true, published: d.publishedIn(item)})
			}
		}
	}
	return out, true
}

// publishedIn decodes the published date of a stage mapping; zero when absent or unreadable.
func (d *decoder) publishedIn(n *yaml.Node) Date {
	n = d.deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return Date{}
	}
	var t Date
	for k, v := range d.pairs(n, 1) {
		if k := d.deref(k); k != nil && k.Kind == yaml.ScalarNode && k.Value == "published" {
			d.value(v, reflect.ValueOf(&t).Elem(), "published", 2)
		}
	}
	return t
}

// fileHistory is the search for one project file's first appearances.
type fileHistory struct {
	versions []version
	head     string // the blob HEAD holds, when the working copy is exactly that; else ""
	want     []stageKey
	current  []stageKey // = want, the stages of the loaded (working) copy
	fields   []*Date
	seen     []Date
	found    []bool
	unknown  []bool // first shown where a shallow clone was cut
	left     int
}

// LoadHistory fills the FirstSeen field of every stage of every project from the git history of
// the work tree holding ds.Root, and sets ds.History. Call it after Load and after setting
// ds.AsOf (the first-seen date of uncommitted stages), before rules.Apply. It never fails the
// build: without a repository there is simply no history; a shallow clone or a git error is
// reported as a warning, with whatever could be determined kept.
//
// It writes into the project records: call it before handing ds to anything that reads it
// concurrently.
func LoadHistory(ds *Dataset) diag.List {
	var diags diag.List
	h := &History{}
	ds.History = h
	if ds.Site != nil {
		h.Since = ds.Site.HistorySince
	}
	for _, p := range ds.Projects {
		if p != nil {
			for _, n := range p.Notices(Date{}) {
				if f := n.firstSeenField(); f != nil {
					*f = Date{}
				}
			}
		}
	}
	where := diag.Pos{File: "data/projects"}
	unavailable := func(zh, en string) diag.List {
		h.Reason, h.ReasonEnglish = zh, en
		return diags
	}
	r, err := openRepo(ds.Root)
	if err == errNoRepo {
		return unavailable("站点不在 git 仓库中，无法核对各阶段首次公开的日期", "the site is not in a git work tree: first-seen dates cannot be checked")
	}
	if err != nil {
		diags.Warn(where, "history-unavailable", "无法读取仓库历史，各阶段按声明的发布日期核对："+err.Error(),
			"cannot read the repository history; stages are judged by their stated dates: "+err.Error())
		return unavailable("无法读取仓库历史", "the repository history cannot be read")
	}
	h.Head = r.head
	commits, files, err := r.log("data/projects")
	if err == nil && len(commits) == 0 {
		return unavailable("data/projects 尚无任何提交，无法核对首次公开日期", "nothing under data/projects is committed yet: first-seen dates cannot be checked")
	}
	var dirty map[string]bool
	if err == nil {
		dirty, err = r.dirty("data/projects")
	}
	if err != nil {
		diags.Warn(where, "history-unavailable", "无法读取仓库历史，各阶段按声明的发布日期核对："+err.Error(),
			"cannot read the repository history; stages are judged by their stated dates: "+err.Error())
		return unavailable("无法读取仓库历史", "the repository history cannot be read")
	}
	h.Available, h.Commits, h.Shallow = true, len(commits), r.shallow != nil
	if h.Shallow {
		diags.Warn(where, "history-shallow",
			"仓库是浅克隆，历史不完整：最早可见提交中已有的阶段无法核对首次公开日期。CI 中请获取完整历史（GitHub Actions: fetch-depth: 0；GitLab: GIT_DEPTH: 0）",
			"the repository is a shallow clone: stages already present in its oldest commit cannot be checked for their first appearance; fetch the full history in CI (GitHub Actions: fetch-depth: 0; GitLab: GIT_DEPTH: 0)")
	}

	var todo []*fileHistory
	for _, p := range ds.Projects {
		if p == nil {
			continue
		}
		ss, fields := currentStages(p)
		if len(ss) == 0 {
			continue
		}
		fh := &fileHistory{versions: files[p.File], fields: fields}
		fh.want = keysOf(ss)
		fh.current = fh.want
		fh.seen = make([]Date, len(fh.want))
		fh.found = make([]bool, len(fh.want))
		fh.unknown = make([]bool, len(fh.want))
		fh.left = len(fh.want)
		if dirty[p.File] {
			h.Uncommitted++
		} else if n := len(fh.versions); n > 0 && fh.versions[n-1].blob != "" {
			fh.head = fh.versions[n-1].blob
		}
		todo = append(todo, fh)
	}
	walkErr := walk(r, commits, todo)
	if walkErr != nil {
		diags.Warn(where, "history-unavailable", "读取仓库历史时出错，部分阶段按声明的发布日期核对："+walkErr.Error(),
			"error reading the repository history; some stages are judged by their stated dates: "+walkErr.Error())
	}
	for _, fh := range todo {
		for i, f := range fh.fields {
			if f == nil {
				continue
			}
			day := fh.seen[i]
			switch {
			case fh.unknown[i], !fh.found[i] && walkErr != nil:
				day = Date{}
			case !fh.found[i]:
				day = ds.AsOf // not committed yet: first public with this build
			}
			if !h.Since.IsZero() && day.Before(h.Since) {
				day = Date{}
			}
			*f = day
		}
	}
	return diags
}

// walk looks at the old versions of every file until each current stage has been seen, in one
// pass over the history in commit order, through one cat-file process — the order git stores
// versions in, so each is cheap to read — parsing in parallel and applying the results in order.
// A version equal to the working copy is not read (it shows exactly the loaded stages), so a file
// added once and never changed costs nothing, and a file whose stages have all been seen is not
// read any further.
//
// Three goroutines and the parsers form a pipeline: the writer requests the versions still
// needed, the reader hands each blob to a parser, and walk itself applies the results in order.
// The writer decides from results that may lag behind by the pipeline's length; a version it
// requests needlessly is read and ignored. It flushes its requests before it waits for anything,
// so git always has the requests the reader waits on.
func walk(r *repo, commits []commit, todo []*fileHistory) error {
	type step struct {
		fh     *fileHistory
		v      version
		wanted uint16          // stages still searched for when requested
		keys   chan []stageKey // the parsed stages; nil for a version equal to the working copy
	}
	var steps []step
	for _, fh := range todo {
		for _, v := range fh.versions {
			if v.blob != "" {
				steps = append(steps, step{fh: fh, v: v})
			}
		}
	}
	if len(steps) == 0 {
		return nil
	}
	slices.SortStableFunc(steps, func(a, b step) int { return a.v.commit - b.v.commit })

	cf, err := r.catFile()
	if err != nil {
		return err
	}
	var mu sync.Mutex // guards every fileHistory
	pending := make(chan step, 1024)
	var werr error
	go func() {
		defer close(pending)
		for _, s := range steps {
			mu.Lock()
			needed := s.fh.left > 0
			if needed && s.v.blob != s.fh.head {
				s.wanted = s.fh.searching()
				s.keys = make(chan []stageKey, 1)
			}
			mu.Unlock()
			if !needed {
				continue
			}
			if s.keys != nil {
				if werr = cf.request(s.v.blob); werr != nil {
					return
				}
			}
			select {
			case pending <- s:
			default:
				if werr = cf.flush(); werr != nil {
					return
				}
				pending <- s
			}
		}
		werr = cf.done()
	}()

	type job struct {
		s    step
		data []byte
	}
	jobs := make(chan job, 64)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for j := range jobs {
				// The name only labels diagnostics nobody reads.
				j.s.keys <- stagesIn("git:"+j.s.v.blob, j.data, j.s.wanted)
			}
		})
	}
	ordered := make(chan step, 1024)
	var rerr error
	go func() {
		defer close(ordered)
		defer close(jobs)
		for s := range pending {
			if s.keys != nil && rerr == nil {
				data, err := cf.read(s.v.blob)
				if err != nil {
					rerr = err
					cf.close(true) // unblocks the writer
				} else {
					jobs <- job{s, data}
				}
			}
			if rerr != nil {
				continue // drain, so the writer can finish
			}
			ordered <- s
		}
	}()
	for s := range ordered {
		var keys []stageKey
		if s.keys == nil {
			keys = s.fh.current
		} else {
			keys = <-s.keys
		}
		mu.Lock()
		s.fh.saw(commits[s.v.commit], keys)
		mu.Unlock()
	}
	wg.Wait()
	switch {
	case rerr != nil:
		return rerr
	case werr != nil:
		cf.close(true)
		return fmt.Errorf("git cat-file: %v", werr)
	}
	return cf.close(false)
}

// searching is the set of projectStages indexes of the stages not seen yet.
func (fh *fileHistory) searching() uint16 {
	var m uint16
	for i, w := range fh.want {
		if !fh.found[i] {
			for j, st := range projectStages {
				if st.kind == w.kind {
					m |= 1 << j
				}
			}
		}
	}
	return m
}

// saw records the stages a version shows, at its commit.
func (fh *fileHistory) saw(c commit, keys []stageKey) {
	for i, w := range fh.want {
		if fh.found[i] {
			continue
		}
		for _, k := range keys {
			if k == w {
				fh.found[i], fh.seen[i], fh.unknown[i] = true, c.day, c.edge
				fh.left--
				break
			}
		}
	}
}

// String describes the history for logs: "git a1b2c3d, 12 commits" or why it is unavailable.
func (h *History) String() string {
	switch {
	case h == nil:
		return "history not loaded"
	case !h.Available:
		return h.ReasonEnglish
	}
	s := fmt.Sprintf("git %.7s, %d commits", h.Head, h.Commits)
	if h.Shallow {
		s += ", shallow"
	}
	if h.Uncommitted > 0 {
		s += fmt.Sprintf(", %d uncommitted project files", h.Uncommitted)
	}
	return s
}
