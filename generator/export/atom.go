package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// FeedEntries caps each Atom feed: a feed tells readers what is new, the lists and the CSV hold
// the history.
const FeedEntries = 50

// Atom 1.0 (RFC 4287) documents.

const atomNS = "http://www.w3.org/2005/Atom"

// AtomFeed is an Atom feed document.
type AtomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  AtomPerson  `xml:"author"`
	Links   []AtomLink  `xml:"link"`
	Gen     string      `xml:"generator,omitempty"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []AtomEntry `xml:"entry"`
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
	sort.SliceStable(ns, func(i, j int) bool {
		a, b := ns[i], ns[j]
		if c := a.Published.Compare(b.Published); c != 0 {
			return c > 0
		}
		if a.Project.ID != b.Project.ID {
			return a.Project.ID < b.Project.ID
		}
		if rank[a.Kind] != rank[b.Kind] {
			return rank[a.Kind] > rank[b.Kind]
		}
		return a.Index > b.Index
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
	site := x.ds.Site.Title
	if err := x.writeFeed(dir, links.FeedAll, site+" — 全部公告", links.Home, all); err != nil {
		return err
	}
	for _, k := range records.NoticeKinds {
		if err := x.writeFeed(dir, links.Feed(k), site+" — "+k.Chinese(), links.NoticeList(k), byKind[k]); err != nil {
			return err
		}
	}
	for _, b := range x.ds.Bodies {
		if err := x.writeFeed(dir, links.BodyFeed(b.ID), b.Name+" — 公告", links.Body(b.ID), byBody[b.ID]); err != nil {
			return err
		}
	}
	return nil
}

// feed builds one Atom document over ns, which are already newest first.
func (x *exporter) feed(self, title, page string, ns []records.Notice) *AtomFeed {
	if len(ns) > FeedEntries {
		ns = ns[:FeedEntries]
	}
	f := &AtomFeed{
		Lang:  "zh-CN",
		ID:    x.abs(self),
		Title: title,
		// An empty feed is as fresh as the build's data.
		Updated: x.asOf.Format(time.RFC3339),
		Author:  AtomPerson{Name: x.ds.Site.Publisher, URI: x.base + "/"},
		Links: []AtomLink{
			{Rel: "self", Type: "application/atom+xml", Href: x.abs(self)},
			{Rel: "alternate", Type: "text/html", Href: x.abs(page)},
		},
		Gen:    "Gongkai",
		Rights: x.ds.Site.License,
	}
	if len(ns) > 0 {
		f.Updated = dayStart(ns[0].Published)
	}
	for _, n := range ns {
		f.Entries = append(f.Entries, x.entry(n))
	}
	return f
}

func (x *exporter) writeFeed(dir, self, title, page string, ns []records.Notice) error {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(x.feed(self, title, page, ns)); err != nil {
		return fmt.Errorf("export: %s: %w", self, err)
	}
	b.WriteByte('\n')
	return writeFile(dir, self, b.Bytes())
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
		Links:     []AtomLink{{Rel: "alternate", Type: "text/html", Href: url}},
		Category:  &AtomCategory{Term: string(n.Kind), Label: n.Kind.Chinese()},
		Summary:   &AtomText{Type: "text", Text: x.summary(n)},
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
		if r := p.Amendments[n.Index-1].Reason; r != "" {
			parts = append(parts, "更正理由："+r)
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
