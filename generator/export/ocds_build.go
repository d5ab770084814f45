package export

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"github.com/gongkai/gongkai/generator/figures"
	"github.com/gongkai/gongkai/generator/links"
	"github.com/gongkai/gongkai/generator/records"
)

// Procurement method mapping (records.Methods → OCDS method codelist: open, selective, limited,
// direct). The Chinese name always goes to procurementMethodDetails.
//
//   - 公开招标 → open: any supplier may bid.
//   - 邀请招标 → selective: only suppliers found qualified are invited to bid.
//   - 竞争性谈判, 竞争性磋商, 询价 → selective. On this site each runs through a published 采购公告
//     whose 承接主体条件 any supplier may answer; the buyer then negotiates, consults or asks for
//     quotes only with the qualified respondents. That is OCDS "selective" (the same choice the
//     EU→OCDS mapping makes for negotiated procedures with prior publication), not "limited"
//     (suppliers of the buyer's own choosing, with no public call).
//   - 单一来源 → direct: one provider, no competition.
//   - 其他 → no code. The method is whatever the finance department approved; guessing a code
//     would mislead, so only procurementMethodDetails ("其他：<method_detail>") is given.
var methodCodes = map[string]string{
	records.MethodOpen:         "open",
	records.MethodInvited:      "selective",
	records.MethodNegotiation:  "selective",
	records.MethodConsultation: "selective",
	records.MethodQuotation:    "selective",
	records.MethodSingleSource: "direct",
}

// Local ids inside one contracting process. A project has one award per winner and at most one
// contract, so fixed ids keep the compiled release's merge-by-id stable across releases.
const contractID = "contract-1"

func awardID(i int) string { return "award-" + strconv.Itoa(i+1) }

// releaseRole orders party roles the way the partyRole codelist lists them.
var roleOrder = []string{"buyer", "procuringEntity", "supplier", "tenderer", "payer", "payee"}

// process builds the releases of one project. A release lists the parties it refers to; as
// parties merge by id but parties[].roles is replaced wholesale when releases are compiled, each
// listed party carries every role it has had so far, not only this release's.
type process struct {
	x       *exporter
	p       *records.Project
	ocid    string
	order   []string
	parties map[string]*Organization
	roles   map[string]map[string]bool
	touched map[string]bool // parties the release being built refers to
	callRel string          // id of the latest release holding the call's values: the call's, then each correction's
}

// event is one release to build, with the date it sorts by.
type event struct {
	date  records.Date
	build func(*Release)
	id    string
	tag   string
}

// releaseID is the id of notice n's release in the process ocid; the feeds link it.
func releaseID(ocid string, n records.Notice) string {
	idx := n.Index
	if idx == 0 {
		idx = 1
	}
	return fmt.Sprintf("%s-%s-%d", ocid, n.Kind, idx)
}

// ocid is the project's Open Contracting ID.
func (x *exporter) ocid(p *records.Project) string { return x.ds.Site.OCIDPrefix + "-" + p.ID }

