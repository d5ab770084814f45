// Package records is the typed model of every disclosure record under data/,
// loaded from YAML with each value's file:line:col kept for diagnostics.
//
// The yaml tags below are the data format clerks write (see README.md).
// A field tagged `yaml:"-"` is derived by the loader, never read from a file.
package records

import (
	"strconv"
	"strings"
	"sync"

	"github.com/gongkai/gongkai/generator/diag"
)

// Src is where a record came from: the position of its mapping and of each key's value.
type Src struct {
	Pos  diag.Pos
	Keys []KeyPos // in file order; the file is Pos.File
}

// KeyPos is where one key's value is. A plain value in a list (a date, a name) has no Src of its
// own: it is kept as its list's key with an item number, so checks can point at the exact item.
// Sixteen bytes: a record has a few of these where a map per record was once most of the
// dataset's memory.
type KeyPos struct {
	key          keyID // the yaml key, e.g. "amount"
	item         int32 // 0: the key's value; i+1: the list's item i
	line, column int32
}

// NewKeyPos is the position of key's value (item 0), or of item i-1 of the list it holds.
func NewKeyPos(key string, item, line, column int) KeyPos {
	return KeyPos{key: idOfKey(key), item: int32(item), line: int32(line), column: int32(column)}
}

// Key is the yaml key.
func (k KeyPos) Key() string { return keyName(k.key) }

// At is the position of key's value, or the record's own position when the key is absent. key
// may name a list item as key[i], e.g. "workdays[2]".
func (s Src) At(key string) diag.Pos {
	item := 0
	if strings.HasSuffix(key, "]") {
		if k, i, ok := strings.Cut(key, "["); ok {
			if n, err := strconv.Atoi(i[:len(i)-1]); err == nil && n >= 0 {
				key, item = k, n+1
			}
		}
	}
	if i := s.find(key, item); i >= 0 {
		k := s.Keys[i]
		return diag.Pos{File: s.Pos.File, Line: int(k.line), Column: int(k.column)}
	}
	return s.Pos
}

// Has reports whether the record's mapping holds key (its value may be empty).
func (s Src) Has(key string) bool { return s.find(key, 0) >= 0 }

// find is the index in s.Keys of key's item (0: the key's value), or -1.
func (s Src) find(key string, item int) int {
	if len(s.Keys) == 0 {
		return -1
	}
	id, ok := lookupKey(key)
	if !ok {
		return -1
	}
	for i, k := range s.Keys {
		if k.key == id && int(k.item) == item {
			return i
		}
	}
	return -1
}

// keyID numbers the yaml keys of the model (and any a test names), in the order first seen.
type keyID uint16

var keyIDs struct {
	sync.RWMutex
	names []string
	ids   map[string]keyID
}

// idOfKey is key's number, given it if new.
func idOfKey(key string) keyID {
	if id, ok := lookupKey(key); ok {
		return id
	}
	keyIDs.Lock()
	defer keyIDs.Unlock()
	if id, ok := keyIDs.ids[key]; ok {
		return id
	}
	if keyIDs.ids == nil {
		keyIDs.ids = map[string]keyID{}
	}
	if len(keyIDs.names) > 1<<16-1 {
		panic("records: more than 65,535 distinct yaml keys") // the model has a few hundred
	}
	id := keyID(len(keyIDs.names))
	keyIDs.names = append(keyIDs.names, key)
	keyIDs.ids[key] = id
	return id
}

func lookupKey(key string) (keyID, bool) {
	keyIDs.RLock()
	defer keyIDs.RUnlock()
	id, ok := keyIDs.ids[key]
	return id, ok
}

func keyName(id keyID) string {
	keyIDs.RLock()
	defer keyIDs.RUnlock()
	return keyIDs.names[id]
}

