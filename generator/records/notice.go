package records

import "fmt"

// NoticeKind names a kind of published notice. The values are stable: they appear in URLs.
type NoticeKind string

const (
	KindIntention    NoticeKind = "intention"     // 采购意向
	KindSingleSource NoticeKind = "single-source" // 单一来源公示
	KindCall         NoticeKind = "call"          // 采购公告
	KindAmendment    NoticeKind = "amendment"     // 更正公告
	KindAward        NoticeKind = "award"         // 结果公告
	KindContract     NoticeKind = "contract"      // 合同公告
	KindEvaluation   NoticeKind = "evaluation"    // 绩效评价
	KindTermination  NoticeKind = "termination"   // 终止公告
)

// NoticeKinds in lifecycle order.
var NoticeKinds = []NoticeKind{KindIntention, KindSingleSource, KindCall, KindAmendment, KindAward, KindContract, KindEvaluation, KindTermination}

var kindNames = map[NoticeKind][2]string{
	KindIntention:    {"采购意向", "Procurement intention"},
	KindSingleSource: {"单一来源公示", "Single-source notice"},
	KindCall:         {"采购公告", "Call for bids"},
	KindAmendment:    {"更正公告", "Correction notice"},
	KindAward:        {"结果公告", "Award notice"},
	KindContract:     {"合同公告", "Contract notice"},
	KindEvaluation:   {"绩效评价", "Performance evaluation"},
	KindTermination:  {"终止公告", "Termination notice"},
}

// Chinese is the kind's Chinese name, e.g. 结果公告.
func (k NoticeKind) Chinese() string { return kindNames[k][0] }

// English is the kind's English name.
func (k NoticeKind) English() string { return kindNames[k][1] }

// Notice is one published stage of a project: the unit a citizen links to.
type Notice struct {
	Kind      NoticeKind
	Index     int // 1-based for amendments and evaluations, 0 otherwise
	Published Date
	Project   *Project
}

// ID is stable and URL-safe: the project id, plus "-<n>" for list stages.
func (n Notice) ID() string {
	if n.Index > 0 {
		return fmt.Sprintf("%s-%d", n.Project.ID, n.Index)
	}
	return n.Project.ID
}

// Notices lists the project's published stages in lifecycle order. Stages dated after asOf are
// left out (they appear on the site on their date); a zero asOf keeps everything.
func (p *Project) Notices(asOf Date) []Notice {
	var out []Notice
	add := func(k NoticeKind, i int, d Date) {
		if d.IsZero() || (!asOf.IsZero() && d.After(asOf)) {
			return
		}
		out = append(out, Notice{Kind: k, Index: i, Published: d, Project: p})
	}
	if p.Intention != nil {
		add(KindIntention, 0, p.Intention.Published)
	}
	if p.SingleSource != nil {
		add(KindSingleSource, 0, p.SingleSource.Published)
	}
	if p.Call != nil {
		add(KindCall, 0, p.Call.Published)
	}
	for i, a := range p.Amendments {
		add(KindAmendment, i+1, a.Published)
	}
	if p.Award != nil {
		add(KindAward, 0, p.Award.Published)
	}
	if p.Contract != nil {
		add(KindContract, 0, p.Contract.Published)
	}
	for i, e := range p.Evaluations {
		add(KindEvaluation, i+1, e.Published)
	}
	if p.Termination != nil {
		add(KindTermination, 0, p.Termination.Published)
	}
	return out
}