// releases builds the public releases of p, ordered by date (lifecycle order within a day).
func (x *exporter) releases(p *records.Project) []*Release {
	pr := &process{x: x, p: p, ocid: x.ocid(p), parties: map[string]*Organization{}, roles: map[string]map[string]bool{}, touched: map[string]bool{}}
	notices := p.Notices(x.ds.AsOf)
	var events []event
	for _, n := range notices {
		n := n
		e := event{date: n.Published, id: releaseID(pr.ocid, n)}
		switch n.Kind {
		case records.KindIntention:
			e.tag, e.build = "planning", pr.intention
		case records.KindSingleSource:
			e.tag, e.build = "planning", pr.singleSource
		case records.KindCall:
			e.tag, e.build = "tender", pr.call
			pr.callRel = e.id
		case records.KindAmendment:
			e.tag, e.build = "tenderAmendment", func(r *Release) { pr.amendment(r, n) }
		case records.KindAward:
			e.tag, e.build = "award", pr.award
		case records.KindContract:
			e.tag, e.build = "contract", pr.contract
		case records.KindEvaluation:
			e.tag, e.build = "implementation", func(r *Release) { pr.evaluation(r, n) }
		case records.KindTermination:
			e.tag, e.build = "tenderCancellation", pr.termination
		default:
			continue
		}
		events = append(events, e)
	}
	// Payments have no notice of their own: each is released on the day the payment rule makes
	// it public (figures.PaymentPublished), the same day the project page and the CSV show it.
	for _, pay := range figures.PublicPayments(p, x.ds.AsOf) {
		pay := pay
		events = append(events, event{
			date:  pay.Published,
			id:    fmt.Sprintf("%s-payment-%d", pr.ocid, pay.Index),
			tag:   "implementation",
			build: func(r *Release) { pr.payment(r, pay.Index-1, pay.Payment) },
		})
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].date.Before(events[j].date) })

	out := make([]*Release, 0, len(events))
	for _, e := range events {
		r := &Release{
			OCID:           pr.ocid,
			ID:             e.id,
			Date:           dayStart(e.date),
			Tag:            []string{e.tag},
			InitiationType: "tender",
			Language:       "zh",
			public:         e.date, // payments too are released on the day they become public
		}
		pr.addBuyer(r)
		e.build(r)
		r.Parties = pr.snapshot()
		out = append(out, r)
	}
	return out
}

// region is the site's administrative division as an OCDS address: its 6-digit code as the
// region, its name as the locality.
func (x *exporter) region() *Address {
	return &Address{Locality: x.ds.Site.Region, Region: x.ds.Site.RegionCode, CountryName: "中国"}
}

// --- parties ---

func partyID(creditCode, fallback string) string {
	if creditCode != "" {
		return schemeUSCI + "-" + creditCode
	}
	return fallback
}

// touch records roles for a party, adding it on first sight.
func (pr *process) touch(o Organization, roles ...string) OrgRef {
	if _, ok := pr.parties[o.ID]; !ok {
		c := o
		pr.parties[o.ID] = &c
		pr.order = append(pr.order, o.ID)
		pr.roles[o.ID] = map[string]bool{}
	}
	pr.touched[o.ID] = true
	for _, r := range roles {
		pr.roles[o.ID][r] = true
	}
	return OrgRef{ID: o.ID, Name: o.Name}
}

// snapshot is the parties the release refers to, in first-seen order, with their roles so far
// in codelist order; it starts the next release afresh.
func (pr *process) snapshot() []Organization {
	out := make([]Organization, 0, len(pr.touched))
	for _, id := range pr.order {
		if !pr.touched[id] {
			continue
		}
		o := *pr.parties[id]
		o.Roles = nil
		for _, r := range roleOrder {
			if pr.roles[id][r] {
				o.Roles = append(o.Roles, r)
			}
		}
		out = append(out, o)
	}
	pr.touched = map[string]bool{}
	return out
}

func contactPoint(c records.Contact) *ContactPoint {
	if c.Name == "" && c.Email == "" && c.Phone == "" {
		return nil
	}
	return &ContactPoint{Name: c.Name, Email: c.Email, Telephone: c.Phone}
}

func identifier(code, name string) *Identifier {
	if code == "" {
		return nil
	}
	return &Identifier{Scheme: schemeUSCI, ID: code, LegalName: name}
}

func (pr *process) address(street string) *Address {
	if street == "" {
		return nil
	}
	a := pr.x.region()
	a.StreetAddress = street
	return a
}

func (pr *process) bodyOrg() Organization {
	b := pr.x.body(pr.p.Body)
	if b == nil {
		return Organization{ID: "body-" + pr.p.Body, Name: pr.p.Body}
	}
	return Organization{
		Name:         b.Name,
		ID:           partyID(b.CreditCode, "body-"+b.ID),
		Identifier:   identifier(b.CreditCode, b.Name),
		Address:      pr.address(b.Contact.Address),
		ContactPoint: contactPoint(b.Contact),
	}
}

