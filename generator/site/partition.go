package site

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/afero"

	"github.com/gongkai/gongkai/generator/records"
)

// A site too large for one machine is built as N partitions, each by its own process (a CI
// matrix job), and assembled afterwards (`generator build --shard K/N`, `generator assemble`).
// They are not the in-process batches of shard.go: those bound one process's memory, these split
// the site between processes. Partition 1 holds the overview — every page that is not a
// project's own (home, lists, bodies, providers, budgets, compliance, data pages), the search
// index and the open data — and partitions 2…N the projects, each with its notices and
// attachments, chosen by a stable hash of the project id (PartitionOf). With N = 1 the one
// partition is the whole site. A partition generates only its own content files.

// Partition is the K-th of N partitions of a site.
type Partition struct{ K, N int }

// ParsePartition reads "K/N" with 1 ≤ K ≤ N.
func ParsePartition(s string) (Partition, error) {
	k, n, ok := strings.Cut(s, "/")
	p := Partition{}
	var err1, err2 error
	p.K, err1 = strconv.Atoi(k)
	p.N, err2 = strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || p.K < 1 || p.K > p.N {
		return Partition{}, fmt.Errorf("--shard 应为 K/N，1 ≤ K ≤ N（如 2/4）/ --shard must be K/N with 1 ≤ K ≤ N (e.g. 2/4): %q", s)
	}
	return p, nil
}

func (p Partition) String() string { return fmt.Sprintf("%d/%d", p.K, p.N) }

// PartitionOf is the partition, of n, that renders the project with this id: 1 when n = 1,
// otherwise 2 + h mod (n−1), where h is the first 8 bytes of SHA-256(id) read big-endian. It
// depends on the id alone, so a project stays in its partition as others come and go.
func PartitionOf(id string, n int) int {
	if n <= 1 {
		return 1
	}
	sum := sha256.Sum256([]byte(id))
	return 2 + int(binary.BigEndian.Uint64(sum[:8])%uint64(n-1))
}

// Overview says whether the partition renders the overview pages and the open data.
func (p Partition) Overview() bool { return p.K == 1 }

// Owns says whether the partition renders project id.
func (p Partition) Owns(id string) bool { return PartitionOf(id, p.N) == p.K }

// PartOutput is what a partition's build leaves for the assemble step, which writes the files
// that span partitions (the sitemap and robots.txt).
type PartOutput struct {
	Pages   []string          // the HTML files Hugo wrote, /slash/paths, sorted
	Lastmod map[string]string // page URL (without the language prefix) → lastmod, for the sitemap
	// Shared are the files that other partitions may write too, with the same bytes (/slash/paths,
	// sorted): the resources every Hugo site writes for its pages (the fingerprinted stylesheet
	// and script), and the attachments, since two projects may link one document.
	Shared []string
}

// BuildPartition renders partition p of ds into outDir like BuildAlongside renders the whole
// site, but without the sitemap and robots.txt, which the assemble step writes for all
// partitions from their PartOutputs. alongside runs only in the overview partition (it writes
// the open data). It does not use the render cache.
func (r *Renderer) BuildPartition(ds *records.Dataset, outDir string, p Partition, alongside func(outDir string) error) (Summary, PartOutput, error) {
	var po PartOutput
	if !p.Overview() {
		alongside = nil
	}
	sum, err := r.buildWith(ds, outDir, alongside, func(out string) (renderStats, error) {
		st, o, err := r.renderPartition(ds, out, p)
		po = o
		return st, err
	})
	return sum, po, err
}

