package records

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode/utf8"

	"github.com/gongkai/gongkai/generator/diag"
	"gopkg.in/yaml.v3"
)

// Load reads and cross-checks everything under root/data/. It returns every problem found;
// the Dataset is usable only when the list has no errors. Files are parsed in parallel; the
// result and the diagnostics are sorted, so the output never depends on scheduling.
func Load(root string) (*Dataset, diag.List) { return LoadWith(root, LoadOptions{}) }

// LoadOptions trim what Load does for callers that need less than the whole Dataset.
type LoadOptions struct {
	// NoHTML leaves every Markdown.HTML empty. The diagnostics are the same: `check` needs
	// nothing else, and rendering was a seventh of its time at 10,000 projects.
	NoHTML bool
}

// LoadWith is Load with options.
func LoadWith(root string, o LoadOptions) (*Dataset, diag.List) {
	abs, err := filepath.Abs(root)
	if err != nil {
		abs = root
	}
	ds := &Dataset{Root: abs}
	var diags diag.List
	files, found := discover(abs, &diags)
	if found {
		parsed := parseAll(abs, files, o)
		for _, p := range parsed {
			diags = append(diags, p.diags...)
		}
		assemble(ds, parsed, &diags)
		buildIndex(ds, &diags)
		validate(ds, &diags)
	}
	diags.Sort()
	return ds, diags
}

// fileKind says what a file under data/ holds.
type fileKind int

const (
	siteFile fileKind = iota
	bodiesFileKind
	providerFile
	catalogueFile
	budgetFile
	calendarFile
	projectFile
)

// dataFile is one file to parse.
type dataFile struct {
	kind fileKind
	rel  string // relative to the site root: data/projects/2025/X.yaml
	year int    // the year in the file name or folder (budgets, calendars, projects)
}

// newRecord is the empty value a file of kind k decodes into.
func newRecord(k fileKind) any {
	switch k {
	case siteFile:
		return &Site{}
	case bodiesFileKind:
		return &bodiesFile{}
	case providerFile:
		return &Provider{}
	case catalogueFile:
		return &Catalogue{}
	case budgetFile:
		return &BudgetYear{}
	case calendarFile:
		return &Calendar{}
	}
	return &Project{}
}

// LoadSettings reads only data/site.yaml and data/bodies.yaml — what tools such as
// `generator new` need — without parsing every project. Missing or broken files give nil values;
// `check` is where their problems are reported.
func LoadSettings(root string) (*Site, []*Body) {
	ds := &Dataset{Root: root}
	files := []dataFile{{kind: siteFile, rel: "data/site.yaml"}, {kind: bodiesFileKind, rel: "data/bodies.yaml"}}
	var diags diag.List
	assemble(ds, parseAll(root, files, LoadOptions{}), &diags)
	return ds.Site, ds.Bodies
}

// bodiesFile is data/bodies.yaml: a mapping whose one key `bodies` holds the list.
type bodiesFile struct {
	Bodies []*Body `yaml:"bodies"`
	Src    `yaml:"-"`
}

var yearName = regexp.MustCompile(`^[0-9]{4}$`)