// Dataset is everything under data/, loaded and cross-checked. It is the one source of truth:
// the rules, the site and the exports read it; none of them re-reads a file.
type Dataset struct {
	Root      string        `yaml:"-"` // absolute site root (the folder holding data/)
	Site      *Site         `yaml:"-"` // data/site.yaml
	Bodies    []*Body       `yaml:"-"` // data/bodies.yaml, in file order
	Providers []*Provider   `yaml:"-"` // data/providers/*.yaml, sorted by credit code
	Catalogue *Catalogue    `yaml:"-"` // data/catalogue.yaml
	Budgets   []*BudgetYear `yaml:"-"` // data/budgets/*.yaml, sorted by year
	Calendars []*Calendar   `yaml:"-"` // data/calendar/*.yaml, sorted by year
	Projects  []*Project    `yaml:"-"` // data/projects/*/*.yaml, sorted by id
	Findings  []Finding     `yaml:"-"` // compliance findings, filled by package rules; sorted
	AsOf      Date          `yaml:"-"` // the build date the findings and visibility are judged against
	Index     Index         `yaml:"-"`

	// Disclosure is each body's on-time disclosure record per year, filled by package rules;
	// sorted by body, then year.
	Disclosure []BodyDisclosure `yaml:"-"`

	// History says where the stages' FirstSeen dates came from; nil until LoadHistory runs.
	History *History `yaml:"-"`
}

// Index resolves refs. Built by the loader; read-only afterwards.
type Index struct {
	Body       map[string]*Body
	Provider   map[string]*Provider      // by credit code
	Item       map[string]*CatalogueNode // by code, all three levels
	BudgetLine map[string]*BudgetLine
	Project    map[string]*Project
}

// Site is data/site.yaml.
type Site struct {
	Title     string `yaml:"title"`     // 示例市政府购买服务信息公开
	Publisher string `yaml:"publisher"` // 示例市财政局
	// PublisherCreditCode is the publisher's 统一社会信用代码 (optional): the uid of the OCDS
	// packages' publisher.
	PublisherCreditCode string         `yaml:"publisher_credit_code"`
	Region              string         `yaml:"region"`      // 示例市
	RegionCode          string         `yaml:"region_code"` // 6-digit administrative division code
	BaseURL             string         `yaml:"base_url"`
	OCIDPrefix          string         `yaml:"ocid_prefix"` // ocds- + 6 lowercase letters/digits
	Contact             Contact        `yaml:"contact"`
	License             string         `yaml:"license"` // licence name of the published data
	LicenseURL          string         `yaml:"license_url"`
	Language            string         `yaml:"language"`   // default language: zh-CN
	Thresholds          map[string]int `yaml:"thresholds"` // per-site override of a rule's threshold, by rule code
	// HistorySince is the day this repository became the publication record: stages that first
	// appear in its history before that day were imported, and keep their stated dates.
	HistorySince Date `yaml:"history_since"`
	// IDPattern numbers new projects (generator new project), e.g. SLS-{body}-{year}-{seq:03}.
	IDPattern string `yaml:"id_pattern"`
	// OpenTenderThreshold is the locality's 公开招标数额标准 for services: a single-source purchase
	// at or above it on the ground of a unique supplier must be publicly noticed first (实施条例
	// 第三十八条). Zero means DefaultOpenTenderThreshold.
	OpenTenderThreshold Money `yaml:"open_tender_threshold"`
	Src                 `yaml:"-"`
}

// DefaultOpenTenderThreshold is 200万元, the 公开招标数额标准 for services that the State Council's
// 政府集中采购目录及标准（2020年版）(国办发〔2019〕55号) sets, and the floor for local ones.
const DefaultOpenTenderThreshold Money = 2_000_000_00

// OpenTender is the site's 公开招标数额标准: its own, else the default.
func (s *Site) OpenTender() Money {
	if s == nil || s.OpenTenderThreshold == 0 {
		return DefaultOpenTenderThreshold
	}
	return s.OpenTenderThreshold
}