func (pr *process) providerOrg(code string) Organization {
	pv := pr.x.provider(code)
	if pv == nil {
		return Organization{ID: partyID(code, ""), Name: code, Identifier: identifier(code, "")}
	}
	return Organization{
		Name:       pv.Name,
		ID:         partyID(pv.CreditCode, ""),
		Identifier: identifier(pv.CreditCode, pv.Name),
		Address:    pr.address(pv.Address),
	}
}

// agency is the call's procurement agency, when the call is public and names one.
func (pr *process) agency() *records.Agency {
	c := pr.p.Call
	if c == nil || c.Agency == nil || c.Published.IsZero() || c.Published.After(pr.x.ds.AsOf) {
		return nil
	}
	return c.Agency
}

// addBuyer sets release.buyer. The body is also the procuring entity unless a public call names
// an agency (代理机构), which then manages the procedure.
func (pr *process) addBuyer(r *Release) {
	roles := []string{"buyer"}
	if pr.agency() == nil {
		roles = append(roles, "procuringEntity")
	}
	ref := pr.touch(pr.bodyOrg(), roles...)
	r.Buyer = &ref
}

func (pr *process) procuringEntity() *OrgRef {
	if a := pr.agency(); a != nil {
		ref := pr.touch(Organization{
			Name:         a.Name,
			ID:           partyID(a.CreditCode, "agency-1"),
			Identifier:   identifier(a.CreditCode, a.Name),
			ContactPoint: contactPoint(a.Contact),
		}, "procuringEntity")
		return &ref
	}
	ref := pr.touch(pr.bodyOrg())
	return &ref
}

// bidder resolves a bidder published by name in the award's scores: a known provider when the
// name matches one exactly, otherwise a party identified only by its position in the list.
func (pr *process) bidder(i int, name string) OrgRef {
	for _, pv := range pr.x.ds.Providers {
		if pv.Name == name {
			return pr.touch(pr.providerOrg(pv.CreditCode), "tenderer")
		}
	}
	return pr.touch(Organization{ID: fmt.Sprintf("tenderer-%d", i+1), Name: name}, "tenderer")
}

// --- common pieces ---

func (pr *process) money(m records.Money) *Value {
	return &Value{Amount: yuan(m), Currency: "CNY"}
}

func (pr *process) noticeDoc(n records.Notice, docType string) Document {
	id := "notice-" + string(n.Kind)
	title := n.Kind.Chinese()
	if n.Index > 0 {
		id += "-" + strconv.Itoa(n.Index)
		title += "（第" + strconv.Itoa(n.Index) + "次）"
	}
	return Document{
		ID:            id,
		DocumentType:  docType,
		Title:         title + "：" + pr.p.Title,
		URL:           pr.x.abs(links.Notice(n)),
		DatePublished: dayStart(n.Published),
		Format:        "text/html",
		Language:      "zh",
		Description:   pr.noticeFields(n), // see ocds_notice2020.go
	}
}

// notice is the project's public notice of kind k (index i), for documents.
func (pr *process) notice(k records.NoticeKind, i int, published records.Date) records.Notice {
	return records.Notice{Kind: k, Index: i, Published: published, Project: pr.p}
}

func (pr *process) attachmentDoc(id, docType string, a records.Attachment, published records.Date) Document {
	return Document{
		ID:            id,
		DocumentType:  docType,
		Title:         a.Title,
		URL:           pr.x.abs(links.Attachment(a.Path)),
		DatePublished: dayStart(published),
		Format:        mediaType(a.Path),
		Language:      "zh",
	}
}

// mediaType guesses an attachment's IANA media type from its extension; "" when unknown
// (documents[].format is optional).
func mediaType(path string) string {
	i := strings.LastIndexByte(path, '.')
	if i < 0 {
		return ""
	}
	switch strings.ToLower(path[i+1:]) {
	case "pdf":
		return "application/pdf"
	case "doc":
		return "application/msword"
	case "docx":
		return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	case "xls":
		return "application/vnd.ms-excel"
	case "xlsx":
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case "ofd":
		return "application/ofd"
	case "zip":
		return "application/zip"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "png":
		return "image/png"
	case "txt":
		return "text/plain"
	}
	return ""
}