// discover lists the files to parse and warns about files that do not belong in data/.
func discover(root string, diags *diag.List) ([]dataFile, bool) {
	dataDir := filepath.Join(root, "data")
	if st, err := os.Stat(dataDir); err != nil || !st.IsDir() {
		diags.Add(diag.Pos{File: "data"}, "missing-file", "找不到 data/ 文件夹："+root+" 不是站点根目录（用 --root 指定）",
			"no data/ folder: "+root+" is not a site root (use --root)")
		return nil, false
	}
	var files []dataFile
	required := map[string]fileKind{"data/site.yaml": siteFile, "data/bodies.yaml": bodiesFileKind, "data/catalogue.yaml": catalogueFile}
	seen := map[string]bool{}
	unknown := func(rel, zh, en string) {
		diags.Warn(diag.Pos{File: rel}, "unknown-file", zh, en)
	}
	walkFollow(dataDir, "data", map[string]bool{}, func(rel string, e fs.DirEntry, err error) error {
		if err != nil {
			diags.Add(diag.Pos{File: rel}, "unreadable", "无法读取："+err.Error(), "cannot read: "+err.Error())
			return nil
		}
		parts := strings.Split(rel, "/") // data, …
		name := e.Name()
		if strings.HasPrefix(name, ".") && rel != "data" {
			// .gitkeep, editor swap files, .DS_Store: not records.
			if e.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if e.IsDir() {
			switch {
			case len(parts) == 1:
			case len(parts) == 2 && (parts[1] == "providers" || parts[1] == "budgets" || parts[1] == "calendar" || parts[1] == "projects" || parts[1] == "attachments"):
			case len(parts) >= 3 && parts[1] == "attachments":
			case len(parts) == 3 && parts[1] == "projects" && yearName.MatchString(parts[2]):
			default:
				unknown(rel, "data/ 中不应有这个文件夹，已忽略", "unexpected folder in data/, ignored")
				return fs.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() {
			// A named pipe would block the read for ever; a device or socket is no record either.
			diags.Add(diag.Pos{File: rel}, "special-file", "这不是普通文件（命名管道、设备或套接字），data/ 中只能放普通文件",
				"not a regular file (a named pipe, device or socket); data/ holds regular files only")
			return nil
		}
		if len(parts) < 2 || parts[1] == "attachments" {
			return nil // data itself is a folder (checked above); attachments are checked where used
		}
		ext := path.Ext(name)
		base := strings.TrimSuffix(name, ext)
		if ext == ".yml" {
			unknown(rel, "文件扩展名应为 .yaml，此文件已忽略", "data files end in .yaml; this file is ignored")
			return nil
		}
		if ext != ".yaml" {
			unknown(rel, "data/ 中不应有这个文件，已忽略", "unexpected file in data/, ignored")
			return nil
		}
		if k, ok := required[rel]; ok {
			seen[rel] = true
			files = append(files, dataFile{kind: k, rel: rel})
			return nil
		}
		switch {
		case len(parts) == 3 && parts[1] == "providers":
			files = append(files, dataFile{kind: providerFile, rel: rel})
		case len(parts) == 3 && (parts[1] == "budgets" || parts[1] == "calendar"):
			k := budgetFile
			if parts[1] == "calendar" {
				k = calendarFile
			}
			y, _ := strconv.Atoi(base)
			if !yearName.MatchString(base) {
				diags.Add(diag.Pos{File: rel}, "file-name", "文件名应为年份，例如 2025.yaml", "the file name must be a year, e.g. 2025.yaml")
				return nil
			}
			files = append(files, dataFile{kind: k, rel: rel, year: y})
		case len(parts) == 4 && parts[1] == "projects":
			y, _ := strconv.Atoi(parts[2])
			files = append(files, dataFile{kind: projectFile, rel: rel, year: y})
		case len(parts) == 3 && parts[1] == "projects":
			diags.Add(diag.Pos{File: rel}, "file-name", "项目文件应放在年份文件夹中：data/projects/<年份>/<项目编号>.yaml",
				"project files go in a year folder: data/projects/<year>/<id>.yaml")
		default:
			unknown(rel, "data/ 中不应有这个文件，已忽略", "unexpected file in data/, ignored")
		}
		return nil
	})
	for rel := range required {
		if !seen[rel] {
			diags.Add(diag.Pos{File: rel}, "missing-file", "缺少文件 "+rel, "missing file "+rel)
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].rel < files[j].rel })
	return files, true
}

// walkFollow walks the folder dir, naming what it finds rel/… (slash-separated, as diagnostics
// show paths), and follows symbolic links to folders and files: data/ itself, or a year of
// projects, may live elsewhere and be linked in. A folder reached twice through links (a link
// cycle) is walked once. Errors — a broken link, an unreadable folder — go to visit like
// filepath.WalkDir's; visit may return fs.SkipDir for a folder.
func walkFollow(dir, rel string, seen map[string]bool, visit func(rel string, e fs.DirEntry, err error) error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		visit(rel, nil, err)
		return
	}
	if seen[real] {
		return
	}
	seen[real] = true
	_ = filepath.WalkDir(real, func(p string, e fs.DirEntry, err error) error {
		r, rerr := filepath.Rel(real, p)
		if rerr != nil {
			return nil // p is always under real
		}
		here := path.Join(rel, filepath.ToSlash(r))
		if err != nil {
			return visit(here, e, err)
		}
		if e.Type()&fs.ModeSymlink == 0 {
			return visit(here, e, nil)
		}
		st, err := os.Stat(p)
		if err != nil {
			return visit(here, e, err)
		}
		if !st.IsDir() {
			return visit(here, fs.FileInfoToDirEntry(st), nil)
		}
		if err := visit(here, fs.FileInfoToDirEntry(st), nil); err != nil {
			if err == fs.SkipDir {
				return nil // skip the linked folder, not the one holding the link
			}
			return err
		}
		walkFollow(p, here, seen, visit)
		return nil
	})
}

// parsed is one file's records and problems.
type parsed struct {
	dataFile
	value any // *Site, *bodiesFile, *Provider, *Catalogue, *BudgetYear, *Calendar, *Project; nil if unreadable
	diags diag.List
}

// parseAll parses the files on every core; results keep the files' order.
func parseAll(root string, files []dataFile, o LoadOptions) []parsed {
	out := make([]parsed, len(files))
	attRoot := attachmentRoot(root)
	cache := newMarkdownCache(o.NoHTML)
	workers := min(runtime.GOMAXPROCS(0), len(files))
	var next int64 = -1
	var mu sync.Mutex
	take := func() int {
		mu.Lock()
		defer mu.Unlock()
		next++
		return int(next)
	}
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			scratch := &parseScratch{strs: newStrTable()} // one file at a time per goroutine
			for i := take(); i < len(files); i = take() {
				out[i] = parseFile(root, attRoot, cache, scratch, files[i])
			}
		})
	}
	wg.Wait()
	return out
}