// Contact is public office contact data (never a personal mobile).
type Contact struct {
	Name    string `yaml:"name"`  // office or person, e.g. 社会组织管理科 王老师
	Phone   string `yaml:"phone"` // office phone, e.g. 0871-12345678
	Email   string `yaml:"email"`
	Address string `yaml:"address"`
	Src     `yaml:"-"`
}

// Body kinds (购买主体类型).
const (
	BodyAdministrative = "行政机关"
	BodyPublicInst     = "参照公务员法管理的事业单位"
	BodyMassOrg        = "群团组织"
)

// Body is a purchasing body (购买主体) in data/bodies.yaml.
type Body struct {
	ID         string  `yaml:"id"` // short, URL-safe: [a-z0-9-]
	Name       string  `yaml:"name"`
	Kind       string  `yaml:"kind"`
	Parent     string  `yaml:"parent"` // ref to a body id, optional
	CreditCode string  `yaml:"credit_code"`
	Contact    Contact `yaml:"contact"`
	Abbr       string  `yaml:"abbr"` // the body in project ids ({body} of site.yaml id_pattern); default: ID
	Src        `yaml:"-"`
}

// IDCode is what {body} of an id pattern stands for.
func (b *Body) IDCode() string {
	if b.Abbr != "" {
		return b.Abbr
	}
	return b.ID
}

// Provider kinds (承接主体类型).
const (
	ProviderAssociation = "社会团体"
	ProviderSocialOrg   = "民办非企业单位/社会服务机构"
	ProviderFoundation  = "基金会"
	ProviderCompany     = "企业"
	ProviderPublicInst  = "事业单位"
)

// Provider is a service provider (承接主体), data/providers/<credit_code>.yaml.
type Provider struct {
	CreditCode            string     `yaml:"credit_code"` // must equal the file name
	Name                  string     `yaml:"name"`
	Kind                  string     `yaml:"kind"`
	Grade                 string     `yaml:"grade"`            // 3A | 4A | 5A, social organisations only; optional
	InspectionYears       []int      `yaml:"inspection_years"` // years of passed annual inspection
	RegistrationAuthority string     `yaml:"registration_authority"`
	Address               string     `yaml:"address"`
	Sanctions             []Sanction `yaml:"sanctions"`
	Src                   `yaml:"-"`
}

// Sanction is a period a provider is barred or recorded as failing (不良记录).
type Sanction struct {
	From      Date   `yaml:"from"`
	To        Date   `yaml:"to"`
	Reason    string `yaml:"reason"`
	Document  string `yaml:"document"`   // decision document number
	DecidedBy string `yaml:"decided_by"` // body id or authority name
	Barred    bool   `yaml:"barred"`     // 取消承接资格: may not win an award dated in [From, To]
	Src       `yaml:"-"`
}

// Catalogue is the guidance catalogue (指导目录), data/catalogue.yaml: 类 → 款 → 项.
type Catalogue struct {
	Categories []*CatalogueNode `yaml:"categories"`
	Src        `yaml:"-"`
}

// CatalogueNode is one 类, 款 or 项.
type CatalogueNode struct {
	Code     string           `yaml:"code"` // A; A01; A0101 — each level extends its parent's code
	Name     string           `yaml:"name"`
	Excluded bool             `yaml:"excluded"` // must not be bought (应当由政府直接提供)
	Children []*CatalogueNode `yaml:"children"`
	Level    int              `yaml:"-"` // 1 类, 2 款, 3 项
	Parent   *CatalogueNode   `yaml:"-"`
	Src      `yaml:"-"`
}

// Funding sources (资金来源).
var FundingSources = []string{"一般公共预算", "政府性基金预算", "彩票公益金", "上级专项资金", "其他"}

// BudgetYear is data/budgets/<year>.yaml.
type BudgetYear struct {
	Year   int           `yaml:"year"`
	Bodies []*BodyBudget `yaml:"bodies"`
	Src    `yaml:"-"`
}

