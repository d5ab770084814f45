package export

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// FeedEntries is the page size of every feed's history: RFC 5005 archived feeds. The oldest
// notices fill archive 1, the next ones archive 2, and so on, FeedEntries to an archive; the
// current feed holds the newest 1..FeedEntries notices and links the newest archive by
// prev-archive, each archive the one before it. A new notice sorts after every published one,
// so an archive, once full, never changes: an archive links no next-archive, which would appear
// when the next one fills. A variable so a test can use small pages.
var FeedEntries = 50

// Atom 1.0 (RFC 4287) documents.

const atomNS = "http://www.w3.org/2005/Atom"

// historyNS is the RFC 5005 namespace of the fh:archive marker.
const historyNS = "http://purl.org/syndication/history/1.0"

// AtomFeed is an Atom feed document.
type AtomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"xml:lang,attr,omitempty"`
	ID      string     `xml:"id"`
	Title   string     `xml:"title"`
	Updated string     `xml:"updated"`
	Author  AtomPerson `xml:"author"`
	Links   []AtomLink `xml:"link"`
	Gen     string     `xml:"generator,omitempty"`
	Rights  string     `xml:"rights,omitempty"`
	Archive *struct{}  `xml:"http://purl.org/syndication/history/1.0 archive,omitempty"` // RFC 5005: an archive document
	// The entries follow, each encoded once however many feeds carry it (feedWriter).
}

// AtomPerson is an author.
type AtomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// AtomLink is a link element.
type AtomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// AtomEntry is one notice.
type AtomEntry struct {
	ID        string        `xml:"id"`
	Title     string        `xml:"title"`
	Updated   string        `xml:"updated"`
	Published string        `xml:"published,omitempty"`
	Links     []AtomLink    `xml:"link"`
	Category  *AtomCategory `xml:"category,omitempty"`
	Summary   *AtomText     `xml:"summary,omitempty"`
}

// AtomCategory classifies an entry by notice kind.
type AtomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

// AtomText is a text construct.
type AtomText struct {
	Type string `xml:"type,attr,omitempty"`
	Text string `xml:",chardata"`
}

// feedOrder puts the newest notice first; within a day, the later stage first.
func feedOrder(ns []records.Notice) {
	rank := map[records.NoticeKind]int{}
	for i, k := range records.NoticeKinds {
		rank[k] = i
	}
	slices.SortStableFunc(ns, func(a, b records.Notice) int {
		if c := a.Published.Compare(b.Published); c != 0 {
			return -c
		}
		if c := strings.Compare(a.Project.ID, b.Project.ID); c != 0 {
			return c
		}
		if c := cmp.Compare(rank[a.Kind], rank[b.Kind]); c != 0 {
			return -c
		}
		return -cmp.Compare(a.Index, b.Index)
	})
}

func (x *exporter) writeFeeds(dir string) error {
	all := x.notices()
	feedOrder(all)

	var byKind = map[records.NoticeKind][]records.Notice{}
	var byBody = map[string][]records.Notice{}
	for _, n := range all {
		byKind[n.Kind] = append(byKind[n.Kind], n)
		byBody[n.Project.Body] = append(byBody[n.Project.Body], n)
	}
	w := &feedWriter{x: x, dir: dir, entries: map[records.Notice][]byte{}}
	site := x.ds.Site.Title
	if err := w.write(links.FeedAll, site+" — 全部公告", links.Home, all); err != nil {
		return err
	}
	for _, k := range records.NoticeKinds {
		if err := w.write(links.Feed(k), site+" — "+k.Chinese(), links.NoticeList(k), byKind[k]); err != nil {
			return err
		}
	}
	for _, b := range x.ds.Bodies {
		if err := w.write(links.BodyFeed(b.ID), b.Name+" — 公告", links.Body(b.ID), byBody[b.ID]); err != nil {
			return err
		}
	}
	return nil
}

// feedWriter writes feeds, encoding each notice's entry once: every notice is in three feeds
// (all, its kind, its body), and with the full history that is most of the work.
type feedWriter struct {
	x       *exporter
	dir     string
	entries map[records.Notice][]byte
}

// write writes the current feed at self and its archives; ns are already newest first.
func (w *feedWriter) write(self, title, page string, ns []records.Notice) error {
	for _, d := range w.x.feedDocuments(self, title, page, ns) {
		// Its title and links, then its notices, make a document (aggregate.go).
		a := w.x.aggregate(fmt.Sprint(d.feed.Title, d.feed.Links))
		for _, n := range d.ns {
			a.add(n.Project.ID, string(n.Kind)+strconv.Itoa(n.Index))
		}
		if w.x.reuseFile(w.dir, d.path, a) {
			continue
		}
		var b bytes.Buffer
		b.WriteString(xml.Header)
		enc := xml.NewEncoder(&b)
		enc.Indent("", "  ")
		if err := enc.Encode(d.feed); err != nil {
			return fmt.Errorf("export: %s: %w", d.path, err)
		}
		// The entries go last, before </feed>, indented as the encoder indents children.
		doc := b.Bytes()
		end := bytes.LastIndex(doc, []byte("\n</feed>"))
		if end < 0 {
			return fmt.Errorf("export: %s: unexpected feed encoding", d.path)
		}
		var out bytes.Buffer
		out.Write(doc[:end])
		for _, n := range d.ns {
			e, err := w.entry(n)
			if err != nil {
				return fmt.Errorf("export: %s: %w", d.path, err)
			}
			out.WriteByte('\n')
			out.Write(e)
		}
		out.Write(doc[end:])
		out.WriteByte('\n')
		if err := writeFile(w.dir, d.path, out.Bytes()); err != nil {
			return err
		}
	}
	return nil
}

func (w *feedWriter) entry(n records.Notice) ([]byte, error) {
	if e, ok := w.entries[n]; ok {
		return e, nil
	}
	var b bytes.Buffer
	enc := xml.NewEncoder(&b)
	enc.Indent("  ", "  ")
	if err := enc.EncodeElement(w.x.entry(n), xml.StartElement{Name: xml.Name{Local: "entry"}}); err != nil {
		return nil, err
	}
	if err := enc.Flush(); err != nil {
		return nil, err
	}
	w.entries[n] = b.Bytes()
	return b.Bytes(), nil
}

// feedDocument is one Atom document: the feed's own elements, then the entries of ns.
type feedDocument struct {
	path string
	feed *AtomFeed
	ns   []records.Notice // newest first
}

// feedDocuments is the current feed (first) and its archives, oldest first; ns newest first.
func (x *exporter) feedDocuments(self, title, page string, ns []records.Notice) []feedDocument {
	archives := 0
	if len(ns) > 0 {
		archives = (len(ns) - 1) / FeedEntries
	}
	current := len(ns) - archives*FeedEntries
	docs := []feedDocument{{self, x.feed(self, self, title, page, ns[:current], archives), ns[:current]}}
	for a := 1; a <= archives; a++ {
		// Archive a holds the oldest notices a*FeedEntries back from the end of ns.
		hi := len(ns) - (a-1)*FeedEntries
		path := links.FeedArchive(self, a)
		f := x.feed(path, self, title+fmt.Sprintf("（存档 %d）", a), page, ns[hi-FeedEntries:hi], a-1)
		f.Archive = &struct{}{}
		docs = append(docs, feedDocument{path, f, ns[hi-FeedEntries : hi]})
	}
	return docs
}

// feed builds one Atom document at path over ns, newest first; current is the feed's current
// document and prev the archive before this one (0: none).
func (x *exporter) feed(path, current, title, page string, ns []records.Notice, prev int) *AtomFeed {
	f := &AtomFeed{
		Lang:  "zh-CN",
		ID:    x.abs(path),
		Title: title,
		// An empty feed is as fresh as the build's data.
		Updated: x.asOf.Format(time.RFC3339),
		Author:  AtomPerson{Name: x.ds.Site.Publisher, URI: x.base + "/"},
		Links: []AtomLink{
			{Rel: "self", Type: "application/atom+xml", Href: x.abs(path)},
			{Rel: "alternate", Type: "text/html", Href: x.abs(page)},
		},
		Gen:    "Gongkai",
		Rights: x.ds.Site.License,
	}
	if path != current {
		f.Links = append(f.Links, AtomLink{Rel: "current", Type: "application/atom+xml", Href: x.abs(current)})
	}
	if prev > 0 {
		f.Links = append(f.Links, AtomLink{Rel: "prev-archive", Type: "application/atom+xml", Href: x.abs(links.FeedArchive(current, prev))})
	}
	if len(ns) > 0 {
		f.Updated = dayStart(ns[0].Published)
	}
	return f
}

func (x *exporter) entry(n records.Notice) AtomEntry {
	url := x.abs(links.Notice(n))
	title := "【" + n.Kind.Chinese() + "】" + n.Project.Title
	if n.Index > 0 {
		title += fmt.Sprintf("（第%d次）", n.Index)
	}
	return AtomEntry{
		ID:        url, // a notice's URL never changes once published
		Title:     title,
		Updated:   dayStart(n.Published),
		Published: dayStart(n.Published),
		Links: []AtomLink{
			{Rel: "alternate", Type: "text/html", Href: url},
			// The notice's OCDS release, inside the project's release package.
			{Rel: "related", Type: "application/json", Href: x.abs(links.OCDSReleasePackage(n.Project.ID)) + "#" + releaseID(x.ocid(n.Project), n)},
		},
		Category: &AtomCategory{Term: string(n.Kind), Label: n.Kind.Chinese()},
		Summary:  &AtomText{Type: "text", Text: x.summary(n)},
	}
}

// summary is one plain-text line with the facts a reader scans for.
func (x *exporter) summary(n records.Notice) string {
	p := n.Project
	parts := []string{"购买主体：" + x.bodyName(p.Body), "项目编号：" + p.ID, "发布日期：" + n.Published.Chinese()}
	wan := func(m records.Money) string { return m.Wan() + " 万元" }
	switch n.Kind {
	case records.KindIntention:
		parts = append(parts, "预算："+wan(p.Intention.Budget))
		if p.Intention.ExpectedMonth != "" {
			parts = append(parts, "预计采购月份："+p.Intention.ExpectedMonth)
		}
	case records.KindSingleSource:
		parts = append(parts, "拟定承接主体："+x.providerName(p.SingleSource.Provider))
		if !p.SingleSource.Ends.IsZero() {
			parts = append(parts, "公示截止："+p.SingleSource.Ends.Chinese())
		}
	case records.KindCall:
		parts = append(parts, "采购方式："+p.Call.Method)
		if p.Call.Ceiling > 0 {
			parts = append(parts, "最高限价："+wan(p.Call.Ceiling))
		} else {
			parts = append(parts, "预算："+wan(p.Budget))
		}
		if !p.Call.BidDeadline.IsZero() {
			parts = append(parts, "响应截止："+p.Call.BidDeadline.In(records.CST).Format("2006-01-02 15:04"))
		}
	case records.KindAmendment:
		a := p.Amendments[n.Index-1]
		for _, c := range a.Changes {
			field := c.Field
			if f, ok := records.CallFieldNamed(c.Field); ok {
				field = f.Label
			}
			parts = append(parts, "更正"+field+"："+strings.TrimSpace(c.From)+" → "+strings.TrimSpace(c.To))
		}
		if a.Reason != "" {
			parts = append(parts, "更正理由："+a.Reason)
		}
	case records.KindAward:
		var ws []string
		for _, w := range p.Award.Winners {
			ws = append(ws, x.providerName(w.Provider)+"（"+wan(w.Amount)+"）")
		}
		parts = append(parts, "中标（成交）："+strings.Join(ws, "、"))
	case records.KindContract:
		parts = append(parts, "承接主体："+x.providerName(p.Contract.Provider), "合同金额："+wan(p.Contract.Amount))
	case records.KindEvaluation:
		e := p.Evaluations[n.Index-1]
		parts = append(parts, e.Kind+"："+num(e.Score)+" 分，"+e.Grade)
	}
	return strings.Join(parts, "；")
}