// parseScratch is the memory a parsing goroutine reuses from file to file: nothing parsed keeps
// a reference to the bytes read or to the YAML nodes, only to strings copied from them.
type parseScratch struct {
	arena yamlArena
	buf   []byte
	strs  *strTable
}

// read returns the content of the file at path, valid until the next read. It is os.ReadFile
// without the stat and the fresh buffer: at 10,000 files both showed in the profile.
func (s *parseScratch) read(path string) ([]byte, error) {
	// Non-blocking, so that a named pipe put in place of a file after discover refused the
	// special files (or read by LoadSettings, which does not discover) cannot hang the read.
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil || !st.Mode().IsRegular() {
		return nil, errors.New("not a regular file / 不是普通文件")
	}
	b := s.buf[:0]
	if n := int(st.Size()); cap(b) < n+1 {
		b = make([]byte, 0, n+512)
	}
	for {
		if st.Size() > 0 && len(b) == int(st.Size()) {
			return b, nil // all of it: no read to see the end of the file
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)] // grow
		}
		n, err := f.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		s.buf = b
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// parseFile reads one file; it never panics, whatever the bytes.
func parseFile(root, attRoot string, cache *markdownCache, scratch *parseScratch, f dataFile) (p parsed) {
	p.dataFile = f
	d := &decoder{file: f.rel, markdown: cache, arena: &scratch.arena, strs: scratch.strs}
	defer func() {
		if r := recover(); r != nil {
			p.value = nil
			d.errorf(diag.Pos{File: f.rel}, "internal", fmt.Sprintf("内部错误，无法读取此文件：%v", r), fmt.Sprintf("internal error reading this file: %v", r))
		}
		p.diags = d.diags
	}()
	src, err := scratch.read(filepath.Join(root, filepath.FromSlash(f.rel)))
	if err != nil {
		d.errorf(diag.Pos{File: f.rel}, "unreadable", "无法读取："+err.Error(), "cannot read: "+err.Error())
		return p
	}
	d.src = src
	rootNode := d.parseYAML()
	if rootNode == nil {
		return p
	}
	v := newRecord(f.kind)
	d.decodeRoot(rootNode, v)
	if pr, ok := v.(*Project); ok {
		pr.File, pr.Year = f.rel, f.year
		for _, a := range projectAttachments(pr) {
			d.checkAttachment(root, attRoot, a)
		}
	}
	p.value = v
	return p
}