// BodyBudget is one body's lines in a budget year.
type BodyBudget struct {
	Body  string        `yaml:"body"`
	Lines []*BudgetLine `yaml:"lines"`
	Src   `yaml:"-"`
}

// BudgetLine is one service-purchase budget line.
type BudgetLine struct {
	ID     string `yaml:"id"` // unique across all years
	Name   string `yaml:"name"`
	Item   string `yaml:"item"` // catalogue code (项)
	Amount Money  `yaml:"amount"`
	Source string `yaml:"source"` // one of FundingSources
	Note   string `yaml:"note"`
	Year   int    `yaml:"-"`
	Body   string `yaml:"-"`
	Src    `yaml:"-"`
}

// Calendar is data/calendar/<year>.yaml: the official holiday schedule.
type Calendar struct {
	Year     int       `yaml:"year"`
	Source   string    `yaml:"source"` // the 国务院办公厅 notice it copies
	Holidays []Holiday `yaml:"holidays"`
	Workdays []Date    `yaml:"workdays"` // adjusted working days (调休上班), usually weekends
	Src      `yaml:"-"`
}

// Holiday is a run of days off.
type Holiday struct {
	Name string `yaml:"name"`
	From Date   `yaml:"from"`
	To   Date   `yaml:"to"`
	Src  `yaml:"-"`
}

// Purchase forms (购买形式).
var PurchaseForms = []string{"购买项目", "购买岗位"}

// LegalDoc is a document a project relies on.
type LegalDoc struct {
	Number string `yaml:"number"` // 云财教〔2017〕418号
	Title  string `yaml:"title"`
	Src    `yaml:"-"`
}

// Attachment is a file under data/attachments/.
type Attachment struct {
	Title string `yaml:"title"`
	Path  string `yaml:"path"` // relative to data/attachments/; may not leave it
	Src   `yaml:"-"`
}

// Project is one purchase project, data/projects/<year>/<id>.yaml, every stage in one file.
type Project struct {
	ID         string     `yaml:"id"` // 项目编号, unique across years, equals the file name, [A-Za-z0-9-]
	Title      string     `yaml:"title"`
	Body       string     `yaml:"body"`        // ref
	Item       string     `yaml:"item"`        // catalogue code (项), ref
	BudgetLine string     `yaml:"budget_line"` // ref
	Budget     Money      `yaml:"budget"`      // the amount this project may spend
	Funding    string     `yaml:"funding"`     // one of FundingSources
	Form       string     `yaml:"form"`        // one of PurchaseForms
	Summary    Markdown   `yaml:"summary"`     // 采购需求概况
	LegalBasis []LegalDoc `yaml:"legal_basis"`
	// IntentionExempt states why no 采购意向 is published: one of IntentionExemptions (财库〔2020〕10号).
	// A stated exemption is shown on the project page, and the intention-lead rule does not apply.
	IntentionExempt string `yaml:"intention_exempt"`

	Intention    *Intention          `yaml:"intention"`
	SingleSource *SingleSourceNotice `yaml:"single_source_notice"`
	Call         *Call               `yaml:"call"`
	Amendments   []*Amendment        `yaml:"amendments"`
	Award        *Award              `yaml:"award"`
	Contract     *Contract           `yaml:"contract"`
	Payments     []*Payment          `yaml:"payments"`
	Evaluations  []*Evaluation       `yaml:"evaluations"`
	Termination  *Termination        `yaml:"termination"`

	File string `yaml:"-"` // relative to the site root: data/projects/2025/SLS-2025-001.yaml
	Year int    `yaml:"-"` // the folder's year
	Src  `yaml:"-"`
}