// renderPartition is renderSite for one partition: its content files, rendered part by part,
// and its projects' attachments; no sitemap.
func (r *Renderer) renderPartition(ds *records.Dataset, out string, p Partition) (renderStats, PartOutput, error) {
	var st renderStats
	po := PartOutput{Lastmod: map[string]string{}}
	dest := &countFs{Fs: afero.NewBasePathFs(afero.NewOsFs(), out)}
	cfg := func(shard bool) string { return r.config(ds, genRoot+"/content", shard) }
	mark := time.Now()
	static := map[string]bool{}
	err := eachPartOf(ds, p, func(files []File) error {
		t := time.Now()
		st.generate += t.Sub(mark)
		st.files += len(files)
		noteLastmod(po.Lastmod, files)
		for _, f := range files {
			if f.Static {
				static["/"+f.Path] = true
			}
		}
		err := r.render(files, cfg, dest)
		mark = time.Now()
		st.render += mark.Sub(t)
		return err
	})
	if err != nil {
		return st, po, fmt.Errorf("site: hugo: %w", err)
	}
	st.pages = dest.count()
	st.outputs = dest.written()
	for _, f := range st.outputs {
		switch {
		case strings.HasSuffix(f, ".html"):
			po.Pages = append(po.Pages, f)
		case !static[f]:
			po.Shared = append(po.Shared, f)
		}
	}
	var mine []*records.Project
	for _, pr := range ds.Projects {
		if p.Owns(pr.ID) {
			mine = append(mine, pr)
		}
	}
	if err := copyAttachmentsOf(ds, mine, out); err != nil {
		return st, po, err
	}
	// The attachments, listed from the folder since copyAttachments skips missing ones.
	err = filepath.WalkDir(filepath.Join(out, "attachments"), func(path string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(out, path)
		po.Shared = append(po.Shared, "/"+filepath.ToSlash(rel))
		return err
	})
	slices.Sort(po.Shared)
	return st, po, err
}

// eachPartOf is eachPart for one partition: the overview partition generates what eachPart
// generates before the projects (the first page of each list with the overview, then the later
// list pages a kind at a time); a project partition generates its own projects, a few thousand
// files at a time. Only one part is in memory at a time, and no partition generates another's
// files. The union over the N partitions is Pages(ds).
func eachPartOf(ds *records.Dataset, p Partition, do func([]File) error) error {
	if p.N == 1 {
		return eachPart(ds, do)
	}
	g := newGen(ds)
	if p.Overview() {
		if err := do(g.overview(firstPages)); err != nil {
			return err
		}
		for _, k := range records.NoticeKinds {
			g.noticeList(k, laterPages)
			if len(g.files) == 0 {
				continue
			}
			part := g.files
			g.files = nil
			sortFiles(part)
			if err := do(part); err != nil {
				return err
			}
		}
		return nil
	}
	var mine []*records.Project
	for _, pr := range g.projects {
		if p.Owns(pr.ID) {
			mine = append(mine, pr)
		}
	}
	for lo := 0; lo < len(mine); {
		hi, files := lo, 0
		for hi < len(mine) {
			size := 1 + len(g.noticesOf(mine[hi])) // the project page and its notices
			if hi > lo && files+size > shardFiles {
				break
			}
			files += size
			hi++
		}
		part := g.projectPages(mine[lo:hi])
		sortFiles(part)
		if err := do(part); err != nil {
			return err
		}
		lo = hi
	}
	return nil
}

// WriteSitemap writes into dir the sitemap index, its sitemaps and robots.txt for the HTML pages
// (/slash/paths as Hugo wrote them) with their lastmod by URL, as a whole build writes them.
func WriteSitemap(dir, baseURL string, pages []string, lastmod map[string]string) error {
	return writeSitemap(afero.NewBasePathFs(afero.NewOsFs(), dir), baseURL, pages, lastmod)
}

// Narrow lets a project partition's dataset forget the other partitions' projects (and their
// findings) once the whole data has been checked: a project's pages depend only on the project
// and the records it refers to (bodies, providers, catalogue, budget lines, calendars), so the
// bytes are the same, and a shard of a large site renders with a quarter or less of the
// projects in memory. The overview partition needs every project and is left as it is.
func (p Partition) Narrow(ds *records.Dataset) {
	if p.Overview() {
		return
	}
	var mine []*records.Project
	index := map[string]*records.Project{}
	for _, pr := range ds.Projects {
		if p.Owns(pr.ID) {
			mine = append(mine, pr)
			index[pr.ID] = pr
		}
	}
	var findings []records.Finding
	for _, f := range ds.Findings {
		if p.Owns(f.Project) {
			findings = append(findings, f)
		}
	}
	ds.Projects, ds.Index.Project, ds.Findings = mine, index, findings
}