var yamlErrLine = regexp.MustCompile(`line (\d+)`)

// parseYAML checks the bytes and parses them, returning the top-level mapping or nil.
func (d *decoder) parseYAML() *yaml.Node {
	whole := diag.Pos{File: d.file}
	if len(bytes.TrimSpace(d.src)) == 0 {
		d.errorf(whole, "empty-file", "文件是空的", "the file is empty")
		return nil
	}
	if at := badByte(d.src); at >= 0 {
		d.errorf(d.offsetPos(at), "binary-file",
			fmt.Sprintf("这里的字节 0x%02X 不是 UTF-8 文字：文件是二进制文件、用了其他编码（如 GBK）或含有空字符；请用 UTF-8 保存", d.src[at]),
			fmt.Sprintf("byte 0x%02X here is not UTF-8 text: the file is binary, in another encoding (such as GBK) or holds a NUL; save it as UTF-8", d.src[at]))
		return nil
	}
	d.src = bytes.TrimPrefix(d.src, []byte("\xef\xbb\xbf")) // a BOM some Windows editors add
	if d.arena == nil {
		d.arena = new(yamlArena)
	}
	d.arena.text = "" // yaml.v3's values are not cut from one text
	var doc yaml.Node
	if hasDocumentMarker(d.src) {
		if !d.decodeStream(&doc) {
			return nil
		}
	} else if fast, ok := parseBlockYAML(d.src, d.arena); ok {
		doc = *fast // the common case; see blockyaml.go
	} else if err := safeUnmarshal(d.src, &doc); err != nil {
		// One document: parse from memory, which is cheaper than yaml.v3's streaming reader.
		d.syntaxError(err)
		return nil
	}
	if len(doc.Content) == 0 {
		d.errorf(whole, "empty-file", "文件中没有内容（只有注释？）", "the file has no content (only comments?)")
		return nil
	}
	root := d.deref(doc.Content[0])
	if root == nil || root.Kind != yaml.MappingNode {
		if root != nil && isEmpty(root) {
			d.errorf(whole, "empty-file", "文件中没有内容", "the file has no content")
			return nil
		}
		p := whole
		if root != nil {
			p = d.pos(root)
		}
		d.errorf(p, "not-mapping", "文件的顶层应为“键: 值”映射", "the top level of the file must be a mapping (key: value)")
		return nil
	}
	return root
}

// badByte is the offset of the first NUL or byte that is not valid UTF-8 in src, or -1.
func badByte(src []byte) int {
	if bytes.IndexByte(src, 0) < 0 && utf8.Valid(src) {
		return -1 // the common case, in two fast passes; the loop below finds the offset
	}
	for i := 0; i < len(src); {
		if src[i] == 0 {
			return i
		}
		if src[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			return i
		}
		i += size
	}
	return -1
}

// offsetPos is the line and column (in characters) of byte off of the source.
func (d *decoder) offsetPos(off int) diag.Pos {
	lineStart := bytes.LastIndexByte(d.src[:off], '\n') + 1
	return diag.Pos{File: d.file, Line: bytes.Count(d.src[:off], []byte("\n")) + 1,
		Column: utf8.RuneCount(d.src[lineStart:off]) + 1}
}