// Intention is 采购意向.
type Intention struct {
	Published     Date     `yaml:"published"`
	ExpectedMonth string   `yaml:"expected_month"` // "2025-06"
	Demand        Markdown `yaml:"demand"`
	Budget        Money    `yaml:"budget"`
	FirstSeen     Date     `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src           `yaml:"-"`
}

// IntentionExemptions are the purchases 财库〔2020〕10号 exempts from publishing a 采购意向: small
// scattered purchases by 协议供货 or 定点采购 (since 财政部令第110号, 框架协议采购) and the 批量集中采购 a
// central purchasing agency organises.
var IntentionExemptions = []string{"协议供货", "定点采购", "框架协议采购", "批量集中采购"}

// Single-source grounds (政府采购法 第三十一条): only one supplier can provide it (第一项), an
// unforeseeable emergency (第二项), an addition to an earlier contract for consistency, at most
// 10% of it (第三项).
const (
	GroundUniqueSupplier = "唯一供应商"
	GroundEmergency      = "紧急情况"
	GroundAddition       = "添购"
)

// SingleSourceGrounds lists the grounds in the law's order.
var SingleSourceGrounds = []string{GroundUniqueSupplier, GroundEmergency, GroundAddition}

// SingleSourceNotice is 单一来源公示, required before a 单一来源 call at or above the 公开招标数额标准
// on the ground of a unique supplier (实施条例 第三十八条; see package rules).
type SingleSourceNotice struct {
	Published     Date     `yaml:"published"`
	Ends          Date     `yaml:"ends"`
	Provider      string   `yaml:"provider"` // ref (credit code)
	Reason        Markdown `yaml:"reason"`
	ExpertOpinion Markdown `yaml:"expert_opinion"`
	Experts       []string `yaml:"experts"` // names of the experts giving the opinion
	FirstSeen     Date     `yaml:"-"`       // first appearance in the repository history; see LoadHistory
	Src           `yaml:"-"`
}

// Procurement methods (采购方式).
const (
	MethodOpen         = "公开招标"
	MethodInvited      = "邀请招标"
	MethodNegotiation  = "竞争性谈判"
	MethodConsultation = "竞争性磋商"
	MethodSingleSource = "单一来源"
	MethodQuotation    = "询价"
	MethodOther        = "其他"
)

// Methods lists the procurement methods in the order the site shows them.
var Methods = []string{MethodOpen, MethodInvited, MethodNegotiation, MethodConsultation, MethodSingleSource, MethodQuotation, MethodOther}

// Call is 采购公告.
type Call struct {
	Published    Date   `yaml:"published"`
	Method       string `yaml:"method"`        // one of Methods
	MethodDetail string `yaml:"method_detail"` // required when Method is 其他
	// SingleSourceGround is why a 单一来源 call has one supplier: one of SingleSourceGrounds; empty
	// means GroundUniqueSupplier, the common case and the one that may require a notice.
	SingleSourceGround string       `yaml:"single_source_ground"`
	Approval           *Approval    `yaml:"approval"` // required for any method but 公开招标
	DocumentsFrom      Date         `yaml:"documents_from"`
	DocumentsTo        Date         `yaml:"documents_to"`
	DocumentsAt        string       `yaml:"documents_at"` // where documents are obtained
	BidDeadline        DateTime     `yaml:"bid_deadline"`
	Opening            Opening      `yaml:"opening"`
	Ceiling            Money        `yaml:"ceiling"`    // 最高限价; 0 = none stated
	Conditions         Markdown     `yaml:"conditions"` // 承接主体条件
	Service            Service      `yaml:"service"`
	Standard           Standard     `yaml:"standard"` // 绩效评价标准
	Consortium         bool         `yaml:"consortium"`
	Agency             *Agency      `yaml:"agency"`
	Contacts           []Contact    `yaml:"contacts"`
	Documents          []Attachment `yaml:"documents"`
	FirstSeen          Date         `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src                `yaml:"-"`
}