// planning is the budget the project spends from.
func (pr *process) planning() *Planning {
	p := pr.p
	b := &Budget{
		ID:          p.BudgetLine,
		Amount:      pr.money(p.Budget),
		ProjectID:   p.BudgetLine,
		Description: strings.TrimSpace("资金来源：" + p.Funding),
	}
	if l := pr.x.ds.Index.BudgetLine[p.BudgetLine]; l != nil {
		b.Project = l.Name
		b.URI = pr.x.abs(links.Budgets(l.Year))
	}
	return &Planning{Rationale: pr.planningRationale(), Budget: b}
}

// tender is the tender section every pre-award release starts from.
func (pr *process) tender(status string) *Tender {
	p := pr.p
	t := &Tender{
		ID:                      p.ID,
		Title:                   p.Title,
		Description:             p.Summary.Source,
		Status:                  status,
		MainProcurementCategory: "services",
	}
	// Every service bought here is delivered within the site's administrative division.
	item := Item{ID: "1", Description: p.Title, DeliveryAddress: pr.x.region()}
	if p.Item != "" {
		c := &Classification{Scheme: schemeCatalogue, ID: p.Item, URI: pr.x.abs(links.Catalogue)}
		if n := pr.x.ds.Index.Item[p.Item]; n != nil {
			c.Description = n.Name
		}
		item.Classification = c
	}
	t.Items = []Item{item}
	return t
}

// --- one builder per notice kind ---

func (pr *process) intention(r *Release) {
	in := pr.p.Intention
	r.Planning = pr.planning()
	t := pr.tender("planning")
	if in.Demand.Source != "" {
		t.Description = in.Demand.Source
	}
	t.ProcuringEntity = pr.procuringEntity()
	budget := in.Budget
	if budget == 0 {
		budget = pr.p.Budget
	}
	t.Value = pr.money(budget)
	// The expected purchase month is when the procedure is planned to start.
	if d, err := records.ParseDate(in.ExpectedMonth + "-01"); err == nil {
		t.TenderPeriod = &Period{StartDate: dayStart(d)}
	}
	t.Documents = []Document{pr.noticeDoc(pr.notice(records.KindIntention, 0, in.Published), "plannedProcurementNotice")}
	r.Tender = t
}

// singleSource: the 单一来源公示 proposes a contracting process (tag planning, tender.status
// planned) to be run directly with one provider, who is therefore its only tenderer. The
// objection period is a milestone.
func (pr *process) singleSource(r *Release) {
	ss := pr.p.SingleSource
	r.Planning = pr.planning()
	t := pr.tender("planned")
	t.ProcuringEntity = pr.procuringEntity()
	t.ProcurementMethod = "direct"
	t.ProcurementMethodDetails = records.MethodSingleSource
	t.ProcurementMethodRationale = ss.Reason.Source
	if ss.Provider != "" {
		t.Tenderers = []OrgRef{pr.touch(pr.providerOrg(ss.Provider), "tenderer")}
	}
	if !ss.Ends.IsZero() {
		t.Milestones = []Milestone{{
			ID:          "single-source-notice-period",
			Title:       "单一来源公示期截止",
			Type:        "engagement",
			Description: "公示期内，任何单位和个人可对拟定的单一来源承接主体提出异议。",
			DueDate:     dayEnd(ss.Ends),
		}}
	}
	doc := pr.noticeDoc(pr.notice(records.KindSingleSource, 0, ss.Published), "plannedProcurementNotice")
	if ss.ExpertOpinion.Source != "" {
		doc.Description = "专家论证意见：" + ss.ExpertOpinion.Source
	}
	t.Documents = []Document{doc}
	r.Tender = t
}

// call: the call release carries the call as first published; each correction's release then
// carries the fields it changed (amendment), so the compiled release holds the call in force.
func (pr *process) call(r *Release) {
	r.Planning = pr.planning()
	r.Tender = pr.callTender(pr.p.Call)
}