// hasDocumentMarker reports a line starting with --- or ...: the file may hold several documents.
func hasDocumentMarker(src []byte) bool {
	for _, m := range [][]byte{[]byte("---"), []byte("...")} {
		for i := 0; ; {
			j := bytes.Index(src[i:], m)
			if j < 0 {
				break
			}
			at := i + j
			if at == 0 || src[at-1] == '\n' {
				return true
			}
			i = at + len(m)
		}
	}
	return false
}

// decodeStream parses a file with document markers, refusing a second document.
func (d *decoder) decodeStream(doc *yaml.Node) bool {
	whole := diag.Pos{File: d.file}
	dec := yaml.NewDecoder(bytes.NewReader(d.src))
	if err := safeDecode(dec, doc); err != nil {
		if errors.Is(err, io.EOF) {
			d.errorf(whole, "empty-file", "文件中只有注释，没有内容", "the file holds only comments")
			return false
		}
		d.syntaxError(err)
		return false
	}
	var extra yaml.Node
	if err := safeDecode(dec, &extra); !errors.Is(err, io.EOF) {
		if err != nil {
			d.syntaxError(err)
		} else {
			d.errorf(diag.Pos{File: d.file, Line: extra.Line, Column: extra.Column}, "yaml-syntax",
				"一个文件只能有一个 YAML 文档（去掉多余的 ---）", "a file holds one YAML document (remove the extra ---)")
		}
		return false
	}
	return true
}

// safeUnmarshal parses one document, turning a panic inside the YAML parser into an error.
func safeUnmarshal(src []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return yaml.Unmarshal(src, n)
}

// safeDecode turns a panic inside the YAML parser into an error.
func safeDecode(dec *yaml.Decoder, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("yaml: %v", r)
		}
	}()
	return dec.Decode(n)
}

// syntaxError reports a YAML syntax error at its line. Tabs used for indentation get their own
// message: they are the most common cause and the parser's wording does not say so.
func (d *decoder) syntaxError(err error) {
	for i, line := range strings.Split(string(d.src), "\n") {
		indent := line[:len(line)-len(strings.TrimLeft(line, " \t"))]
		if j := strings.IndexByte(indent, '\t'); j >= 0 {
			d.errorf(diag.Pos{File: d.file, Line: i + 1, Column: j + 1}, "yaml-tab",
				"缩进中有制表符（Tab）：YAML 只能用空格缩进", "a tab is used for indentation: YAML indents with spaces only")
			return
		}
	}
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	p := diag.Pos{File: d.file}
	if m := yamlErrLine.FindStringSubmatch(msg); m != nil {
		p.Line, _ = strconv.Atoi(m[1])
		msg = strings.TrimPrefix(strings.TrimPrefix(msg, m[0]), ": ")
	}
	if l := firstBadLine(d.src); l > 0 {
		p.Line = l
	}
	zh := "YAML 语法错误：" + translateYAML(msg)
	en := "YAML syntax error: " + msg
	line, col, causeZh, causeEn := yamlCause(strings.Split(string(d.src), "\n"), p.Line)
	if causeZh != "" {
		p.Line = line
		zh += "。可能的原因：" + causeZh
		en += ". Likely cause: " + causeEn
	}
	p.Column = col
	d.errorf(p, "yaml-syntax", zh, en)
}

// firstBadLine is the first line at which the file stops being parsable: the smallest k such
// that lines 1..k do not parse. yaml.v3 reports the line of the enclosing construct, 0-based
// in some cases, which sends a clerk to the wrong line; this costs a few parses, only on error.
// It returns 0 for very long files or when no prefix fails.
func firstBadLine(src []byte) int {
	lines := bytes.SplitAfter(src, []byte("\n"))
	if len(lines) > 3000 {
		return 0
	}
	n := 0
	for k, l := range lines {
		n += len(l)
		var doc yaml.Node
		dec := yaml.NewDecoder(bytes.NewReader(src[:n]))
		if err := safeDecode(dec, &doc); err != nil && !errors.Is(err, io.EOF) {
			return k + 1
		}
	}
	return 0
}