// Approval is the finance department's approval of a non-open method.
type Approval struct {
	Document string `yaml:"document"`
	Date     Date   `yaml:"date"`
	Src      `yaml:"-"`
}

// Opening is when and where bids are opened.
type Opening struct {
	Time  DateTime `yaml:"time"`
	Place string   `yaml:"place"`
	Src   `yaml:"-"`
}

// Service describes what is bought.
type Service struct {
	Scope    string `yaml:"scope"`
	Quantity string `yaml:"quantity"`
	Quality  string `yaml:"quality"`
	Period   Period `yaml:"period"`
	Place    string `yaml:"place"`
	Src      `yaml:"-"`
}

// Period is a service period.
type Period struct {
	From Date `yaml:"from"`
	To   Date `yaml:"to"`
	Src  `yaml:"-"`
}

// Standard is the performance-evaluation standard (绩效评价标准): text, indicators, or both.
type Standard struct {
	Text       Markdown    `yaml:"text"`
	Indicators []Indicator `yaml:"indicators"` // weights sum to 100 when given
	Src        `yaml:"-"`
}

// Indicator is one evaluation indicator.
type Indicator struct {
	Name        string `yaml:"name"`
	Weight      int    `yaml:"weight"`
	Description string `yaml:"description"`
	Src         `yaml:"-"`
}

// Agency is the procurement agency (代理机构).
type Agency struct {
	Name       string  `yaml:"name"`
	CreditCode string  `yaml:"credit_code"`
	Contact    Contact `yaml:"contact"`
	Src        `yaml:"-"`
}

// Amendment is 更正公告.
type Amendment struct {
	Published   Date     `yaml:"published"`
	Changes     []Change `yaml:"changes"`
	Reason      string   `yaml:"reason"`
	NewDeadline DateTime `yaml:"new_deadline"` // zero if the deadline did not move
	FirstSeen   Date     `yaml:"-"`            // first appearance in the repository history; see LoadHistory
	// after is the call in force once this correction applies (see CallAsOf); set by the
	// validator, which checks each change against the call before it. Nil until then, or when
	// the project has no call.
	after *Call
	Src   `yaml:"-"`
}

// Change is one corrected field of the call (see amend.go for the fields it may name).
type Change struct {
	Field string `yaml:"field"` // canonical path (opening.place) or Chinese label (开标地点)
	From  string `yaml:"from"`  // the value in force just before the correction
	To    string `yaml:"to"`
	Src   `yaml:"-"`
}

// Award is 中标/成交结果.
type Award struct {
	Decided   Date     `yaml:"decided"` // the buyer confirmed the winner
	Published Date     `yaml:"published"`
	Winners   []Winner `yaml:"winners"`
	Bids      int      `yaml:"bids"`    // number of bids received
	Experts   []string `yaml:"experts"` // evaluation committee (names only)
	Scores    []Score  `yaml:"scores"`
	AgencyFee Money    `yaml:"agency_fee"`
	FirstSeen Date     `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src       `yaml:"-"`
}

// Winner is one provider awarded, with its amount.
type Winner struct {
	Provider string `yaml:"provider"` // ref (credit code)
	Amount   Money  `yaml:"amount"`
	Src      `yaml:"-"`
}

// Score is a published bid score or rank.
type Score struct {
	Bidder string  `yaml:"bidder"` // name as published
	Score  float64 `yaml:"score"`
	Rank   int     `yaml:"rank"`
	Src    `yaml:"-"`
}

// Contract is 合同公告.
type Contract struct {
	Number        string      `yaml:"number"`
	Signed        Date        `yaml:"signed"`
	Published     Date        `yaml:"published"`
	Provider      string      `yaml:"provider"` // ref (credit code); the buyer is the project's body
	Amount        Money       `yaml:"amount"`
	Subject       string      `yaml:"subject"`
	Scope         string      `yaml:"scope"`
	Quantity      string      `yaml:"quantity"`
	Quality       string      `yaml:"quality"`
	Period        Period      `yaml:"period"`
	Place         string      `yaml:"place"`
	PaymentMethod string      `yaml:"payment_method"`
	Obligations   Markdown    `yaml:"obligations"` // rights and obligations
	Liability     Markdown    `yaml:"liability"`   // liability for breach
	Document      *Attachment `yaml:"document"`
	FirstSeen     Date        `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src           `yaml:"-"`
}