// callTender is the tender section of call c: the call as published or as some correction left it.
func (pr *process) callTender(c *records.Call) *Tender {
	t := pr.tender("active")
	t.ProcuringEntity = pr.procuringEntity()
	if c.Ceiling > 0 {
		t.Value = pr.money(c.Ceiling)
	} else {
		t.Value = pr.money(pr.p.Budget)
	}
	t.ProcurementMethod = methodCodes[c.Method]
	t.ProcurementMethodDetails = c.Method
	if c.Method == records.MethodOther && c.MethodDetail != "" {
		t.ProcurementMethodDetails = c.Method + "：" + c.MethodDetail
	}
	var why []string
	if c.Method == records.MethodSingleSource && pr.p.SingleSource != nil && !pr.p.SingleSource.Published.After(pr.x.ds.AsOf) {
		why = append(why, pr.p.SingleSource.Reason.Source)
	}
	if a := c.Approval; a != nil && (a.Document != "" || !a.Date.IsZero()) {
		why = append(why, strings.TrimSpace("财政部门批准文件："+a.Document+" "+a.Date.String()))
	}
	t.ProcurementMethodRationale = strings.Join(why, "\n\n")
	if c.Service.Scope != "" {
		t.Items[0].Description = c.Service.Scope
	}
	start := c.DocumentsFrom
	if start.IsZero() {
		start = c.Published
	}
	t.TenderPeriod = &Period{StartDate: dayStart(start), EndDate: moment(c.BidDeadline)}
	t.EligibilityCriteria = c.Conditions.Source
	if c.DocumentsAt != "" {
		t.SubmissionMethodDetails = "采购文件获取地点：" + c.DocumentsAt
	}
	if p := c.Service.Period; !p.From.IsZero() || !p.To.IsZero() {
		t.ContractPeriod = &Period{StartDate: dayStart(p.From), EndDate: dayEnd(p.To)}
	}
	if !c.Opening.Time.IsZero() {
		t.Milestones = []Milestone{{
			ID:          "bid-opening",
			Title:       "开标",
			Type:        "assessment",
			Description: c.Opening.Place,
			DueDate:     moment(c.Opening.Time),
		}}
	}
	t.Documents = []Document{pr.noticeDoc(pr.notice(records.KindCall, 0, c.Published), "tenderNotice")}
	for i, a := range c.Documents {
		t.Documents = append(t.Documents, pr.attachmentDoc(fmt.Sprintf("call-document-%d", i+1), "biddingDocuments", a, c.Published))
	}
	t.Targets = standardMetrics(c.Standard)
	return t
}

// standardMetrics publishes the call's performance-evaluation standard (绩效评价标准) as
// metrics-extension targets: the text as one metric, each indicator with its weight.
func standardMetrics(s records.Standard) []Metric {
	var out []Metric
	if s.Text.Source != "" {
		out = append(out, Metric{ID: "standard", Title: "绩效评价标准", Description: s.Text.Source})
	}
	for i, in := range s.Indicators {
		out = append(out, Metric{
			ID:          fmt.Sprintf("indicator-%d", i+1),
			Title:       in.Name,
			Description: in.Description,
			Observations: []Observation{{
				ID:      "weight",
				Measure: jsonInt(in.Weight),
				Unit:    &Unit{Name: "权重（分）"},
			}},
		})
	}
	return out
}

func (pr *process) amendment(r *Release, n records.Notice) {
	a := pr.p.Amendments[n.Index-1]
	t := changedTender(pr.callTender(pr.p.CallAfter(n.Index-1)), pr.callTender(pr.p.CallAfter(n.Index)))
	t.ID, t.Status = pr.p.ID, "active"
	var changes []string
	for _, c := range a.Changes {
		field := c.Field
		if f, ok := records.CallFieldNamed(c.Field); ok {
			field = f.Label + "（" + f.Path + "）"
		}
		changes = append(changes, fmt.Sprintf("%s：%s → %s", field, strings.TrimSpace(c.From), strings.TrimSpace(c.To)))
	}
	t.Amendments = []Amendment{{
		ID:              fmt.Sprintf("amendment-%d", n.Index),
		Date:            dayStart(a.Published),
		Rationale:       a.Reason,
		Description:     strings.Join(changes, "\n"),
		AmendsReleaseID: pr.callRel, // the values before this correction: the call's or the previous correction's
		ReleaseID:       r.ID,
	}}
	pr.callRel = r.ID
	t.Documents = []Document{pr.noticeDoc(n, "tenderNotice")}
	r.Tender = t
}