// assemble puts the parsed files into the Dataset, fills derived fields and sorts.
func assemble(ds *Dataset, files []parsed, diags *diag.List) {
	for _, f := range files {
		switch v := f.value.(type) {
		case *Site:
			ds.Site = v
		case *bodiesFile:
			ds.Bodies = v.Bodies
		case *Provider:
			ds.Providers = append(ds.Providers, v)
			if name := strings.TrimSuffix(path.Base(f.rel), ".yaml"); v.CreditCode != "" && v.CreditCode != name {
				diags.Add(v.At("credit_code"), "file-name",
					fmt.Sprintf("文件名 %s.yaml 与统一社会信用代码 %s 不一致", name, v.CreditCode),
					fmt.Sprintf("file name %s.yaml does not match credit code %s", name, v.CreditCode))
			}
		case *Catalogue:
			ds.Catalogue = v
			linkCatalogue(v.Categories, nil, 1)
		case *BudgetYear:
			ds.Budgets = append(ds.Budgets, v)
			if v.Year != f.year && v.Year != 0 {
				diags.Add(v.At("year"), "file-name", fmt.Sprintf("年份 %d 与文件名 %d.yaml 不一致", v.Year, f.year),
					fmt.Sprintf("year %d does not match the file name %d.yaml", v.Year, f.year))
			}
			for _, b := range v.Bodies {
				if b == nil {
					continue
				}
				for _, l := range b.Lines {
					if l != nil {
						l.Year, l.Body = v.Year, b.Body
					}
				}
			}
		case *Calendar:
			ds.Calendars = append(ds.Calendars, v)
			if v.Year != f.year && v.Year != 0 {
				diags.Add(v.At("year"), "file-name", fmt.Sprintf("年份 %d 与文件名 %d.yaml 不一致", v.Year, f.year),
					fmt.Sprintf("year %d does not match the file name %d.yaml", v.Year, f.year))
			}
		case *Project:
			ds.Projects = append(ds.Projects, v)
			if name := strings.TrimSuffix(path.Base(f.rel), ".yaml"); v.ID != "" && v.ID != name {
				diags.Add(v.At("id"), "file-name", fmt.Sprintf("文件名 %s.yaml 与项目编号 %s 不一致", name, v.ID),
					fmt.Sprintf("file name %s.yaml does not match project id %s", name, v.ID))
			}
		}
	}
	ds.Bodies = compact(ds.Bodies)
	sort.SliceStable(ds.Providers, func(i, j int) bool { return ds.Providers[i].CreditCode < ds.Providers[j].CreditCode })
	sort.SliceStable(ds.Budgets, func(i, j int) bool { return ds.Budgets[i].Year < ds.Budgets[j].Year })
	sort.SliceStable(ds.Calendars, func(i, j int) bool { return ds.Calendars[i].Year < ds.Calendars[j].Year })
	// Files are discovered in path order; sorting by id keeps duplicates (same id, two years) in
	// path order too, so the duplicate-id diagnostic is stable.
	sort.SliceStable(ds.Projects, func(i, j int) bool { return ds.Projects[i].ID < ds.Projects[j].ID })
}

// compact drops the nil entries a `- ` with no value leaves in a list.
func compact[T any](s []*T) []*T {
	out := s[:0]
	for _, v := range s {
		if v != nil {
			out = append(out, v)
		}
	}
	return out
}

// linkCatalogue sets Level and Parent on every node.
func linkCatalogue(nodes []*CatalogueNode, parent *CatalogueNode, level int) {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		n.Level, n.Parent = level, parent
		linkCatalogue(n.Children, n, level+1)
	}
}