// Payment is one 经费兑付.
type Payment struct {
	Date   Date   `yaml:"date"`
	Amount Money  `yaml:"amount"`
	For    string `yaml:"for"` // milestone it pays for
	Src    `yaml:"-"`
}

// Evaluation kinds, evaluator kinds, grades and consequences.
var (
	EvaluationKinds = []string{"中期评估", "结项验收", "第三方评估"}
	EvaluatorKinds  = []string{"购买方", "服务对象", "第三方"}
	Grades          = []string{"优秀", "良好", "合格", "不合格"}
	Consequences    = []string{"整改意见", "暂停付款", "取消承接资格"}
)

// Evaluation is 绩效评价/验收.
type Evaluation struct {
	Kind        string           `yaml:"kind"`
	Date        Date             `yaml:"date"`
	Published   Date             `yaml:"published"`
	Evaluator   Evaluator        `yaml:"evaluator"`
	Score       float64          `yaml:"score"` // 0–100
	Grade       string           `yaml:"grade"`
	Indicators  []IndicatorScore `yaml:"indicators"`
	Findings    Markdown         `yaml:"findings"`
	Consequence *Consequence     `yaml:"consequence"`
	FirstSeen   Date             `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src         `yaml:"-"`
}

// Evaluator says who evaluated.
type Evaluator struct {
	Kind string `yaml:"kind"` // one of EvaluatorKinds
	Name string `yaml:"name"`
	Src  `yaml:"-"`
}

// IndicatorScore is a score against one of the call's indicators.
type IndicatorScore struct {
	Name   string  `yaml:"name"` // matches a call indicator name
	Weight int     `yaml:"weight"`
	Score  float64 `yaml:"score"`
	Src    `yaml:"-"`
}

// Consequence of a poor evaluation.
type Consequence struct {
	Kind   string `yaml:"kind"` // one of Consequences
	Detail string `yaml:"detail"`
	From   Date   `yaml:"from"` // period, for 取消承接资格
	To     Date   `yaml:"to"`
	Src    `yaml:"-"`
}

// Termination is 终止公告.
type Termination struct {
	Published Date     `yaml:"published"`
	Reason    Markdown `yaml:"reason"`
	FirstSeen Date     `yaml:"-"` // first appearance in the repository history; see LoadHistory
	Src       `yaml:"-"`
}

// Finding is one violated disclosure rule (see package rules). It never blocks the build.
type Finding struct {
	Rule     string // rule code, e.g. "result-notice"
	Source   string // legal source, e.g. 政府采购法实施条例 第四十三条
	Project  string // project id
	Body     string // body id
	Stage    string // notice kind it concerns (NoticeKind), "" if the project as a whole
	Index    int    // 1-based index for amendment/evaluation, 0 otherwise
	Year     int    // year the finding counts for (of the deadline, else of the project)
	Deadline Date   // zero when the rule has no date
	Actual   Date   // zero when nothing was published
	Delay    int    // how late, in the rule's unit (working or calendar days); 0 when not a delay
	Unit     string // "workday" | "day" | ""
	Missing  bool   // nothing published although the deadline passed
	Message  string // Chinese
	English  string
	Pos      diag.Pos // where in the data
}

// BodyDisclosure is a body's on-time disclosure record, as judged by package rules.
type BodyDisclosure struct {
	Body    string // body id
	Year    int
	Checked int // disclosures that had a deadline by AsOf
	OnTime  int // of those, published by the deadline
}