// changedTender keeps of next only the fields that differ from prev: a release carries what
// changed, and the merge keeps the rest from the releases before it. The notice's own documents
// and amendments are the caller's.
func changedTender(prev, next *Tender) *Tender {
	out := &Tender{}
	pv, nv, ov := reflect.ValueOf(prev).Elem(), reflect.ValueOf(next).Elem(), reflect.ValueOf(out).Elem()
	for i := range nv.NumField() {
		switch nv.Type().Field(i).Name {
		case "Documents", "Amendments":
			continue
		}
		if !reflect.DeepEqual(pv.Field(i).Interface(), nv.Field(i).Interface()) {
			ov.Field(i).Set(nv.Field(i))
		}
	}
	return out
}

// award: one OCDS award per winner, so each carries its own amount. Bidders published by name in
// the scores become tenderers; the number of bids received is tender.numberOfTenderers.
func (pr *process) award(r *Release) {
	aw := pr.p.Award
	t := &Tender{ID: pr.p.ID, Status: "complete"}
	if len(aw.Winners) == 0 {
		t.Status = "unsuccessful" // a result notice that awards nobody (废标)
	}
	if aw.Bids > 0 {
		n := aw.Bids
		t.NumberOfTenderers = &n
	}
	seen := map[string]bool{}
	for i, s := range aw.Scores {
		ref := pr.bidder(i, s.Bidder)
		if !seen[ref.ID] {
			seen[ref.ID] = true
			t.Tenderers = append(t.Tenderers, ref)
		}
	}
	doc := pr.noticeDoc(pr.notice(records.KindAward, 0, aw.Published), "awardNotice")
	for i, w := range aw.Winners {
		sup := pr.touch(pr.providerOrg(w.Provider), "supplier", "tenderer")
		if !seen[sup.ID] {
			seen[sup.ID] = true
			t.Tenderers = append(t.Tenderers, sup)
		}
		r.Awards = append(r.Awards, Award{
			ID:        awardID(i),
			Title:     pr.p.Title,
			Status:    "active",
			Date:      dayStart(aw.Decided),
			Value:     pr.money(w.Amount),
			Suppliers: []OrgRef{sup},
			Documents: []Document{doc},
		})
	}
	r.Tender = t
}

// contractAwardID is the award whose supplier signed the contract.
func (pr *process) contractAwardID() string {
	if aw, c := pr.p.Award, pr.p.Contract; aw != nil && c != nil {
		for i, w := range aw.Winners {
			if w.Provider == c.Provider {
				return awardID(i)
			}
		}
	}
	return awardID(0)
}

func (pr *process) contract(r *Release) {
	c := pr.p.Contract
	if c.Provider != "" {
		pr.touch(pr.providerOrg(c.Provider), "supplier")
	}
	var desc []string
	for _, kv := range [][2]string{
		{"合同编号", c.Number}, {"服务范围", c.Scope}, {"服务数量", c.Quantity}, {"质量要求", c.Quality},
		{"服务地点", c.Place}, {"资金支付方式", c.PaymentMethod},
	} {
		if kv[1] != "" {
			desc = append(desc, kv[0]+"："+kv[1])
		}
	}
	k := Contract{
		ID:          contractID,
		AwardID:     pr.contractAwardID(),
		Title:       c.Subject,
		Description: joinLines(append(desc, contractClauses(c)...)...),
		Status:      "active",
		Value:       pr.money(c.Amount),
		DateSigned:  dayStart(c.Signed),
		Documents:   []Document{pr.noticeDoc(pr.notice(records.KindContract, 0, c.Published), "contractNotice")},
	}
	if k.Title == "" {
		k.Title = pr.p.Title
	}
	if p := c.Period; !p.From.IsZero() || !p.To.IsZero() {
		k.Period = &Period{StartDate: dayStart(p.From), EndDate: dayEnd(p.To)}
	}
	if c.Document != nil {
		k.Documents = append(k.Documents, pr.attachmentDoc("contract-text", "contractSigned", *c.Document, c.Published))
	}
	r.Contracts = []Contract{k}
}

func (pr *process) payment(r *Release, i int, pay *records.Payment) {
	c := pr.p.Contract
	payer := pr.touch(pr.bodyOrg(), "payer")
	tr := Transaction{
		ID:    fmt.Sprintf("payment-%d", i+1),
		Date:  dayStart(pay.Date),
		Value: pr.money(pay.Amount),
		Payer: &payer,
	}
	if c.Provider != "" {
		payee := pr.touch(pr.providerOrg(c.Provider), "payee")
		tr.Payee = &payee
	}
	r.Contracts = []Contract{{
		ID:             contractID,
		AwardID:        pr.contractAwardID(),
		Implementation: &Implementation{Transactions: []Transaction{tr}},
	}}
}

// evaluation publishes a 绩效评价 as a metrics-extension metric of the contract's implementation:
// the overall score and grade, and each indicator's score with its weight as dimensions.
func (pr *process) evaluation(r *Release, n records.Notice) {
	e := pr.p.Evaluations[n.Index-1]
	doc := pr.noticeDoc(n, "physicalProgressReport")
	if e.Kind == "结项验收" {
		doc.DocumentType = "completionCertificate"
	}
	var desc []string
	if e.Evaluator.Kind != "" || e.Evaluator.Name != "" {
		desc = append(desc, strings.TrimSpace("评价方："+e.Evaluator.Kind+" "+e.Evaluator.Name))
	}
	if !e.Date.IsZero() {
		desc = append(desc, "评价日期："+e.Date.String())
	}
	if e.Findings.Source != "" {
		desc = append(desc, "评价结论："+e.Findings.Source)
	}
	if cq := e.Consequence; cq != nil {
		s := "处理措施：" + cq.Kind
		if cq.Detail != "" {
			s += "，" + cq.Detail
		}
		if !cq.From.IsZero() || !cq.To.IsZero() {
			s += "（" + cq.From.String() + " 至 " + cq.To.String() + "）"
		}
		desc = append(desc, s)
	}
	m := Metric{
		ID:          fmt.Sprintf("evaluation-%d", n.Index),
		Title:       e.Kind,
		Description: strings.Join(desc, "\n"),
		Observations: []Observation{{
			ID:      "score",
			Measure: jsonFloat(e.Score),
			Unit:    &Unit{Name: "分"},
			Notes:   e.Grade,
		}},
	}
	if e.Grade != "" {
		m.Observations = append(m.Observations, Observation{ID: "grade", Measure: e.Grade})
	}
	for i, is := range e.Indicators {
		m.Observations = append(m.Observations, Observation{
			ID:         fmt.Sprintf("indicator-%d", i+1),
			Measure:    jsonFloat(is.Score),
			Unit:       &Unit{Name: "分"},
			Dimensions: map[string]string{"indicator": is.Name, "weight": strconv.Itoa(is.Weight)},
		})
	}
	if pr.p.Contract == nil {
		// No contract to attach the metric to (e.g. a 购买岗位 project): the release still says
		// that an evaluation was published, through its document on the tender.
		r.Tender = &Tender{ID: pr.p.ID, Documents: []Document{doc}}
		return
	}
	r.Contracts = []Contract{{
		ID:             contractID,
		AwardID:        pr.contractAwardID(),
		Implementation: &Implementation{Metrics: []Metric{m}, Documents: []Document{doc}},
	}}
}

func (pr *process) termination(r *Release) {
	tm := pr.p.Termination
	doc := pr.noticeDoc(pr.notice(records.KindTermination, 0, tm.Published), "tenderNotice")
	doc.Description = tm.Reason.Source
	r.Tender = &Tender{ID: pr.p.ID, Status: "cancelled", Documents: []Document{doc}}
}

// jsonInt and jsonFloat are exact JSON numbers for measures.
func jsonInt(i int) json.Number { return json.Number(strconv.Itoa(i)) }

func jsonFloat(f float64) json.Number { return json.Number(strconv.FormatFloat(f, 'f', -1, 64)) }
